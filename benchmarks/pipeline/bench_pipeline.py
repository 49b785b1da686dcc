"""End-to-end throughput and memory of `cxm analyze`, in one run, against named baselines.

- scaling: the same corpus at 1x and 4x size; peak memory should stay nearly flat (the runner
  streams: chunks in, part files out), while wall time grows about linearly.
- workers: `--workers 2` against `--workers 1` (the baseline) on the 4x corpus.
- signals turn model: the default pipeline against a copy whose signals stage runs the phrase
  lists alone (`turn_model: false`), on the 4x corpus: what the turn classifiers cost end to end.

The corpus is sample_data/ replicated with fresh conversation ids (canonical JSONL), so every
stage does real work on realistic text. Peak memory is the maximum RSS of the
largest process of the run (the parent, or a worker), read from the kernel via `resource.getrusage`.

    python benchmarks/pipeline/bench_pipeline.py [--copies 4] [--out benchmarks/pipeline/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = ROOT / "sample_data"


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


# Runs cxm as its grandchild so each run's high-water mark is its own: RUSAGE_CHILDREN of this
# small wrapper covers exactly one `cxm analyze` and the workers it reaped.
_WRAPPER = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


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


def run(corpus: Path, out: Path, workers: int, pipeline: Path | None = None) -> dict:
    """One `cxm analyze`; wall seconds and the peak RSS of its largest process (parent or worker)."""
    command = [
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
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *command], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_kib = int(done.stdout.strip().splitlines()[-1])
    manifest = json.loads((out / "manifest.json").read_text())
    return {
        "seconds": seconds,
        "peak_mib": peak_kib / 1024,
        "conversations": manifest["totals"]["conversations_written"],
        "stages_s": manifest["timings"]["stages_s"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("RESULTS.md"))
    args = parser.parse_args()
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
    rate = lambda r: r["conversations"] / r["seconds"]  # noqa: E731
    lines = [
        "# `cxm analyze` throughput and memory",
        "",
        f"Machine: {platform.machine()}, {platform.python_version()}, "
        f"{__import__('os').cpu_count()} cores. Corpus: sample_data ({small} conversations) replicated "
        f"{args.copies}x ({large}); default pipeline (all stages). Command: "
        "`python benchmarks/pipeline/bench_pipeline.py`.",
        "",
        "| run | conversations | wall s | conversations/s | peak RSS MiB (largest process) |",
        "|---|---|---|---|---|",
        f"| 1x, workers 1 | {one['conversations']} | {one['seconds']:.1f} | {rate(one):.2f} | {one['peak_mib']:.0f} |",
        f"| {args.copies}x, workers 1 (baseline) | {many['conversations']} | {many['seconds']:.1f} | {rate(many):.2f} "
        "| "
        f"{many['peak_mib']:.0f} |",
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
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
