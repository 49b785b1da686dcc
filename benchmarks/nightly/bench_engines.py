"""`cxm analyze` on the local engine against the Ray engine (issue #16): wall time and memory.

Runs, on sample_data/ and on a generated corpus of N conversations (sample_data's 50
conversations replicated with fresh conversation and customer ids into one canonical JSONL):

- local, workers 1 (the baseline every ratio is against)
- local, workers 2
- ray, 2 actors (a private local Ray instance, started and shut down by the run)

Each run is its own `python` process (the driver), so nothing is shared between runs. Memory:

- driver peak RSS: the driver's own high-water mark, `resource.getrusage(RUSAGE_SELF).ru_maxrss`,
  read by the driver at the end of its run.
- actor peak RSS: each Ray actor's own `getrusage(RUSAGE_SELF)` high-water mark, which the
  engine records in manifest.json (`engine.actor_peak_rss_mib`); for local runs with workers,
  the largest worker, from the driver's `RUSAGE_CHILDREN` (the workers it reaped).
- whole-run peak PSS: this script samples, every 0.5 s, the proportional set size
  (/proc/PID/smaps_rollup) of the driver and every process descended from it (local workers;
  Ray's GCS, raylet, dashboard agents, read-task workers and actors) and keeps the largest
  sum. PSS shares a page between the processes that map it, so the torch libraries and Ray's
  object store are not counted once per process.

    python benchmarks/nightly/bench_engines.py [--n 5000] [--skip-sample] [--out FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = ROOT / "sample_data"

RUNS = (("local, workers 1", "local", 1), ("local, workers 2", "local", 2), ("ray, 2 actors", "ray", 2))


# ---------------------------------------------------------------- the corpus


def build_corpus(folder: Path, n: int) -> int:
    """n conversations: sample_data read once through ingest, replicated with fresh ids."""
    spec = importlib.util.spec_from_file_location(
        "bench_pipeline", ROOT / "benchmarks" / "pipeline" / "bench_pipeline.py"
    )
    bench_pipeline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_pipeline)
    return bench_pipeline.build_corpus(folder, copies=n, limit=n)


# ---------------------------------------------------------------- one run (the driver process)


def child(engine: str, size: int, corpus: str, out: str) -> None:
    """Run one analysis in this process and print what it measured as JSON on the last line."""
    import resource

    from cxmaturity.pipeline.config import load_pipeline
    from cxmaturity.pipeline.runner import RunOptions, analyze

    config = load_pipeline()
    started = time.perf_counter()
    if engine == "ray":
        from cxmaturity.pipeline.ray_engine import analyze_on_ray

        manifest = analyze_on_ray(config, [corpus], RunOptions(out_dir=Path(out)), actors=size)
        workers = manifest["engine"].get("actor_peak_rss_mib") or []
    else:
        manifest = analyze(config, [corpus], RunOptions(out_dir=Path(out), workers=size))
        reaped = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        workers = [reaped] if size > 1 else []
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "driver_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_peak_mib": max(workers) if workers else None,
                "conversations": manifest["totals"]["conversations_written"],
                "conversation_stages_s": manifest["timings"]["conversation_stages_s"],
            }
        )
    )


# ---------------------------------------------------------------- memory of a process tree


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mib(root: int) -> float:
    tree, total, todo = _children_of(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kib(pid)
        todo.extend(tree.get(pid, []))
    return total / 1024


def measure(engine: str, size: int, corpus: Path, out: Path) -> dict:
    command = [sys.executable, __file__, "--child", engine, str(size), str(corpus), str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss_mib(process.pid))
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{engine} run failed (exit {process.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["tree_peak_pss_mib"] = peak
    return result


# ---------------------------------------------------------------- the table


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def table(corpus_name: str, results: list[tuple[str, dict]]) -> list[str]:
    base = results[0][1]
    lines = [
        f"### {corpus_name}",
        "",
        (
            "| run | conversations | wall s | x local w1 | conv/s | driver peak RSS MiB | worker/actor peak RSS MiB "
            "| whole-run peak PSS MiB | PSS x local w1 |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results:
        lines.append(
            f"| {name} | {r['conversations']} | {r['seconds']:.1f} | {r['seconds'] / base['seconds']:.2f} "
            f"| {r['conversations'] / r['seconds']:.2f} | {_mib(r['driver_peak_mib'])} | {_mib(r['worker_peak_mib'])} "
            f"| {_mib(r['tree_peak_pss_mib'])} | {r['tree_peak_pss_mib'] / base['tree_peak_pss_mib']:.2f} |"
        )
    return lines + [""]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="conversations in the generated corpus (default 5000)")
    parser.add_argument("--skip-sample", action="store_true", help="only the generated corpus")
    parser.add_argument("--out", type=Path, default=None, help="also write the table to this Markdown file")
    args = parser.parse_args()
    lines = [
        "# `cxm analyze`: local engine vs Ray engine",
        "",
        (
            f"Machine: {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores. "
            "Default pipeline (all stages). Ratios are against local, workers 1. "
            f"Command: `python benchmarks/nightly/bench_engines.py --n {args.n}`."
        ),
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpora = [] if args.skip_sample else [("sample_data (50 conversations, 29 files)", SAMPLE_DATA)]
        build_corpus(tmp_path / "corpus", args.n)
        corpora.append((f"generated corpus ({args.n} conversations, one JSONL file)", tmp_path / "corpus"))
        for corpus_name, corpus in corpora:
            results = []
            for index, (name, engine, size) in enumerate(RUNS):
                result = measure(engine, size, corpus, tmp_path / f"out-{len(lines)}-{index}")
                print(f"{corpus_name}: {name}: {result['seconds']:.1f} s", file=sys.stderr, flush=True)
                results.append((name, result))
            lines += table(corpus_name, results)
    lines += [
        "Wall time is the whole run: model loading (once per worker or actor), Ray's start and",
        "shutdown for the Ray runs, the conversation stages, and the corpus stages on the driver.",
    ]
    print("\n".join(lines))
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
