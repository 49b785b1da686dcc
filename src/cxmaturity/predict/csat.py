"""Predicted CSAT (1..5) from the 5-class distribution of the CSAT model.

The model gives P(rating = 1..5). Survey ratings are concentrated on one value (USS: 85% are
3), so the plain expected value of a calibrated distribution barely moves (2.9-3.2 for almost
every call) and a report that bins or thresholds it says nothing. `predicted_csat` is therefore
that expected value put on the RATING SCALE (`RatingScale`): a monotone map, fitted on the
training data, that sends the expected value to the rating at the same quantile of the training
labels. Calls rank exactly as by the expected value; a call lands below 2.5 when its expected
value is as low as that of the training turns' dissatisfied share (about 6%), above 3.5 when it
is as high as the satisfied share's. `csat_dissatisfied_proba` is the calibrated P(1) + P(2), and
`CsatPrediction.expected` keeps the plain expected value. Where a single rating is needed (the
benchmark's UAR/kappa), `decide` takes the class with the highest probability relative to its
training prior: without that correction a calibrated model almost always says "3".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cxmaturity.model import Conversation
from cxmaturity.modelstore import ModelIntegrityError, load_model, models_dir, read_meta, verify_file
from cxmaturity.predict.features import EMBEDDING_BLOCKS, ENCODER_NAME, FEATURE_NAMES, csat_feature_matrix

RATINGS = np.arange(1, 6)
MODEL_FILE = "model.skops"


@dataclass(frozen=True)
class RatingScale:
    """Monotone map from the model's expected rating to the 1..5 scale by quantile matching.

    `expected_quantiles[i]` is the i-th of evenly spaced quantiles of the expected rating over the
    training examples; `label_shares` the training share of each rating 1..5. A rating r counts
    as spread uniformly over [r - 0.5, r + 0.5], so the result is continuous, then clipped to 1..5.
    """

    expected_quantiles: tuple[float, ...]
    label_shares: tuple[float, ...]

    @classmethod
    def fit(cls, expected: np.ndarray, labels: np.ndarray, points: int = 201) -> "RatingScale":
        quantiles = np.quantile(np.asarray(expected, dtype=float), np.linspace(0.0, 1.0, points))
        shares = np.bincount(np.asarray(labels, dtype=int) - 1, minlength=5)[:5] / len(labels)
        return cls(tuple(float(q) for q in quantiles), tuple(float(x) for x in shares))

    def to_rating(self, expected: np.ndarray) -> np.ndarray:
        quantiles = np.asarray(self.expected_quantiles)
        levels = np.linspace(0.0, 1.0, len(quantiles))
        position = np.interp(np.asarray(expected, dtype=float), quantiles, levels, left=0.0, right=1.0)
        label_cdf = np.concatenate([[0.0], np.cumsum(self.label_shares)])
        label_cdf[-1] = 1.0
        scale = np.interp(position, label_cdf, np.arange(0.5, 6.0, 1.0))
        return np.clip(scale, 1.0, 5.0)


@dataclass
class CsatPrediction:
    distribution: np.ndarray  # (n, 5) P(rating = 1..5)
    expected: np.ndarray  # (n,) expected rating under `distribution`
    dissatisfied: np.ndarray  # (n,) P(rating <= 2)
    rating: np.ndarray  # (n,) `expected` on the rating scale: predicted_csat, 1..5


def summarise(distribution: np.ndarray, scale: RatingScale | None = None) -> CsatPrediction:
    """Normalise a distribution and derive its summaries (rating = expected without a scale)."""
    distribution = np.clip(distribution, 0.0, 1.0)
    distribution = distribution / distribution.sum(axis=1, keepdims=True)
    expected = distribution @ RATINGS
    rating = scale.to_rating(expected) if scale is not None else expected
    return CsatPrediction(distribution, expected, distribution[:, :2].sum(axis=1), rating)


def full_distribution(estimator: Any, matrix: np.ndarray) -> np.ndarray:
    """P(rating 1..5) with zero columns for ratings the estimator never saw."""
    proba = estimator.predict_proba(matrix)
    out = np.zeros((matrix.shape[0], 5))
    for column, rating in enumerate(estimator.classes_):
        out[:, int(rating) - 1] = proba[:, column]
    return out


def decide(distribution: np.ndarray, priors: Sequence[float]) -> np.ndarray:
    """One rating per row: argmax of P(rating) / prior(rating) (a balanced decision rule)."""
    priors = np.asarray(priors, dtype=float)
    safe = np.where(priors > 0, priors, np.inf)
    return (distribution / safe).argmax(axis=1) + 1


@dataclass
class CsatModel:
    """The trained CSAT estimator with its hash, the class priors and the rating scale of its
    training data."""

    estimator: Any
    sha256: str
    priors: list[float]
    directory: Path
    scale: RatingScale
    meta: dict[str, Any] = field(default_factory=dict)

    def predict_matrix(self, matrix: np.ndarray) -> CsatPrediction:
        return summarise(full_distribution(self.estimator, matrix), self.scale)

    def predict(self, conversations: Sequence[Conversation]) -> CsatPrediction:
        return self.predict_matrix(csat_feature_matrix(conversations))

    def info(self) -> dict[str, Any]:
        return {
            "csat_model": str(self.directory / MODEL_FILE),
            "csat_model_sha256": self.sha256,
            "csat_trained_at": self.meta.get("trained_at"),
        }


def load_csat_model(directory: Path | None = None) -> CsatModel:
    """Load `models/csat` after checking its hash and that it was trained on today's features."""
    directory = Path(directory) if directory else models_dir() / "csat"
    if not (directory / "meta.json").exists():
        raise FileNotFoundError(f"no CSAT model in {directory}: build it with `cxm train csat`")
    digest = verify_file(directory, MODEL_FILE)
    meta = read_meta(directory)
    same_features = (
        tuple(meta.get("features", ())) == FEATURE_NAMES
        and tuple(meta.get("embedding_blocks", ())) == EMBEDDING_BLOCKS
        and meta.get("encoder", {}).get("name") == ENCODER_NAME
    )
    if not same_features:
        raise ModelIntegrityError(
            f"{directory / MODEL_FILE}: trained on other features than this version computes; retrain with `cxm train csat`"
        )
    scale_spec = meta.get("rating_scale") or {}
    try:
        scale = RatingScale(tuple(scale_spec["expected_quantiles"]), tuple(scale_spec["label_shares"]))
    except (KeyError, TypeError) as exc:
        raise ModelIntegrityError(f"{directory / 'meta.json'}: no rating scale recorded; retrain with `cxm train csat`") from exc
    estimator = load_model(directory, MODEL_FILE)
    return CsatModel(estimator, digest, list(meta["priors"]), directory, scale, meta)
