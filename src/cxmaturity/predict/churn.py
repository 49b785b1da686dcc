"""Churn risk (0..1) per call: a transparent logistic score, or a model fitted on a centre's outcomes.

Churn features are read from call-level columns only (what `calls.parquet` holds), so the
same function scores the calls of a run in the `churn` corpus stage (`churn_stage.py`), rows as
`cxm nightly` lands them, and the training rows of `cxm train churn --labels FILE`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from cxmaturity.modelstore import ModelIntegrityError, load_model, models_dir, read_meta, verify_file

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_WEIGHTS = Path(__file__).with_name("churn_weights.yaml")
WEIGHTS_FILE = "weights.yaml"
MODEL_FILE = "model.skops"
MAX_TRANSFERS_COUNTED = 3
NEGATIVE_SCORE_THRESHOLD = -0.25
CHURN_FEATURES: tuple[str, ...] = (
    "cancellation_mention", "competitor_mention", "escalation_requested", "csat_dissatisfied_proba",
    "negative_sentiment_end", "unresolved", "repeat_contact_7d", "wait_complaint",
    "repeat_after_transfer", "transfers",
)  # fmt: skip

# Call columns `churn_features` reads (sentiment may come as either end column, or be absent).
CALL_COLUMNS: tuple[str, ...] = (
    "cancellation_mention", "competitor_mention", "escalation_requested", "csat_dissatisfied_proba",
    "resolved", "repeat_contact_7d", "wait_complaint", "repeat_after_transfer", "transfers",
)  # fmt: skip


def _flag(value: Any) -> float:
    """1.0 for a true flag; unknown (None/NA/NaN) counts as absent."""
    if value is None:
        return 0.0
    try:
        if isinstance(value, float) and math.isnan(value):
            return 0.0
        return 1.0 if bool(value) else 0.0
    except (TypeError, ValueError):  # pandas.NA
        return 0.0


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _negative_end(call: Mapping[str, Any]) -> float:
    score = _float(call.get("customer_sentiment_end"))
    if score is not None:
        return float(score <= NEGATIVE_SCORE_THRESHOLD)
    for key in ("customer_sentiment_end", "sentiment_end"):
        label = call.get(key)
        if isinstance(label, str):
            return float(label == "negative")
    score = _float(call.get("sentiment_end"))
    return float(score is not None and score <= NEGATIVE_SCORE_THRESHOLD)


def churn_features(call: Mapping[str, Any]) -> dict[str, float]:
    """Named churn features from a call's columns (a `calls.parquet` row or `Conversation.call`)."""
    resolved = call.get("resolved")
    transfers = _float(call.get("transfers")) or 0.0
    return {
        "cancellation_mention": _flag(call.get("cancellation_mention")),
        "competitor_mention": _flag(call.get("competitor_mention")),
        "escalation_requested": _flag(call.get("escalation_requested")),
        "csat_dissatisfied_proba": min(1.0, max(0.0, _float(call.get("csat_dissatisfied_proba")) or 0.0)),
        "negative_sentiment_end": _negative_end(call),
        "unresolved": float(_float(resolved) == 0.0),  # resolved False; unknown is not unresolved
        "repeat_contact_7d": _flag(call.get("repeat_contact_7d")),
        "wait_complaint": _flag(call.get("wait_complaint")),
        "repeat_after_transfer": _flag(call.get("repeat_after_transfer")),
        "transfers": float(min(max(transfers, 0.0), MAX_TRANSFERS_COUNTED)),
    }


def call_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A calls table's rows as column name -> value (what `churn_features` reads)."""
    return [{str(column): value for column, value in row.items()} for row in frame.to_dict(orient="records")]


def churn_feature_matrix(calls: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """(n, len(CHURN_FEATURES)): each call's churn features, in `CHURN_FEATURES` order."""
    rows = [churn_features(c) for c in calls]
    return np.array([[r[name] for name in CHURN_FEATURES] for r in rows], dtype=np.float64).reshape(
        len(rows), len(CHURN_FEATURES)
    )


@dataclass
class TransparentChurnScorer:
    """Logistic score with stated weights (see churn_weights.yaml): readable, auditable, unfitted."""

    intercept: float
    weights: dict[str, float]
    source: str = "packaged default"
    sha256: str | None = None

    @classmethod
    def from_yaml(cls, path: Path, expected_sha256: str | None = None) -> TransparentChurnScorer:
        raw_bytes = path.read_bytes()
        digest = hashlib.sha256(raw_bytes).hexdigest()
        if expected_sha256 is not None and digest != expected_sha256:
            raise ModelIntegrityError(f"{path}: SHA-256 does not match meta.json; refusing to load")
        try:
            spec = yaml.safe_load(raw_bytes) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML") from exc
        weights = spec.get("weights")
        if not isinstance(weights, dict) or "intercept" not in spec:
            raise ValueError(f"{path}: needs `intercept` and a `weights` mapping")
        unknown = sorted(set(weights) - set(CHURN_FEATURES))
        if unknown:
            raise ValueError(f"{path}: unknown churn features {unknown}; known: {list(CHURN_FEATURES)}")
        return cls(float(spec["intercept"]), {k: float(v) for k, v in weights.items()}, str(path), digest)

    def predict_proba_matrix(self, matrix: np.ndarray) -> np.ndarray:
        coefficients = np.array([self.weights.get(name, 0.0) for name in CHURN_FEATURES])
        logits = self.intercept + matrix @ coefficients
        return 1.0 / (1.0 + np.exp(-logits))

    def predict_proba_calls(self, calls: Sequence[Mapping[str, Any]]) -> np.ndarray:
        return self.predict_proba_matrix(churn_feature_matrix(calls))

    def info(self) -> dict[str, Any]:
        return {"churn_model": "transparent", "churn_weights": self.source, "churn_weights_sha256": self.sha256}


@dataclass
class FittedChurnModel:
    """A calibrated classifier fitted by `cxm train churn --labels FILE` on a centre's outcomes."""

    estimator: Any
    directory: Path
    sha256: str
    meta: dict[str, Any] = field(default_factory=dict)

    def predict_proba_matrix(self, matrix: np.ndarray) -> np.ndarray:
        return self.estimator.predict_proba(matrix)[:, 1]

    def predict_proba_calls(self, calls: Sequence[Mapping[str, Any]]) -> np.ndarray:
        return self.predict_proba_matrix(churn_feature_matrix(calls))

    def info(self) -> dict[str, Any]:
        return {
            "churn_model": "fitted",
            "churn_model_path": str(self.directory / MODEL_FILE),
            "churn_model_sha256": self.sha256,
        }


ChurnModel = TransparentChurnScorer | FittedChurnModel


def load_churn_model(directory: Path | None = None) -> ChurnModel:
    """The churn model in `models/churn` (hash-checked); the packaged weights when none was trained."""
    directory = Path(directory) if directory else models_dir() / "churn"
    if not (directory / "meta.json").exists():
        return TransparentChurnScorer.from_yaml(DEFAULT_WEIGHTS)
    meta = read_meta(directory)
    if meta.get("kind") == "fitted":
        digest = verify_file(directory, MODEL_FILE)
        estimator = load_model(directory, MODEL_FILE)
        features = meta.get("features")
        if features is not None and tuple(features) != CHURN_FEATURES:
            raise ModelIntegrityError(f"{directory / MODEL_FILE}: trained on other features than this version computes")
        return FittedChurnModel(estimator, directory, digest, meta)
    expected = meta.get("files", {}).get(WEIGHTS_FILE)
    if expected is None:
        raise ModelIntegrityError(f"{directory / WEIGHTS_FILE}: no recorded hash in meta.json; refusing to load")
    return TransparentChurnScorer.from_yaml(directory / WEIGHTS_FILE, expected_sha256=expected)
