"""The call-level CSAT model: `predicted_csat` (1..5) and `csat_dissatisfied_proba` per call.

Trained on whole USS dialogues against their OVERALL rating (`predict.training.train_csat`).
One regressor scores the call: `expected`, its estimate of the mean OVERALL rating. Because that
estimate regresses towards the common rating (most calls are a 3), `predicted_csat` is `expected`
put on the RATING SCALE (`RatingScale`): a linear, strictly increasing map fitted on out-of-fold
training predictions that gives the scores the mean and spread of the real ratings, so calls rank
exactly as by `expected` and about as many fall below 2.5 as real calls do. `csat_dissatisfied_proba`
is P(OVERALL mean < `DISSATISFIED_BELOW`), a logistic (Platt) calibration of `expected` fitted on
out-of-fold predictions, so it is a probability, not a rescaled score.

The model refuses calls it was not trained for instead of scoring them with missing inputs: a
call the `classify` stage never saw has no sentiment (`MissingSentimentError`), one without the
`signals` stage no signals (`MissingSignalsError`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cxmaturity.errors import CxmError
from cxmaturity.model import Conversation
from cxmaturity.modelstore import (
    ModelIntegrityError,
    load_model,
    models_dir,
    read_meta,
    sha256_file,
    verify_file,
)
from cxmaturity.predict import features
from cxmaturity.predict.features import (
    EMBEDDING_BLOCKS,
    ENCODER_NAME,
    FEATURE_NAMES,
    csat_feature_matrix,
    require_signals,
)

log = logging.getLogger(__name__)
MODEL_FILE = "model.skops"
MODEL_KIND = "csat-call-level"
DISSATISFIED_BELOW = 2.5  # a call is dissatisfied when its mean OVERALL rating rounds to 1 or 2


class MissingSentimentError(CxmError, ValueError):
    """The conversation has not been through the `classify` stage, which writes turn sentiment."""


def require_sentiment(conversation: Conversation) -> None:
    """Raise unless the `classify` stage ran: it writes `sentiment_mean` on every call (None when
    no turn could be scored, which the model accepts) and a score on every spoken turn."""
    scored = any(t.sentiment_score is not None for t in conversation.turns)
    if not scored and "sentiment_mean" not in conversation.call:
        raise MissingSentimentError(
            f"conversation {conversation.conversation_id}: run the `classify` stage before `predict` "
            "(the CSAT model reads its turn sentiment)"
        )


@dataclass(frozen=True)
class RatingScale:
    """Strictly increasing linear map from the model's score to the 1..5 rating scale that gives
    out-of-fold training scores the mean and standard deviation of the training ratings."""

    label_mean: float
    label_std: float
    score_mean: float
    score_std: float

    @classmethod
    def fit(cls, scores: np.ndarray, labels: np.ndarray) -> RatingScale:
        scores, labels = np.asarray(scores, dtype=float), np.asarray(labels, dtype=float)
        return cls(float(labels.mean()), float(labels.std()), float(scores.mean()), max(float(scores.std()), 1e-9))

    def to_rating(self, scores: np.ndarray) -> np.ndarray:
        z = (np.asarray(scores, dtype=float) - self.score_mean) / self.score_std
        return np.clip(self.label_mean + self.label_std * z, 1.0, 5.0)

    def as_array(self) -> np.ndarray:
        return np.array([self.label_mean, self.label_std, self.score_mean, self.score_std])

    @classmethod
    def from_array(cls, values: Sequence[float]) -> RatingScale:
        label_mean, label_std, score_mean, score_std = (float(v) for v in values)
        return cls(label_mean, label_std, score_mean, score_std)


@dataclass
class CsatPrediction:
    expected: np.ndarray  # (n,) the regressor's estimate of the mean OVERALL rating
    rating: np.ndarray  # (n,) `expected` on the rating scale: predicted_csat, 1..5
    dissatisfied: np.ndarray  # (n,) calibrated P(mean OVERALL rating < DISSATISFIED_BELOW)


@dataclass
class CsatModel:
    """The regressor, the dissatisfied calibration and the rating scale, all from one hash-checked file."""

    regressor: Any
    calibration: Any  # LogisticRegression on the single column `expected`
    scale: RatingScale
    sha256: str = ""
    directory: Path | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_parts(cls, parts: dict[str, Any], **kwargs: Any) -> CsatModel:
        return cls(parts["regressor"], parts["calibration"], RatingScale.from_array(parts["scale"]), **kwargs)

    def parts(self) -> dict[str, Any]:
        """What `save_model` writes: everything that turns features into the two columns."""
        return {"regressor": self.regressor, "calibration": self.calibration, "scale": self.scale.as_array()}

    def predict_matrix(self, matrix: np.ndarray) -> CsatPrediction:
        expected = np.asarray(self.regressor.predict(matrix), dtype=float)
        dissatisfied = self.calibration.predict_proba(expected.reshape(-1, 1))[:, 1]
        return CsatPrediction(expected, self.scale.to_rating(expected), dissatisfied)

    def predict(self, conversations: Sequence[Conversation]) -> CsatPrediction:
        for conversation in conversations:
            require_signals(conversation)
            require_sentiment(conversation)
        return self.predict_matrix(csat_feature_matrix(conversations))

    def info(self) -> dict[str, Any]:
        return {
            "csat_model": str((self.directory or Path(".")) / MODEL_FILE),
            "csat_model_sha256": self.sha256,
            "csat_trained_at": self.meta.get("trained_at"),
        }


def upstream_models() -> dict[str, Any]:
    """What the CSAT features read besides the encoder: the files (name -> SHA-256, from their
    meta.json) of the sentiment and signals models, and the phrase lists' SHA-256. Recorded at
    training and compared at load."""

    def files(folder: str) -> dict[str, str] | None:
        try:
            return read_meta(models_dir() / folder).get("files")
        except (FileNotFoundError, ValueError):
            return None

    return {"sentiment": files("sentiment"), "signals": files("signals"), "phrases": sha256_file(features.PHRASES_FILE)}


def check_phrase_lists(directory: Path, meta: dict[str, Any]) -> None:
    """Refuse a model whose phrase-list inputs changed since training.

    The model reads phrase lists of `signals/phrases.yaml` as features (`features.PHRASE_FEATURES`);
    an edited file changes what the model sees without retraining it, so the file's SHA-256 must
    equal the one recorded at training (meta.json `upstream.phrases`).
    """
    path = features.PHRASES_FILE
    recorded = (meta.get("upstream") or {}).get("phrases")
    if recorded is None:
        raise ModelIntegrityError(
            f"{directory / 'meta.json'}: no SHA-256 of the phrase lists the model reads ({path}); "
            "retrain with `cxm train csat`"
        )
    if sha256_file(path) != recorded:
        raise ModelIntegrityError(
            f"{path}: the phrase lists the CSAT model reads have changed since it was trained "
            f"(SHA-256 does not match {directory / 'meta.json'}); retrain with `cxm train csat`, "
            "or restore the file"
        )


def sentiment_training_data() -> list[str]:
    """What the installed sentiment head was trained on, from its meta.json: whether it saw USS
    decides whether USS figures of anything reading its sentiment are optimistic."""
    try:
        data = read_meta(models_dir() / "sentiment").get("data") or []
    except (FileNotFoundError, ValueError):
        return []
    return [str(d) for d in (data if isinstance(data, list) else [data])]


def sentiment_saw_uss(data: Sequence[str]) -> bool:
    return any("uss" in d.lower() for d in data)


def load_csat_model(directory: Path | None = None) -> CsatModel:
    """Load `models/csat` after checking its hash, that it was trained on today's features and that
    the phrase lists it reads are the ones it was trained with; warn (not refuse) when the sentiment
    or signals models it was trained behind have changed."""
    directory = Path(directory) if directory else models_dir() / "csat"
    if not (directory / "meta.json").exists():
        raise FileNotFoundError(f"no CSAT model in {directory}: build it with `cxm train csat`")
    digest = verify_file(directory, MODEL_FILE)
    meta = read_meta(directory)
    same_features = (
        meta.get("kind") == MODEL_KIND
        and tuple(meta.get("features", ())) == FEATURE_NAMES
        and tuple(meta.get("embedding_blocks", ())) == EMBEDDING_BLOCKS
        and meta.get("encoder", {}).get("name") == ENCODER_NAME
    )
    if not same_features:
        raise ModelIntegrityError(
            f"{directory / MODEL_FILE}: trained on other features than this version computes; "
            "retrain with `cxm train csat`"
        )
    check_phrase_lists(directory, meta)
    upstream = {k: v for k, v in upstream_models().items() if k != "phrases"}  # phrases: checked above
    stale = sorted(k for k, v in upstream.items() if meta.get("upstream", {}).get(k) not in (None, v))
    if stale:
        log.warning(
            "%s was trained behind other %s models than installed now; retrain with `cxm train csat`",
            directory,
            ", ".join(stale),
        )
    parts = load_model(directory, MODEL_FILE)
    if not isinstance(parts, dict) or not {"regressor", "calibration", "scale"} <= set(parts):
        raise ModelIntegrityError(
            f"{directory / MODEL_FILE}: not a call-level CSAT model; retrain with `cxm train csat`"
        )
    return CsatModel.from_parts(parts, sha256=digest, directory=directory, meta=meta)
