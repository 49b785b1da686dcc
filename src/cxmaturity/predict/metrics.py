"""Evaluation metrics: the USS paper's (UAR, Cohen's kappa, Spearman rho, dissatisfied F1) and
calibration (Brier score, reliability table)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score, f1_score, recall_score


def uar(labels: Sequence[int], predictions: Sequence[int]) -> float:
    """Unweighted average recall over the five ratings; a rating absent from the labels counts 0,
    as in the paper's code."""
    return float(recall_score(labels, predictions, labels=[1, 2, 3, 4, 5], average="macro", zero_division=0))


def spearman_tie_corrected(labels: Sequence[int], predictions: Sequence[int]) -> float:
    """Spearman's rho with average ranks for ties (scipy); NaN when either side is constant."""
    if len(set(labels)) < 2 or len(set(predictions)) < 2:
        return float("nan")
    return float(spearmanr(labels, predictions).statistic)


def spearman_as_published(labels: Sequence[int], predictions: Sequence[int]) -> float:
    """Spearman's rho the way the USS code computes it: each value ranked by its FIRST position in
    the sorted list (ties share the lowest rank) and the no-ties formula 1 - 6*sum(d^2)/(n(n^2-1)).
    With five ordinal classes this is not the textbook rho (it is inflated), but it is the number
    the published figures are; we report it only to compare with them."""
    x, y = np.asarray(predictions), np.asarray(labels)
    n = len(x)
    if n < 2:
        return float("nan")

    def first_rank(values: np.ndarray) -> np.ndarray:
        ordered = np.sort(values)
        return np.searchsorted(ordered, values, side="left") + 1

    d = first_rank(x) - first_rank(y)
    return float(1.0 - 6.0 * np.sum(d.astype(float) ** 2) / (n * (n**2 - 1.0)))


def dissatisfied_f1(labels: Sequence[int], predictions: Sequence[int]) -> float:
    """F1 of "dissatisfied" (rating 1-2) against everything else."""
    y = np.asarray(labels) <= 2
    p = np.asarray(predictions) <= 2
    return float(f1_score(y, p, zero_division=0))


def paper_metrics(labels: Sequence[int], predictions: Sequence[int]) -> dict[str, float]:
    return {
        "uar": uar(labels, predictions),
        "kappa": float(cohen_kappa_score(labels, predictions)) if len(set(labels) | set(predictions)) > 1 else 0.0,
        "rho": spearman_tie_corrected(labels, predictions),
        "rho_as_published": spearman_as_published(labels, predictions),
        "f1_dissatisfied": dissatisfied_f1(labels, predictions),
        "n": int(len(labels)),
    }


def multiclass_brier(labels: Sequence[int], distribution: np.ndarray) -> float:
    """Mean over rows of sum_k (p_k - 1[label = k])^2, ratings 1..5 (0 perfect, 2 worst)."""
    onehot = np.zeros_like(distribution)
    onehot[np.arange(len(labels)), np.asarray(labels) - 1] = 1.0
    return float(np.mean(np.sum((distribution - onehot) ** 2, axis=1)))


class ReliabilityBin(TypedDict):
    """One row of `reliability_table`."""

    bin: str
    n: int
    mean_predicted: float
    observed: float


def binary_brier(outcomes: ArrayLike, probabilities: ArrayLike) -> float:
    y = np.asarray(outcomes, dtype=float)
    p = np.asarray(probabilities, dtype=float)
    return float(np.mean((p - y) ** 2))


def reliability_table(outcomes: ArrayLike, probabilities: ArrayLike, bins: int = 10) -> list[ReliabilityBin]:
    """Per equal-width probability bin: how many calls, mean predicted probability, observed rate."""
    y = np.asarray(outcomes, dtype=float)
    p = np.asarray(probabilities, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1], right=False), 0, bins - 1)
    rows: list[ReliabilityBin] = []
    for b in range(bins):
        mask = which == b
        if not mask.any():
            continue
        rows.append(
            {
                "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
                "n": int(mask.sum()),
                "mean_predicted": float(p[mask].mean()),
                "observed": float(y[mask].mean()),
            }
        )
    return rows


def expected_calibration_error(outcomes: ArrayLike, probabilities: ArrayLike, bins: int = 10) -> float:
    table = reliability_table(outcomes, probabilities, bins)
    total = sum(r["n"] for r in table)
    return float(sum(r["n"] * abs(r["mean_predicted"] - r["observed"]) for r in table) / max(total, 1))
