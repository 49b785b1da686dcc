"""Held-out evaluation of the call-level CSAT model against the naive sentiment baselines.

The question a user of `predicted_csat` asks is whether it ranks calls by how the customer rated
them better than what the run already has for free. So every figure is a Spearman rho with the
dialogue's OVERALL rating (its annotators' mean, and their majority), per USS sub-corpus and
pooled, for the model and for the two baselines the classify stage writes on every call:
`sentiment_mean` (mean sentiment over the call) and `customer_sentiment_end` (the customer's last
turns). A paired bootstrap over calls gives an interval for the model's margin over the better
baseline. `csat_dissatisfied_proba` gets Brier (against the base rate), AUC and a reliability table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from cxmaturity.model import Conversation
from cxmaturity.predict import metrics
from cxmaturity.predict.csat import DISSATISFIED_BELOW, CsatPrediction

BASELINES = ("sentiment_mean", "customer_sentiment_end")
BOOTSTRAP_SAMPLES = 1000


def baseline_scores(conversations: Sequence[Conversation]) -> dict[str, np.ndarray]:
    """The baseline call columns; a call without one (no scored turn) counts as neutral, 0."""
    return {name: np.array([_or_neutral(c.call.get(name)) for c in conversations]) for name in BASELINES}


def _or_neutral(value: float | None) -> float:
    return 0.0 if value is None else float(value)


def _rho(labels: np.ndarray, scores: np.ndarray) -> float:
    return metrics.spearman_tie_corrected(labels.tolist(), scores.tolist())


def _margin_interval(labels: np.ndarray, ours: np.ndarray, baselines: dict[str, np.ndarray], seed: int) -> list[float]:
    """95% paired-bootstrap interval of rho(ours) - max over baselines of rho(baseline)."""
    rng = np.random.default_rng(seed)
    margins = []
    for _ in range(BOOTSTRAP_SAMPLES):
        sample = rng.integers(0, len(labels), len(labels))
        best = max(_rho(labels[sample], b[sample]) for b in baselines.values())
        margins.append(_rho(labels[sample], ours[sample]) - best)
    finite = np.asarray([m for m in margins if np.isfinite(m)])
    return [float(np.quantile(finite, 0.025)), float(np.quantile(finite, 0.975))] if len(finite) else [float("nan")] * 2


def _auc(outcomes: np.ndarray, scores: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(outcomes, scores)) if 0 < outcomes.sum() < len(outcomes) else float("nan")


def _group_metrics(
    mean: np.ndarray,
    majority: np.ndarray,
    prediction: CsatPrediction,
    baselines: dict[str, np.ndarray],
    base_rate: float,
    seed: int,
) -> dict[str, Any]:
    dissatisfied = mean < DISSATISFIED_BELOW
    rating = prediction.rating
    return {
        "n": len(mean),
        "n_dissatisfied": int(dissatisfied.sum()),
        "rho": {
            "predicted_csat": _rho(mean, rating),
            **{name: _rho(mean, b) for name, b in baselines.items()},
        },
        "rho_majority": {
            "predicted_csat": _rho(majority, rating),
            **{name: _rho(majority, b) for name, b in baselines.items()},
        },
        "rho_margin_ci95": _margin_interval(mean, rating, baselines, seed),
        "mae_expected": float(np.mean(np.abs(prediction.expected - mean))),
        "mae_predicted_csat": float(np.mean(np.abs(rating - mean))),
        "mae_training_mean": None,  # filled by the caller, which knows the training mean
        "brier_dissatisfied": metrics.binary_brier(dissatisfied, prediction.dissatisfied),
        "brier_dissatisfied_base_rate": metrics.binary_brier(dissatisfied, np.full(len(mean), base_rate)),
        "auc_dissatisfied": _auc(dissatisfied, prediction.dissatisfied),
        "auc_dissatisfied_by_baseline": {name: _auc(dissatisfied, -b) for name, b in baselines.items()},
        "mean_dissatisfied_proba": float(prediction.dissatisfied.mean()),
        "observed_dissatisfied_share": float(dissatisfied.mean()),
        "predicted_csat_below_2_5": float(np.mean(rating < 2.5)),
        "predicted_csat_quantiles": {
            q: float(np.quantile(rating, float(q))) for q in ("0.05", "0.25", "0.5", "0.75", "0.95")
        },
        "label_quantiles": {q: float(np.quantile(mean, float(q))) for q in ("0.05", "0.25", "0.5", "0.75", "0.95")},
    }


def call_level_metrics(
    mean: np.ndarray,
    majority: np.ndarray,
    parts: np.ndarray,
    prediction: CsatPrediction,
    baselines: dict[str, np.ndarray],
    seed: int,
    training_mean: float,
    base_rate: float,
) -> dict[str, Any]:
    """Figures per sub-corpus and pooled (`all`), plus the pooled reliability of P(dissatisfied).
    `training_mean` and `base_rate` (the training calls' mean rating and dissatisfied share) are
    the constant predictions the MAE and Brier are compared with."""
    out: dict[str, Any] = {}
    groups = {str(p): parts == p for p in sorted(set(parts.tolist()))} | {"all": np.ones(len(parts), dtype=bool)}
    for name, mask in groups.items():
        subset = CsatPrediction(
            prediction.expected[mask],
            prediction.rating[mask],
            prediction.dissatisfied[mask],
        )
        figures = _group_metrics(
            mean[mask],
            majority[mask],
            subset,
            {k: v[mask] for k, v in baselines.items()},
            base_rate,
            seed,
        )
        figures["mae_training_mean"] = float(np.mean(np.abs(mean[mask] - training_mean)))
        out[name] = figures
    dissatisfied = mean < DISSATISFIED_BELOW
    out["all"]["reliability_dissatisfied"] = metrics.reliability_table(dissatisfied, prediction.dissatisfied)
    out["all"]["ece_dissatisfied"] = metrics.expected_calibration_error(dissatisfied, prediction.dissatisfied)
    return out
