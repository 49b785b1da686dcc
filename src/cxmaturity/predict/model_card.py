"""MODEL_CARD.md of the call-level CSAT model, written from the meta.json training returns.

Generated, not hand-edited: retraining (`cxm train csat`, e.g. after the sentiment model changed)
rewrites the card with the figures the artifact next to it was evaluated with.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from cxmaturity.predict.csat import sentiment_saw_uss

PARTS = ("SGD", "MWOZ", "ReDial", "CCPE", "all")
PAPER_NAMES = {"MWOZ": "MultiWOZ", "all": "pooled"}
BASELINE_NAMES = {
    "sentiment_mean": "`sentiment_mean`",
    "customer_sentiment_end": "`customer_sentiment_end`",
}


def fmt(value: float | None, digits: int = 3) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:.{digits}f}"


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1024:.0f} KiB" if n_bytes < 1 << 20 else f"{n_bytes / (1 << 20):.2f} MiB"


def rho_table(metrics: dict[str, Any]) -> list[str]:
    """Spearman rho with the OVERALL rating: model vs both baselines, per sub-corpus and pooled."""
    lines = [
        (
            "| sub-corpus | n | **predicted_csat** | `sentiment_mean` | `customer_sentiment_end` | margin over the "
            "better baseline (95% CI) "
            "| predicted_csat vs majority | `sentiment_mean` vs majority | `customer_sentiment_end` vs majority |"
        ),
        "|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for part in PARTS:
        if part not in metrics:
            continue
        m = metrics[part]
        rho, major = m["rho"], m["rho_majority"]
        best = max(rho["sentiment_mean"], rho["customer_sentiment_end"])
        low, high = m["rho_margin_ci95"]
        lines.append(
            f"| {PAPER_NAMES.get(part, part)} | {m['n']} | **{fmt(rho['predicted_csat'])}** | "
            f"{fmt(rho['sentiment_mean'])} "
            f"| {fmt(rho['customer_sentiment_end'])} | {rho['predicted_csat'] - best:+.3f} ({low:+.3f} to {high:+.3f}) "
            f"| {fmt(major['predicted_csat'])} | {fmt(major['sentiment_mean'])} | "
            f"{fmt(major['customer_sentiment_end'])} |"
        )
    return lines


def calibration_table(metrics: dict[str, Any]) -> list[str]:
    lines = [
        (
            "| sub-corpus | dissatisfied calls | mean P(dissatisfied) | Brier | Brier, base rate | AUC | AUC "
            "`sentiment_mean` "
            "| MAE predicted_csat | MAE raw score | MAE training mean |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for part in PARTS:
        if part not in metrics:
            continue
        m = metrics[part]
        lines.append(
            f"| {PAPER_NAMES.get(part, part)} | {m['n_dissatisfied']} of {m['n']} | "
            f"{fmt(m['mean_dissatisfied_proba'])} "
            f"| {fmt(m['brier_dissatisfied'], 4)} | {fmt(m['brier_dissatisfied_base_rate'], 4)} | "
            f"{fmt(m['auc_dissatisfied'])} "
            f"| {fmt(m['auc_dissatisfied_by_baseline']['sentiment_mean'])} | {fmt(m['mae_predicted_csat'])} "
            f"| {fmt(m['mae_expected'])} | {fmt(m['mae_training_mean'])} |"
        )
    return lines


def reliability_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| P(dissatisfied) bin | calls | mean predicted | observed |",
        "|---|---:|---:|---:|",
    ]
    return lines + [f"| {r['bin']} | {r['n']} | {fmt(r['mean_predicted'])} | {fmt(r['observed'])} |" for r in rows]


def spread_table(metrics: dict[str, Any]) -> list[str]:
    lines = [
        "| sub-corpus | predicted_csat 5% / 25% / 50% / 75% / 95% | rating 5% / 25% / 50% / 75% / 95% | predicted < "
        "2.5 | rated < 2.5 |",
        "|---|---|---|---:|---:|",
    ]
    for part in PARTS:
        if part not in metrics:
            continue
        m = metrics[part]
        ours = " / ".join(fmt(v, 2) for v in m["predicted_csat_quantiles"].values())
        real = " / ".join(fmt(v, 2) for v in m["label_quantiles"].values())
        lines.append(
            f"| {PAPER_NAMES.get(part, part)} | {ours} | {real} | {fmt(m['predicted_csat_below_2_5'])} "
            f"| {fmt(m['observed_dissatisfied_share'])} |"
        )
    return lines


def selection_table(choice: dict[str, Any]) -> list[str]:
    lines = [
        "| candidate | settings | CV rho, mean over sub-corpora | SGD | MWOZ | ReDial | CCPE | pooled |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entry in choice["candidates"].items():
        rho = entry["cv_rho"]
        mark = f"**{name}** (chosen)" if name == choice["chosen"] else name
        settings = ", ".join(f"{k}={v}" for k, v in entry["settings"].items())
        lines.append(
            f"| {mark} | {settings} | {fmt(rho['mean_over_parts'])} | {fmt(rho.get('SGD'))} | {fmt(rho.get('MWOZ'))} "
            f"| {fmt(rho.get('ReDial'))} | {fmt(rho.get('CCPE'))} | {fmt(rho['all'])} |"
        )
    for name, rho in choice.get("baselines_rho", {}).items():
        lines.append(
            f"| baseline {BASELINE_NAMES.get(name, name)} | (no fitting) | {fmt(rho['mean_over_parts'])} | "
            f"{fmt(rho.get('SGD'))} "
            f"| {fmt(rho.get('MWOZ'))} | {fmt(rho.get('ReDial'))} | {fmt(rho.get('CCPE'))} | {fmt(rho['all'])} |"
        )
    return lines


def sentiment_caveat(meta: dict[str, Any]) -> list[str]:
    """Whether the sentiment head behind the features and the baselines saw USS labels: then every
    USS figure here is optimistic, the model's and the baselines' alike."""
    data = meta.get("sentiment_data") or []
    files = meta.get("upstream", {}).get("sentiment") or {}
    head = str(files.get("sentiment_head.skops") or next(iter(files.values()), "?"))[:12]
    if sentiment_saw_uss(data):
        return [
            (
                "- **Provisional figures.** The sentiment head these features and both baselines read "
                "(`models/sentiment`, "
                f"SHA-256 `{head}...`) was trained partly on USS user turns labelled from their ratings, held-out "
                "dialogues "
                "included, so on USS its sentiment is optimistic for the model and the baselines alike. Retrain after "
                "it is "
                "replaced by one that does not see USS (`cxm train csat`, then the benchmark)."
            ),
        ]
    return [
        (
            f"- The sentiment head these features and both baselines read (`models/sentiment`, SHA-256 `{head}...`) "
            "was "
            f"trained without USS ({'; '.join(data) or 'data not recorded'}), so no USS label reaches the model "
            "through it. "
            "The figures hold for that head: retrain (`cxm train csat`, then the benchmark) whenever it changes."
        ),
    ]


def _level_caveat(metrics: dict[str, Any]) -> list[str]:
    """Where the share of calls below 2.5 is far from the share rated below 2.5: one rating scale
    serves every population, so a population the model scores low as a whole gets too many."""
    off = [
        f"{PAPER_NAMES.get(part, part)} {fmt(m['predicted_csat_below_2_5'], 2)} vs "
        f"{fmt(m['observed_dissatisfied_share'], 2)}"
        for part, m in metrics.items()
        if part != "all" and m["predicted_csat_below_2_5"] > 2 * m["observed_dissatisfied_share"] + 0.02
    ]
    if not off:
        return []
    return [
        "- Ranking is what the model is for; levels are pooled. One rating scale serves every population, so where the",
        "  model scores a whole population low, too many of its calls fall below 2.5 (predicted vs rated: "
        f"{'; '.join(off)}).",
        "  Compare `predicted_csat` within a centre and over time rather than against a fixed threshold; for a rate of",
        "  dissatisfaction use the mean of `csat_dissatisfied_proba`.",
    ]


def csat_card(meta: dict[str, Any], artifact_bytes: int) -> str:
    data, metrics = meta["data"], meta["metrics"]
    overall = metrics["all"]
    seconds = meta.get("training_seconds")
    used = meta.get("features_used", [])
    unused = [f for f in meta["features"] if f not in used]
    lines = [
        "# Predicted CSAT, call level (`predicted_csat` 1..5, `csat_dissatisfied_proba` 0..1)",
        "",
        "## What it is",
        "A survey-free estimate of how the customer would rate the WHOLE conversation, written per call by the",
        "`predict` stage. A regressor estimates the call's mean rating (trained on the rating annotators gave each",
        "whole USS dialogue); from that one score:",
        "- `predicted_csat` = the score on the rating scale: a linear, strictly increasing map (`RatingScale`) that "
        "gives",
        "  out-of-fold training scores the mean and spread of the real ratings, clipped to 1..5. Calls rank exactly as",
        '  by the score; about as many land below 2.5 as real calls were rated below 2.5. Read it as "where this call',
        '  sits on the 1-5 scale", not as an average survey score; for a probability use `csat_dissatisfied_proba`.',
        "- `csat_dissatisfied_proba` = P(mean OVERALL rating < 2.5), i.e. the call would be rated 1-2: "
        f"{meta['calibration']}.",
        "",
        f"Artifact: `model.skops` ({_size(artifact_bytes)}): regressor, calibration and rating scale in one file whose",
        "SHA-256 `meta.json` records and every load checks. `meta.json` also records the feature list, the embedding "
        "blocks",
        "and the encoder (a model trained on other features is refused), the SHA-256 of the phrase lists it reads",
        "(`signals/phrases.yaml`: edited without retraining, the model is refused; retrain with `cxm train csat`), and",
        "the hashes of the sentiment head and the signals turn model it was trained behind (a mismatch logs a warning:",
        "retrain).",
        "",
        "## Data",
        '**User Satisfaction Simulation (USS)**, Sun et al., "Simulating User Satisfaction for the Evaluation of',
        'Task-oriented Dialogue Systems", SIGIR 2021: the English sub-corpora SGD, MWOZ (MultiWOZ 2.1), ReDial and '
        "CCPE,",
        "read in place from `../shared/data/uss/` (never copied into this repository). The release lacks the paper's "
        "first fold.",
        "",
        "**Licence:** the USS source repository has **no licence file** (a research release); the underlying corpora "
        "are",
        "CC BY / CC BY-SA / MIT. Check the terms before commercial use; the shipped artifact is a model fitted on it, "
        "not the data.",
        "",
        f"Input: {data['input']}. Label: {data['label']}. Dissatisfied: {data['dissatisfied']}.",
        (
            f"Split: {data['split']}, seed {meta['seed']}: {data['n_train_calls']} training calls "
            f"({data['n_train_dissatisfied']} dissatisfied), {data['n_test_calls']} held out."
        ),
        "",
        "## Features",
        "One function, `cxmaturity.predict.features.csat_feature_matrix`, at training and at prediction. Training runs "
        "the",
        "real `classify` and `signals` stages over every USS call with the settings of `pipelines/default.yaml`, so "
        "the",
        "features are computed from exactly what `cxm analyze` gives the `predict` stage:",
        "- customer sentiment trajectory from the classify stage's per-turn `sentiment_score` (first, last, end, mean, "
        "min,",
        "  max, spread, slope, change, share of negative / positive turns), the agent's sentiment, the call's mean;",
        "- end state: last speaker, the customer's last turn thanking or complaining, the agent's last turn "
        "apologising,",
        "  refusing or asking, lexicon (VADER) sentiment of the last turns;",
        "- call signals from the `signals` stage (resolved, escalation, transfers, holds, repeat after transfer, "
        "closing, ...);",
        '- effort: turn counts and lengths, the customer repeating themselves (word overlap, "as I said"), the agent',
        "  repeating, apology / inability / complaint / thanks phrase shares;",
        "- turn-embedding similarities (does each agent turn answer the customer turn before it; does the customer "
        "keep",
        "  saying the same thing) and the frozen MiniLM embeddings (`"
        + meta["encoder"].get("name", "?")
        + "`) of the customer's",
        "  turns averaged, the agent's turns averaged, the last customer turn and the last agent turn, each reduced by "
        "PCA.",
        "",
        f"{len(used)} of the {len(meta['features'])} named features vary in at least 1% of training calls and are "
        "used; the",
        "others are left out, because USS's text-only assistant dialogues never show them and a weight fitted on a "
        "handful",
        "of calls would dominate every contact-centre call in which they fire: "
        + (", ".join(f"`{f}`" for f in unused) or "none")
        + ".",
        "Kept features are clipped to their 0.1-99.9% training range.",
        "",
        "## Model",
        f"`{meta['estimator']}`, one model pooled over the four sub-corpora, chosen by "
        f"{meta['estimator_choice']['criterion']}:",
        "",
        *selection_table(meta["estimator_choice"]),
        "",
        "## Held-out evaluation",
        "Spearman rho (tie-corrected) of each score with the dialogue's OVERALL rating (annotators' mean; and their",
        "majority, ties to the lower). Baselines: the classify stage's call columns `sentiment_mean` (mean turn "
        "sentiment",
        "over the call) and `customer_sentiment_end` (the customer's last two turns). The margin is "
        "rho(predicted_csat) minus",
        "the better baseline's, with a paired-bootstrap 95% interval over calls.",
        "",
        *rho_table(metrics),
        "",
        "### Calibration of `csat_dissatisfied_proba` and error of `predicted_csat`",
        "",
        *calibration_table(metrics),
        "",
        f"Reliability (all held-out calls; expected calibration error {fmt(overall['ece_dissatisfied'])}):",
        "",
        *reliability_table(overall["reliability_dissatisfied"]),
        "",
        "Spread of `predicted_csat` against the real ratings (held out):",
        "",
        *spread_table(metrics),
        "",
        "## Caveats",
        *sentiment_caveat(meta),
        "- USS is task-oriented assistant dialogue (restaurants, trains, films, movie preferences), not contact-centre",
        "  calls: holds, transfers, wait complaints and bots never occur in it, and its low ratings are about the "
        "assistant",
        "  not understanding or not delivering, more than about anger at a business.",
        "- Pooled rho also rewards ranking the sub-corpora by their typical rating (CCPE is rated lower); the "
        "per-sub-corpus",
        "  figures are the ones to judge the model by.",
        "- Training does not run the `redact` stage over USS (it has little personal data); at serving time the text "
        "is",
        "  redacted, and the encoder reads placeholders as neutral words.",
        f"- Only {overall['n_dissatisfied']} held-out calls are dissatisfied, so the calibration figures are coarse.",
        *_level_caveat(metrics),
        "",
        "## Reproduce",
        "```",
        "cxm train csat                              # ../shared/data -> models/csat (this card included)",
        ".venv/bin/python benchmarks/predict/evaluate.py   # also the turn-level benchmark; writes RESULTS.md",
        "```",
        f"Trained {meta['trained_at']}"
        + (
            f" in {seconds:.0f} s on 2 shared cores, the classify pass over every USS call included."
            if seconds
            else "."
        ),
        "",
    ]
    return "\n".join(lines)


def write_csat_card(out_dir: Path, meta: dict[str, Any], artifact_bytes: int) -> Path:
    path = Path(out_dir) / "MODEL_CARD.md"
    path.write_text(csat_card(meta, artifact_bytes), encoding="utf-8")
    return path
