"""Wall time and peak memory of `cxm nightly`, against `cxm analyze` on the same corpus (the baseline), in one run.

For each corpus size:
- `cxm analyze` (baseline; skipped above `--analyze-max` conversations to save the night);
- `cxm nightly` first run into a new DuckDB store, per engine: local (one process), local with 2 worker
  processes, Ray with 2 actors;
- `cxm nightly` rerun over the same inputs (nothing new: every conversation skipped by its content hash).

The corpus is sample_data/ replicated with fresh ids (`benchmarks/pipeline/bench_pipeline.build_corpus`). Peak
memory is the largest RSS of any process of the run (parent or worker) from `resource.getrusage`; with Ray, the
actors run under Ray's raylet, not as children, so their peak is read from Ray's own processes (see the table note).

    python benchmarks/nightly/bench_nightly.py [--sizes 50,5000] [--engines local,local2,ray] [--out FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_SIZE = 50  # conversations in sample_data/

_spec = importlib.util.spec_from_file_location("bench_pipeline", ROOT / "benchmarks" / "pipeline" / "bench_pipeline.py")
bench_pipeline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_pipeline)


def timed(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MiB of the run's largest process, stdout) of one cxm command run as a grandchild."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", bench_pipeline._WRAPPER, *command], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    seconds = time.perf_counter() - started
    lines = done.stdout.strip().splitlines()
    return seconds, int(lines[-1]) / 1024, "\n".join(lines[:-1])


def actor_peaks(store: Path) -> str:
    """Peak RSS (MiB) of each Ray actor of the store's latest run, from the manifest it recorded."""
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        manifest = con.execute("SELECT manifest FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()[0]
    peaks = json.loads(manifest).get("engine", {}).get("actor_peak_rss_mib") or []
    return " + ".join(str(p) for p in peaks)


def cxm(*args: str) -> list[str]:
    return [sys.executable, "-m", "cxmaturity.cli", *args, "--quiet"]


ENGINES = {
    "local": ("local", []),
    "local2": ("local, 2 workers", ["--workers", "2"]),
    "ray": ("ray, 2 actors", ["--engine", "ray", "--ray-actors", "2"]),
}


def measure(size: int, work: Path, engines: list[str], analyze_max: int) -> Iterator[dict]:
    """The runs for one corpus size, each row as soon as it is measured (a long run can be stopped early)."""
    corpus = work / f"corpus-{size}"
    copies = max(1, round(size / SAMPLE_SIZE))
    n = bench_pipeline.build_corpus(corpus, copies)
    if n <= analyze_max:
        seconds, peak, _ = timed(cxm("analyze", str(corpus), "--out", str(work / f"analyze-{size}")))
        yield {"size": n, "run": "cxm analyze (baseline)", "seconds": seconds, "peak_mib": peak}
    for key in engines:
        name, options = ENGINES[key]
        store = work / f"store-{size}-{key}.duckdb"
        seconds, peak, out = timed(cxm("nightly", str(corpus), "--store", str(store), *options))
        first = json.loads(out.splitlines()[-1])
        yield {
            "size": n,
            "run": f"cxm nightly, first run ({name})",
            "seconds": seconds,
            "peak_mib": peak,
            "added": first["conversations_added"],
            "actors": actor_peaks(store),
        }
        seconds, peak, out = timed(cxm("nightly", str(corpus), "--store", str(store), *options))
        again = json.loads(out.splitlines()[-1])
        yield {
            "size": n,
            "run": f"cxm nightly, rerun, nothing new ({name})",
            "seconds": seconds,
            "peak_mib": peak,
            "added": again["conversations_added"],
            "actors": actor_peaks(store),
        }


def write_results(rows: list[dict], out: Path) -> None:
    lines = [
        "# `cxm nightly`: wall time and peak memory",
        "",
        "Written by `benchmarks/nightly/bench_nightly.py` (one run). The corpus is sample_data/ replicated with fresh",
        "ids. Ratio: wall time against `cxm analyze` on the same corpus where it ran (the baseline), else against the",
        "local first nightly run. Peak memory: the largest process of the run (with Ray, the driver), and each Ray",
        "actor's own peak as it reported it to the run's manifest (Ray's own processes are not counted).",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, 2 cores.",
        "",
        "| conversations | run | wall s | conversations/s | peak MiB | Ray actors' peak MiB | added | ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in sorted({r["size"] for r in rows}):
        mine = [r for r in rows if r["size"] == size]
        base = next((r for r in mine if "baseline" in r["run"]), None) or next(r for r in mine if "first" in r["run"])
        for r in mine:
            rate = size / r["seconds"] if "rerun" not in r["run"] else 0.0
            lines.append(
                f"| {size} | {r['run']} | {r['seconds']:.1f} | {rate:.1f} | {r['peak_mib']:.0f} | "
                f"{r.get('actors', '')} | {r.get('added', '')} | {r['seconds'] / base['seconds']:.2f} |"
            )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,5000", help="corpus sizes in conversations, comma-separated")
    parser.add_argument(
        "--engines",
        default="local,ray",
        help="comma-separated among local, local2 (2 worker processes), ray (2 actors)",
    )
    parser.add_argument("--analyze-max", type=int, default=1000, help="largest corpus the analyze baseline runs on")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("RESULTS.md"))
    args = parser.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="cxm-bench-nightly-") as work:
        for size in (int(s) for s in args.sizes.split(",")):
            for row in measure(size, Path(work), args.engines.split(","), args.analyze_max):
                rows.append(row)
                write_results(rows, args.out)


if __name__ == "__main__":
    main()
