"""A small classifier per turn-level signal, on the turn embeddings the classify stage already computed.

Phrase lists (`phrases.yaml`) are exact and easy to extend, but they miss everyday paraphrases:
"stay on the line while I look" is a hold, "I need this to go higher" an escalation. Each signal
here gets a score that is linear in the turn's embedding, its speaker and the TF-IDF of its word
1-3-grams, plus a small hidden layer over the embedding and speaker shared by all signals (it learns
the interactions a linear score cannot: "as I said" is a repeat, "as I said in my letter" is not).
All of it is trained jointly by `cxm train signals` from labelled turns written for this project
(`signal_examples.tsv`: many phrasings per signal and the near-misses that must not fire) plus
ordinary dialogue turns as background. The embedding carries the paraphrase; the n-grams carry the
exact words a near-miss turns on ("hold music" is not "on hold"), which a mean-pooled sentence
vector blurs. A turn then shows a signal when

- the model alone is confident (probability >= the signal's `threshold`), or
- a phrase matched and the model does not rule it out (probability >= the signal's `veto`): a
  customer's "your hold music is awful" matches a hold phrase but is not a hold.

Both are chosen per signal by cross-validation at training time.

No second encoder pass: without the classify stage there are no embeddings and the phrase lists
decide alone. The weights are a few megabytes of numpy arrays, hash-checked on load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack

from cxmaturity.classify.encoder import Encoded, normalise_placeholders
from cxmaturity.model import Conversation
from cxmaturity.modelstore import verify_file

MODEL_DIR = "signals"
MODEL_FILE = "turn_signals.npz"
# The speakers the model knows; a turn by anyone else gets an all-zero speaker vector.
SPEAKER_FEATURES = ("agent", "customer", "bot", "ivr")
NGRAM_RANGE = (1, 3)
# Which of the classify pass's outputs the model reads: `sentence`, the normalised last-layer vector
# (`Conversation.turn_embeddings`), or `features`, the concatenated mean-pooled upper layers the heads
# read (`Conversation.turn_features`), L2-normalised here. The upper layers keep more of the wording a
# signal turns on; cross-validated F1 rose from 0.884 to 0.900 with them on the same examples.
VIEWS = ("sentence", "features")


def normalised_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (all-zero rows, for unscored turns, stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def turn_features(embeddings: np.ndarray, speakers: Sequence[str]) -> np.ndarray:
    """The dense part of what the model reads for each turn: its sentence embedding, then a one-hot of its speaker."""
    onehot = np.zeros((len(speakers), len(SPEAKER_FEATURES)), dtype=np.float32)
    for row, speaker in enumerate(speakers):
        if speaker in SPEAKER_FEATURES:
            onehot[row, SPEAKER_FEATURES.index(speaker)] = 1.0
    return np.hstack([np.asarray(embeddings, dtype=np.float32), onehot])


def fit_ngrams(texts: Sequence[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """(terms, idf) of the word n-grams seen in at least two training texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(ngram_range=NGRAM_RANGE, sublinear_tf=True, min_df=2)
    vectoriser.fit([normalise_placeholders(t) for t in texts])
    terms = sorted(vectoriser.vocabulary_, key=vectoriser.vocabulary_.__getitem__)
    return tuple(terms), vectoriser.idf_.astype(np.float32)


def hidden_layer_logits(dense: np.ndarray, weight: np.ndarray, bias: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """What the hidden ReLU layer adds to each signal's score, from the dense block (turns x dense width)."""
    return np.maximum(dense @ weight + bias, 0.0) @ coef.T


@dataclass(frozen=True)
class TurnSignalModel:
    """P(signal) per turn: sigmoid of a linear score over [embedding, speaker one-hot, weighted n-gram TF-IDF]
    plus, when trained with one, a hidden ReLU layer over the dense block [embedding, speaker one-hot]."""

    signals: tuple[str, ...]
    coef: np.ndarray  # (n_signals, dim + len(SPEAKER_FEATURES) + len(terms))
    intercept: np.ndarray  # (n_signals,)
    threshold: np.ndarray  # (n_signals,) probability at which the model alone detects the signal
    veto: np.ndarray  # (n_signals,) below this probability, a phrase match of the signal is overruled
    terms: tuple[str, ...] = ()  # the n-gram vocabulary, in column order
    idf: np.ndarray | None = None
    ngram_weight: float = 1.0  # scale of the TF-IDF block against the dense block
    view: str = "sentence"  # which encoder output the embeddings are (VIEWS)
    hidden_weight: np.ndarray | None = None  # (dense width, hidden units): the dense block into the hidden layer
    hidden_bias: np.ndarray | None = None  # (hidden units,)
    hidden_coef: np.ndarray | None = None  # (n_signals, hidden units): the hidden layer into each signal's score

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise ValueError(f"unknown embedding view {self.view!r}; expected one of {VIEWS}")
        hidden = (self.hidden_weight, self.hidden_bias, self.hidden_coef)
        if any(part is None for part in hidden) and any(part is not None for part in hidden):
            raise ValueError("the hidden layer needs its weight, bias and coefficients together")

    def encoded_vectors(self, encoded: Encoded) -> np.ndarray:
        """This model's view of an encoder pass's output (for training and benchmarks that encode directly)."""
        return encoded.features if self.view == "features" else encoded.sentence

    def turn_vectors(self, conversation: Conversation) -> np.ndarray | None:
        """The conversation's vectors of this model's view, as the classify stage left them (None without it)."""
        return conversation.turn_features if self.view == "features" else conversation.turn_embeddings

    @cached_property
    def _vectoriser(self) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectoriser = TfidfVectorizer(ngram_range=NGRAM_RANGE, sublinear_tf=True, vocabulary=list(self.terms))
        vectoriser.idf_ = self.idf
        return vectoriser

    def _dense(self, embeddings: np.ndarray, speakers: Sequence[str]) -> np.ndarray:
        """The dense block of the model's input: the view's vectors (normalised for `features`), the speaker."""
        return turn_features(normalised_rows(embeddings) if self.view == "features" else embeddings, speakers)

    def _ngrams(self, texts: Sequence[str]) -> csr_matrix:
        """The sparse block: the weighted TF-IDF of each text's n-grams."""
        return self._vectoriser.transform([normalise_placeholders(t) for t in texts]) * self.ngram_weight

    def features(self, texts: Sequence[str], embeddings: np.ndarray, speakers: Sequence[str]) -> csr_matrix:
        """The model's input rows (what training fits on): the dense block, then the n-gram block."""
        dense = csr_matrix(self._dense(embeddings, speakers))
        return hstack([dense, self._ngrams(texts)]).tocsr() if self.terms else dense

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray, speakers: Sequence[str]) -> np.ndarray:
        """P(signal) per turn and signal, shape (n_turns, n_signals). The same product as `features(...) @ coef.T`,
        taken block by block so the dense vectors are never copied into a sparse matrix."""
        if len(speakers) == 0:
            return np.zeros((0, len(self.signals)), dtype=np.float32)
        if not len(texts) == len(speakers) == len(embeddings):
            raise ValueError(f"{len(texts)} texts, {len(embeddings)} embeddings and {len(speakers)} speakers")
        dense = self._dense(embeddings, speakers)
        width = dense.shape[1]
        logits = dense @ self.coef[:, :width].T + self.intercept
        if self.terms:
            logits = logits + np.asarray(self._ngrams(texts) @ self.coef[:, width:].T)
        if self.hidden_weight is not None:
            assert self.hidden_bias is not None and self.hidden_coef is not None  # __post_init__: all or none
            logits = logits + hidden_layer_logits(dense, self.hidden_weight, self.hidden_bias, self.hidden_coef)
        return 1.0 / (1.0 + np.exp(-logits))

    def save(self, path: Path) -> None:
        terms = "\n".join(self.terms).encode("utf-8")
        arrays: dict[str, Any] = {
            "signals": np.array(self.signals),
            "coef": self.coef.astype(np.float16 if _half_precision_is_exact(self.coef) else np.float32),
            "intercept": self.intercept.astype(np.float32),
            "threshold": np.asarray(self.threshold, dtype=np.float32),
            "veto": np.asarray(self.veto, dtype=np.float32),
            "speakers": np.array(SPEAKER_FEATURES),
            "terms": np.frombuffer(terms, dtype=np.uint8),
            "idf": np.asarray(self.idf if self.idf is not None else [], dtype=np.float32),
            "ngram_weight": np.array(self.ngram_weight),
            "view": np.array(self.view),
        }
        if self.hidden_weight is not None:
            arrays.update(
                hidden_weight=np.asarray(self.hidden_weight, dtype=np.float32),
                hidden_bias=np.asarray(self.hidden_bias, dtype=np.float32),
                hidden_coef=np.asarray(self.hidden_coef, dtype=np.float32),
            )
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> TurnSignalModel:
        with np.load(path, allow_pickle=False) as data:
            if tuple(str(s) for s in data["speakers"]) != SPEAKER_FEATURES:
                raise ValueError(f"{path}: trained with other speaker features; retrain with `cxm train signals`")
            if "terms" not in data or data["threshold"].ndim != 1:
                raise ValueError(
                    f"{path}: written by an older cxmaturity (no n-grams or per-signal thresholds); "
                    "retrain with `cxm train signals`"
                )
            raw_terms = bytes(data["terms"]).decode("utf-8")
            terms = tuple(raw_terms.split("\n")) if raw_terms else ()
            return cls(
                signals=tuple(str(s) for s in data["signals"]),
                coef=data["coef"].astype(np.float32),
                intercept=data["intercept"],
                threshold=data["threshold"],
                veto=data["veto"],
                terms=terms,
                idf=data["idf"] if terms else None,
                ngram_weight=float(data["ngram_weight"]),
                view=str(data["view"]) if "view" in data else "sentence",
                hidden_weight=data["hidden_weight"] if "hidden_weight" in data else None,
                hidden_bias=data["hidden_bias"] if "hidden_bias" in data else None,
                hidden_coef=data["hidden_coef"] if "hidden_coef" in data else None,
            )


def _half_precision_is_exact(values: np.ndarray) -> bool:
    """Whether float16 holds `values` exactly, so a model saved in half precision loads unchanged."""
    return bool(np.array_equal(np.asarray(values, dtype=np.float16).astype(values.dtype), values))


def load_turn_signal_model(models_dir: Path) -> TurnSignalModel:
    """The shipped model, after its SHA-256 matches meta.json."""
    directory = Path(models_dir) / MODEL_DIR
    verify_file(directory, MODEL_FILE)
    return TurnSignalModel.load(directory / MODEL_FILE)


def combine(
    phrase_hits: Sequence[int], eligible: Sequence[int], proba: np.ndarray, threshold: float, veto: float
) -> tuple[list[int], list[int]]:
    """(turns showing the signal, those only the model found) from phrase hits and the model's column."""
    phrase = {i for i in phrase_hits if proba[i] >= veto}
    found = {i for i in eligible if proba[i] >= threshold}
    return sorted(phrase | found), sorted(found - set(phrase_hits))
