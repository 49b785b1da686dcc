"""Call-level contact reason on 100 multi-turn calls written separately from the training openings.

The calls (`tests/classify/call_reasons.jsonl`) cover ten industries and five cases: the reason stated
plainly, after identity verification, told to a bot and repeated to the agent, after IVR menu words,
and calls that state no reason (expected `other`). They are run through the real classify stage on
the committed heads; the table gives accuracy per case and per industry, and every miss.

    .venv/bin/python benchmarks/classify/bench_call_reason.py [--out benchmarks/classify/CALL_REASONS.md]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CALLS = ROOT / "tests" / "classify" / "call_reasons.jsonl"


def main() -> None:
    from cxmaturity.classify.stage import ClassifyStage
    from cxmaturity.ingest.reader import read_path
    from cxmaturity.model import Conversation

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("CALL_REASONS.md"))
    args = parser.parse_args()
    calls = [c for c in read_path(CALLS) if isinstance(c, Conversation)]
    results = list(ClassifyStage().pipe(calls))
    right = [c.call["intent"] == c.metadata["expected_reason"] for c in results]
    lines = [
        "# Call-level contact reason on independent multi-turn calls",
        "",
        "Written by `benchmarks/classify/bench_call_reason.py` (one run, the committed heads in `models/intent`).",
        f"{len(results)} calls from `tests/classify/call_reasons.jsonl`, written separately from the training "
        "openings.",
        "",
        f"**Accuracy: {sum(right) / len(results):.2f}** ({sum(right)} of {len(results)})",
        "",
    ]
    for key, title in (("case", "case"), ("industry", "industry")):
        total = Counter(c.metadata[key] for c in results)
        hits = Counter(c.metadata[key] for c, ok in zip(results, right, strict=True) if ok)
        lines += [f"| {title} | calls | right | accuracy |", "|---|---|---|---|"]
        lines += [f"| {name} | {n} | {hits[name]} | {hits[name] / n:.2f} |" for name, n in sorted(total.items())]
        lines.append("")
    lines += [
        "Misses:",
        "",
        "| call | industry | case | expected | got (fine intent, confidence) |",
        "|---|---|---|---|---|",
    ]
    for c, ok in zip(results, right, strict=True):
        if not ok:
            lines.append(
                f"| {c.conversation_id} | {c.metadata['industry']} | {c.metadata['case']} | "
                f"{c.metadata['expected_reason']} | {c.call['intent']} ({c.call['intent_fine']}, "
                f"{c.call['intent_confidence']:.2f}) |"
            )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
