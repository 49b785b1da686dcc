"""Does the shipped CSAT model keep its held-out figures when the encoder pass runs in bfloat16? (Issue #17.)

    .venv/bin/python benchmarks/predict/csat_precision.py [--data ../shared/data]

The classify stage's `precision: auto` runs the encoder in bfloat16 on CPUs with native bfloat16, while every
model was trained on float32 embeddings (`analyse_calls` trains in float32 on any machine). This runs the
held-out USS dialogues of the shipped model's split through the classify and signals stages once per
precision, scores them with the committed `models/csat` unchanged, and reports Spearman rho with the
dialogues' mean OVERALL rating per sub-corpus and pooled, next to the `sentiment_mean` baseline of each pass.
Writes PRECISION.md beside this file.
"""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from cxmaturity.classify.encoder import native_bf16
from cxmaturity.modelstore import default_data_dir
from cxmaturity.predict.csat import load_csat_model
from cxmaturity.predict.training import analyse_calls
from cxmaturity.predict.uss import call_examples, load_uss, resolve_uss_dir, split_dialogues

HERE = Path(__file__).resolve().parent


def held_out_figures(data_dir: Path, precision: str, seed: int) -> dict[str, dict[str, float]]:
    """Rho of `predicted_csat` and of `sentiment_mean` with the rating, per sub-corpus and pooled."""
    dialogues = load_uss(resolve_uss_dir(data_dir))
    held_out = {(d.part, d.index) for d in split_dialogues(dialogues, seed=seed)[1]}
    calls = [c for c in call_examples(dialogues) if (c.part, c.dialogue) in held_out]
    analyse_calls(calls, precision=precision)
    model = load_csat_model()
    predicted = model.predict([c.conversation for c in calls]).rating
    mean_sentiment = np.array([c.conversation.call.get("sentiment_mean") or 0.0 for c in calls])
    rating = np.array([c.overall_mean for c in calls])
    parts = np.array([c.part for c in calls])
    out: dict[str, dict[str, float]] = {}
    for name in [*sorted(set(parts.tolist())), "all"]:
        mask = np.ones(len(parts), dtype=bool) if name == "all" else parts == name
        out[name] = {
            "csat": float(spearmanr(predicted[mask], rating[mask]).statistic),
            "sentiment_mean": float(spearmanr(mean_sentiment[mask], rating[mask]).statistic),
            "n": int(mask.sum()),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--seed", type=int, default=13, help="the split seed the shipped model was trained with")
    parser.add_argument("--out", type=Path, default=HERE / "PRECISION.md")
    args = parser.parse_args()
    figures = {precision: held_out_figures(args.data, precision, args.seed) for precision in ("fp32", "bf16")}
    lines = [
        "# Call-level CSAT with the encoder pass in bfloat16",
        "",
        "Written by `benchmarks/predict/csat_precision.py` (one run). The held-out USS dialogues of the shipped "
        "model's split, through the classify and signals stages with the encoder pass in float32 and in bfloat16, "
        "scored by the committed `models/csat` (trained on float32). Spearman rho with the mean OVERALL rating.",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, native bfloat16: "
        f"{'yes' if native_bf16() else 'no (bf16 emulated: same answers, slower)'}.",
        "",
        "| sub-corpus | calls | CSAT rho fp32 | CSAT rho bf16 | move "
        "| sentiment_mean rho fp32 | sentiment_mean rho bf16 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, full in figures["fp32"].items():
        half = figures["bf16"][name]
        lines.append(
            f"| {name} | {full['n']} | {full['csat']:.3f} | {half['csat']:.3f} | {half['csat'] - full['csat']:+.3f} | "
            f"{full['sentiment_mean']:.3f} | {half['sentiment_mean']:.3f} |"
        )
    args.out.write_text("\n".join([*lines, ""]), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
