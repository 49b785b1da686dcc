"""A small classifier per turn-level signal, on the turn embeddings the classify stage already computed.

Phrase lists (`phrases.yaml`) are exact and easy to extend, but they miss everyday paraphrases:
"stay on the line while I look" is a hold, "I need this to go higher" an escalation. Each signal
here gets a logistic regression over the turn's sentence embedding and its speaker, trained by
`cxm train signals` from labelled turns written for this project (`signal_examples.tsv`: many
phrasings per signal and the near-misses that must not fire) plus ordinary dialogue turns as
background. A turn then shows a signal when

- the model alone is confident (probability >= `threshold`), or
- a phrase matched and the model does not rule it out (probability >= `veto`): a customer's
  "your hold music is awful" matches a hold phrase but is not a hold.

No second encoder pass: without the classify stage there are no embeddings and the phrase lists
decide alone. The weights are a few hundred kilobytes of numpy arrays, hash-checked on load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cxmaturity.modelstore import verify_file

MODEL_DIR = "signals"
MODEL_FILE = "turn_signals.npz"
# The speakers the model knows; a turn by anyone else gets an all-zero speaker vector.
SPEAKER_FEATURES = ("agent", "customer", "bot", "ivr")


def turn_features(embeddings: np.ndarray, speakers: Sequence[str]) -> np.ndarray:
    """What the model reads for each turn: its sentence embedding, then a one-hot of its speaker."""
    onehot = np.zeros((len(speakers), len(SPEAKER_FEATURES)), dtype=np.float32)
    for row, speaker in enumerate(speakers):
        if speaker in SPEAKER_FEATURES:
            onehot[row, SPEAKER_FEATURES.index(speaker)] = 1.0
    return np.hstack([np.asarray(embeddings, dtype=np.float32), onehot])


@dataclass(frozen=True)
class TurnSignalModel:
    """One logistic regression per signal over [sentence embedding, speaker one-hot]."""

    signals: tuple[str, ...]
    coef: np.ndarray       # (n_signals, dim + len(SPEAKER_FEATURES))
    intercept: np.ndarray  # (n_signals,)
    threshold: float       # probability at which the model alone detects a signal
    veto: float            # below this probability, a phrase match is overruled

    def predict_proba(self, embeddings: np.ndarray, speakers: Sequence[str]) -> np.ndarray:
        """P(signal) per turn and signal, shape (n_turns, n_signals)."""
        if len(speakers) == 0:
            return np.zeros((0, len(self.signals)), dtype=np.float32)
        logits = turn_features(embeddings, speakers) @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def save(self, path: Path) -> None:
        np.savez(path, signals=np.array(self.signals), coef=self.coef.astype(np.float32),
                 intercept=self.intercept.astype(np.float32), threshold=np.array(self.threshold),
                 veto=np.array(self.veto), speakers=np.array(SPEAKER_FEATURES))

    @classmethod
    def load(cls, path: Path) -> TurnSignalModel:
        with np.load(path, allow_pickle=False) as data:
            if tuple(str(s) for s in data["speakers"]) != SPEAKER_FEATURES:
                raise ValueError(f"{path}: trained with other speaker features; retrain with `cxm train signals`")
            return cls(signals=tuple(str(s) for s in data["signals"]), coef=data["coef"],
                       intercept=data["intercept"], threshold=float(data["threshold"]), veto=float(data["veto"]))


def load_turn_signal_model(models_dir: Path) -> TurnSignalModel:
    """The shipped model, after its SHA-256 matches meta.json."""
    directory = Path(models_dir) / MODEL_DIR
    verify_file(directory, MODEL_FILE)
    return TurnSignalModel.load(directory / MODEL_FILE)


def combine(phrase_hits: Sequence[int], eligible: Sequence[int], proba: np.ndarray,
            model: TurnSignalModel) -> tuple[list[int], list[int]]:
    """(turns showing the signal, those only the model found) from phrase hits and the model's column."""
    phrase = {i for i in phrase_hits if proba[i] >= model.veto}
    found = {i for i in eligible if proba[i] >= model.threshold}
    return sorted(phrase | found), sorted(found - set(phrase_hits))
