"""What the `categories` and `scorecard` stages add to `cxm analyze` on long calls, in one run.

100 voice calls of 72 turns (turns of the signals benchmark's independent set, each call's text made distinct
so no cache hides work) go through the real conversation stages of the default pipeline: redact, classify,
signals, predict (the baseline), then categories and scorecard with the default rule files. The figure is
the two stages' time as a share of the baseline stages' time; the issue's budget is 5%.

    .venv/bin/python benchmarks/categories/bench_categories.py [--calls 100] [--out benchmarks/categories/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TURNS = ROOT / "benchmarks" / "signals" / "eval_turns.jsonl"


def main() -> None:
    from cxmaturity.categories.scorecard_stage import ScorecardStage
    from cxmaturity.categories.stage import CategoriesStage
    from cxmaturity.classify.stage import ClassifyStage
    from cxmaturity.model import Conversation, Turn
    from cxmaturity.predict.stage import PredictStage
    from cxmaturity.redact.stage import RedactStage
    from cxmaturity.signals.stage import SignalsStage

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("RESULTS.md"))
    args = parser.parse_args()
    rows = [json.loads(line) for line in TURNS.read_text(encoding="utf-8").splitlines() if line]
    voice = [r for r in rows if r["channel"] == "voice"][:72]
    calls = [
        Conversation(f"bench-{n}", [Turn(r["speaker"], f"{r['text']} (call {n})") for r in voice], channel="voice")
        for n in range(args.calls)
    ]
    stages = [
        ("redact", RedactStage()),
        ("classify", ClassifyStage()),
        ("signals", SignalsStage()),
        ("predict", PredictStage()),
        ("categories", CategoriesStage()),
        ("scorecard", ScorecardStage()),
    ]
    seconds: dict[str, float] = {}
    for name, stage in stages:
        started = time.perf_counter()
        calls = list(stage.pipe(calls))
        seconds[name] = time.perf_counter() - started
    baseline = sum(seconds[n] for n in ("redact", "classify", "signals", "predict"))
    added = seconds["categories"] + seconds["scorecard"]
    lines = [
        "# Categories and scorecard: what they add on long calls",
        "",
        f"Written by `benchmarks/categories/bench_categories.py` (one run). {args.calls} voice calls of "
        f"{len(voice)} turns; the default pipeline's conversation stages in order, default rule files. Model loading",
        "is not timed.",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, 2 cores.",
        "",
        "| stage | seconds |",
        "|---|---|",
        *[f"| {name} | {value:.2f} |" for name, value in seconds.items()],
        "",
        f"categories + scorecard: {added:.2f} s = **{100 * added / baseline:.2f}%** of the baseline stages "
        f"(redact, classify, signals, predict: {baseline:.1f} s); budget 5%.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
