"""Turn sentiment (negative / neutral / positive, score -1..1) and the call-level summaries.

The score is P(positive) - P(negative) from the calibrated head, so it is 0 for a confidently
neutral turn and keeps its sign for a hesitant one. Call-level figures (start, end, mean,
customer trajectory) are plain functions of the turn scores so they can be tested and reused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from cxmaturity.classify.datasets import SENTIMENT_LABELS
from cxmaturity.classify.heads import BRANCH_VIEW, HybridHead, vader_scores

if TYPE_CHECKING:
    from cxmaturity.classify.branch import EncoderBranch

SENTIMENT_MODEL_DIR = "sentiment"
SENTIMENT_MODEL_FILE = "sentiment_head.skops"
SENTIMENT_BRANCH_FILE = "sentiment_branch.npz"
SENTIMENT_BRANCH = "sentiment"  # the branch's name in `Encoded.branches`
# A change of the customer's sentiment score (last turns minus first turns) smaller than this is `flat`.
TRAJECTORY_MARGIN = 0.25
# Turns averaged at each end of the conversation for start/end figures.
EDGE_TURNS = 2
VADER_POSITIVE = 0.05  # the standard compound thresholds (Hutto & Gilbert 2014)
VADER_NEGATIVE = -0.05


@dataclass(frozen=True)
class TurnSentiment:
    label: str
    score: float


class SentimentClassifier:
    """The trained head, and the fine-tuned encoder branch it reads when it has one:
    encoder pass (+ text) -> label and score per turn."""

    def __init__(self, head: HybridHead, branch: EncoderBranch | None = None) -> None:
        missing = set(SENTIMENT_LABELS) - set(head.classes_)
        if missing:
            raise ValueError(f"sentiment head lacks classes {sorted(missing)}")
        if head.embedding.startswith(BRANCH_VIEW) and branch is None:
            raise ValueError(f"sentiment head reads {head.embedding!r} but no branch was given")
        self.head = head
        self.branch = branch
        classes = list(head.classes_)
        self._negative = classes.index("negative")
        self._positive = classes.index("positive")

    @property
    def branches(self) -> dict[str, EncoderBranch]:
        """What the encoder pass must run for this head (see `SentenceEncoder.encode`)."""
        return {SENTIMENT_BRANCH: self.branch} if self.branch is not None else {}

    @classmethod
    def load(cls, models_dir: Path) -> SentimentClassifier:
        """Head and branch, each hash-checked against meta.json before it is read."""
        from cxmaturity.modelstore import load_model, read_meta, verify_file

        directory = models_dir / SENTIMENT_MODEL_DIR
        head = HybridHead.from_state(load_model(directory, SENTIMENT_MODEL_FILE))
        branch = None
        if SENTIMENT_BRANCH_FILE in read_meta(directory).get("files", {}):
            from cxmaturity.classify.branch import EncoderBranch
            from cxmaturity.classify.encoder import get_encoder

            verify_file(directory, SENTIMENT_BRANCH_FILE)
            branch = EncoderBranch.load(directory / SENTIMENT_BRANCH_FILE, get_encoder())
        return cls(head, branch)

    def classify(
        self, texts: Sequence[str], features: np.ndarray, speakers: Sequence[str] | None = None
    ) -> list[TurnSentiment]:
        """Label and score per turn; `speakers` (canonical roles) let the head read agent courtesy as such."""
        if len(texts) == 0:
            return []
        proba = self.head.predict_proba(texts, features, speakers)
        labels = self.head.classes_[proba.argmax(axis=1)]
        scores = np.clip(proba[:, self._positive] - proba[:, self._negative], -1.0, 1.0)
        return [TurnSentiment(str(label), round(float(score), 4)) for label, score in zip(labels, scores, strict=True)]


def vader_labels(texts: Sequence[str]) -> list[str]:
    """The baseline: VADER compound with the standard +/-0.05 thresholds."""
    compound = vader_scores(texts)[:, 0] if len(texts) else np.zeros(0)
    return ["positive" if c >= VADER_POSITIVE else "negative" if c <= VADER_NEGATIVE else "neutral" for c in compound]


def edge_mean(scores: Sequence[float], at_end: bool, n: int = EDGE_TURNS) -> float | None:
    """Mean of the first (or last) `n` scores; None when there are none."""
    if not scores:
        return None
    chosen = scores[-n:] if at_end else scores[:n]
    return round(float(np.mean(chosen)), 4)


def trajectory(scores: Sequence[float], margin: float = TRAJECTORY_MARGIN) -> str | None:
    """`improved` / `worsened` / `flat` from the customer's first turns to their last ones.

    Needs at least two turns; with fewer than four the edges overlap less by using one turn each.
    """
    if len(scores) < 2:
        return None
    n = EDGE_TURNS if len(scores) >= 2 * EDGE_TURNS else 1
    change = float(np.mean(scores[-n:])) - float(np.mean(scores[:n]))
    if change > margin:
        return "improved"
    if change < -margin:
        return "worsened"
    return "flat"
