"""CSAT and churn evaluation, written to benchmarks/predict/RESULTS.md.

CSAT: trains on USS (../shared/data/uss) with the seeded per-sub-corpus 20% dialogue hold-out
(exactly what `cxm train csat` does) and reports the paper's metrics per sub-corpus next to the
published figures and a majority-class baseline, plus Brier scores and a reliability table.
Churn: no public labels exist; the retraining path is evaluated on a SYNTHETIC labelled set.

    /work/venv/bin/python benchmarks/predict/evaluate.py [--data ../shared/data] [--out models]
    (--from-meta reuses models/csat/meta.json instead of retraining)
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from cxmaturity.predict.synthetic import make_synthetic_churn_set
from cxmaturity.predict.training import train_churn, train_csat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# Best published figure per column (LR/SVM/XGBoost/GRU/HiGRU/BERT), from ../shared/data/README.md.
PUBLISHED = {
    "SGD": {"uar": 0.293, "kappa": 0.118, "rho": 0.477},
    "MWOZ": {"uar": 0.256, "kappa": 0.143, "rho": 0.886},
    "ReDial": {"uar": 0.261, "kappa": 0.122, "rho": 0.441},
    "CCPE": {"uar": 0.237, "kappa": 0.167, "rho": 0.891},
}
PAPER_NAMES = {"MWOZ": "MultiWOZ"}


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None or value != value:  # NaN
        return "n/a"
    return f"{value:.{digits}f}"


def _reliability(rows: list[dict]) -> list[str]:
    lines = ["| bin | calls | mean predicted | observed |", "|---|---:|---:|---:|"]
    lines += [f"| {r['bin']} | {r['n']} | {_fmt(r['mean_predicted'])} | {_fmt(r['observed'])} |" for r in rows]
    return lines


def csat_section(meta: dict, seconds: float | None) -> list[str]:
    m = meta["metrics"]
    data = meta["data"]
    lines = [
        "## CSAT: USS satisfaction prediction (held-out dialogues)",
        "",
        f"Task as in Sun et al. (SIGIR 2021): predict a USER turn's 1-5 rating from the dialogue before it. "
        f"Label: {data['label']}. Split: {data['split']} (seed {meta['seed']}): "
        f"{data['n_train_dialogues']} training / {data['n_test_dialogues']} held-out dialogues, "
        f"{data['n_train_examples']} / {data['n_test_examples']} rated turns. "
        f"The paper instead reports 10-fold cross-validation and the released data here lacks its first fold, "
        f"so the figures are comparable in task and metric, not in split.",
        "",
        f"Model: {meta['estimator']}, one model pooled over the four sub-corpora, over the "
        f"{len(meta['features'])} named features of `cxmaturity.predict.features` (signals, text, lexicon sentiment, "
        f"embedding similarities) and {len(meta.get('embedding_blocks', []))} text-embedding blocks of "
        f"{meta.get('embedding_dim', 384)} dimensions ({', '.join(meta.get('embedding_blocks', []))}) from the frozen "
        f"sentence encoder `{meta.get('encoder', {}).get('name', '?')}`. "
        f"Class decision for UAR/kappa/F1: {meta['decision_rule']}. "
        f"Model file: {_size(meta)}.",
        "",
        "rho: tie-corrected Spearman (scipy). rho (USS code): the formula of the paper's released code "
        "(first-position ranks, no-ties formula), which inflates rho on 5-point labels; it is the one to "
        "compare with the published rho. F1: dissatisfied (1-2) vs the rest; the README gives no published F1.",
        "",
        "| sub-corpus | system | UAR | kappa | rho | rho (USS code) | F1 dissatisfied | n |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for part in ("SGD", "MWOZ", "ReDial", "CCPE"):
        if part not in m:
            continue
        ours, base, pub = m[part]["model"], m[part]["majority_baseline"], PUBLISHED[part]
        name = PAPER_NAMES.get(part, part)
        lines.append(
            f"| {name} | **cxmaturity** | {_fmt(ours['uar'])} | {_fmt(ours['kappa'])} | {_fmt(ours['rho'])} | "
            f"{_fmt(ours['rho_as_published'])} | {_fmt(ours['f1_dissatisfied'])} | {ours['n']} |"
        )
        lines.append(
            f"| {name} | majority class | {_fmt(base['uar'])} | {_fmt(base['kappa'])} | {_fmt(base['rho'])} | "
            f"{_fmt(base['rho_as_published'])} | {_fmt(base['f1_dissatisfied'])} | {base['n']} |"
        )
        lines.append(f"| {name} | published best | {_fmt(pub['uar'])} | {_fmt(pub['kappa'])} | | {_fmt(pub['rho'])} | | |")
    overall = m["all"]["model"]
    lines += [
        f"| all | **cxmaturity** | {_fmt(overall['uar'])} | {_fmt(overall['kappa'])} | {_fmt(overall['rho'])} | "
        f"{_fmt(overall['rho_as_published'])} | {_fmt(overall['f1_dissatisfied'])} | {overall['n']} |",
        "",
        "### CSAT calibration (held-out)",
        "",
        "| sub-corpus | Brier 5-class | Brier 5-class, prior only | Brier dissatisfied | Brier dissatisfied, prior only | ECE dissatisfied | MAE of predicted_csat |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for part in ("SGD", "MWOZ", "ReDial", "CCPE", "all"):
        p = m[part]
        lines.append(
            f"| {PAPER_NAMES.get(part, part)} | {_fmt(p['brier_5class'])} | {_fmt(p['brier_5class_prior_only'])} | "
            f"{_fmt(p['brier_dissatisfied'])} | {_fmt(p['brier_dissatisfied_prior_only'])} | "
            f"{_fmt(p['ece_dissatisfied'])} | {_fmt(p['mae_expected_rating'])} |"
        )
    lines += ["", "Reliability of `csat_dissatisfied_proba` (all held-out turns):", ""]
    lines += _reliability(m["all"]["reliability_dissatisfied"])
    lines += ["", "Held-out label distribution (ratings 1-5): " + json.dumps(m["all"]["label_distribution"]), ""]
    if "predicted_csat_quantiles" in m["all"]:
        lines += [
            "### Spread of `predicted_csat` (held-out)",
            "",
            "`predicted_csat` is the expected rating mapped onto the rating scale by quantile matching on the "
            "training turns (see MODEL_CARD.md). The share below 2.5 is what the report counts as dissatisfied.",
            "",
            "| sub-corpus | 5% | 25% | median | 75% | 95% | share < 2.5 | observed share rated 1-2 | rho with rating |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for part in ("SGD", "MWOZ", "ReDial", "CCPE", "all"):
            p = m[part]
            q = p["predicted_csat_quantiles"]
            lines.append(
                f"| {PAPER_NAMES.get(part, part)} | {_fmt(q['0.05'], 2)} | {_fmt(q['0.25'], 2)} | {_fmt(q['0.5'], 2)} | "
                f"{_fmt(q['0.75'], 2)} | {_fmt(q['0.95'], 2)} | {_fmt(p['predicted_csat_below_2_5'])} | "
                f"{_fmt(p['observed_dissatisfied_share'])} | {_fmt(p['predicted_csat_rho'])} |"
            )
        lines.append("")
    if seconds is None:
        seconds = meta.get("training_seconds")
    if seconds is not None:
        lines += [f"Training + evaluation (encoding every USS turn once included) took {seconds:.0f} s on this machine (2 shared cores).", ""]
    return lines


def _size(meta: dict) -> str:
    path = ROOT / "models" / "csat" / "model.skops"
    if path.exists() and meta.get("files", {}).get("model.skops"):
        return f"{path.stat().st_size / 1e6:.2f} MB"
    return "see models/csat"


def churn_section(meta: dict) -> list[str]:
    m = meta["metrics"]
    lines = [
        "## Churn: SYNTHETIC labelled set (retraining path only)",
        "",
        "No public data set links contact-centre transcripts to later churn, so the shipped churn score is the "
        "transparent weighting in `models/churn/weights.yaml` (not fitted, not calibrated to any centre). The "
        "figures below are on a **synthetic** set from `cxmaturity.predict.synthetic` (calls drawn with correlated "
        "signals, outcomes from a known logistic model with different weights): they show that "
        "`cxm train churn --labels FILE` fits and calibrates, and say nothing about real customers.",
        "",
        f"Synthetic calls: {m['n_train']} training, {m['n_test']} held out (25%, stratified, seed {meta['seed']}); "
        f"churn rate {_fmt(m['base_rate'])}.",
        "",
        "| scorer | Brier | AUC |",
        "|---|---:|---:|",
        f"| retrained, calibrated (sigmoid, 5-fold) | {_fmt(m['brier'])} | {_fmt(m['auc'])} |",
        f"| shipped transparent weights | {_fmt(m['brier_transparent_weights'])} | {_fmt(m['auc_transparent_weights'])} |",
        f"| base rate only | {_fmt(m['brier_base_rate_only'])} | 0.500 |",
        "",
        f"Expected calibration error of the retrained model: {_fmt(m['ece'])}. Reliability (held-out synthetic calls):",
        "",
    ]
    return lines + _reliability(m["reliability"]) + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "models", help="models folder to write csat/ into")
    parser.add_argument("--from-meta", action="store_true", help="report models/csat/meta.json without retraining")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    seconds = None
    if args.from_meta:
        csat_meta = json.loads((args.out / "csat" / "meta.json").read_text())
    else:
        started = time.monotonic()
        csat_meta = train_csat(args.data, args.out / "csat", seed=args.seed)
        seconds = time.monotonic() - started
    with tempfile.TemporaryDirectory() as tmp:
        labels = Path(tmp) / "synthetic_labels.csv"
        make_synthetic_churn_set(n=4000, seed=args.seed).to_csv(labels, index=False)
        churn_meta = train_churn(None, Path(tmp) / "churn", seed=args.seed, labels=labels)

    lines = ["# Predict benchmarks", "", f"Generated by `benchmarks/predict/evaluate.py` on {csat_meta['trained_at']}.", ""]
    lines += csat_section(csat_meta, seconds) + churn_section(churn_meta)
    (HERE / "RESULTS.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
