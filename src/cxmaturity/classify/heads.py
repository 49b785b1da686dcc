"""The trainable head both classifiers share: encoder embeddings joined with sparse text features.

A frozen MiniLM with a linear head stops at about 92-93% on Banking77; joining the mean-pooled
layers with word and character n-gram TF-IDF (which catches exact product words such as
"top-up", "PIN", "direct debit") in one linear model gains the last points without a second
encoder pass or a fine-tuned encoder copy. Sentiment instead joins the embedding with VADER's
lexicon scores, which know negation and intensifiers the embedding blurs (n-grams only overfit
the dialogue corpora there). Probabilities are calibrated (a softmax temperature fitted on 3-fold
out-of-fold scores for the SVM; multinomial logistic regression for sentiment), so confidences are
comparable across calls and the `other` threshold means something.

The head is persisted as a plain dict of scikit-learn objects (`to_state`/`from_state`) so the
hash-checked skops store needs to trust nothing but scikit-learn, NumPy and SciPy types.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack

from cxmaturity.classify.encoder import Encoded, normalise_placeholders
from cxmaturity.model import SERVICE_SPEAKERS

BRANCH_VIEW = "branch:"  # embedding view prefix: the output of a named task branch of the encoder pass
_DIGITS = re.compile(r"\d[\d ,.\-]{3,}\d")
_PLACEHOLDER_SAMPLES = ("[PERSON]", "[PHONE_NUMBER]", "[CREDIT_CARD]", "[EMAIL_ADDRESS]", "[LOCATION]", "[DATE_TIME]")
_CARRIERS = (
    "{text} This is {ph}.",
    "Hi, it's {ph}. {text}",
    "{text} My details are {ph}.",
    "{text} You can reach me on {ph}.",
)


def vader_scores(texts: Sequence[str]) -> np.ndarray:
    """VADER compound/pos/neg/neu per text (the baseline's lexicon, reused as four features)."""
    analyser = _vader()
    rows = [analyser.polarity_scores(t) for t in texts]
    return np.array([[r["compound"], r["pos"], r["neg"], r["neu"]] for r in rows], dtype=np.float32).reshape(-1, 4)


@functools.lru_cache(maxsize=1)
def _vader() -> Any:
    """One VADER analyser per process (it reads its lexicon file on construction)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def placeholder_augmentations(texts: Sequence[str], seed: int, fraction: float = 0.1) -> list[tuple[int, str]]:
    """(row index, copy) for a seeded sample of training texts, each copy carrying a redaction placeholder.

    Real transcripts reach the heads redacted; these copies teach them that a placeholder (after
    normalisation, a neutral word) says nothing about sentiment or intent. The index lets the
    caller copy the row's label (and speaker) with it.
    """
    rng = np.random.default_rng(seed)
    n = len(texts)
    chosen = rng.choice(n, size=int(round(n * fraction)), replace=False) if n else np.array([], dtype=int)
    copies: list[tuple[int, str]] = []
    for i in sorted(chosen.tolist()):
        text = texts[i]
        placeholder = _PLACEHOLDER_SAMPLES[int(rng.integers(len(_PLACEHOLDER_SAMPLES)))]
        if _DIGITS.search(text):
            augmented = _DIGITS.sub(placeholder, text)
        else:
            carrier = _CARRIERS[int(rng.integers(len(_CARRIERS)))]
            augmented = carrier.format(text=text, ph=placeholder)
        copies.append((i, augmented))
    return copies


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, truth_index: np.ndarray) -> float:
    """The softmax temperature minimising log loss of out-of-fold decision scores."""
    grid = np.geomspace(0.02, 5.0, 60)
    rows = np.arange(len(truth_index))
    losses = [-np.mean(np.log(np.clip(softmax(scores / t)[rows, truth_index], 1e-12, None))) for t in grid]
    return float(grid[int(np.argmin(losses))])


class HybridHead:
    """Linear classifier over [scaled embedding | optional service-side embedding copy | optional
    TF-IDF(text) | optional VADER].

    `classifier="svm"`: LinearSVC whose decision scores become probabilities through a softmax
    with one temperature fitted on 3-fold out-of-fold scores (best with many sparse n-grams, as
    for intent; a single temperature keeps the SVM's ranking, per-class sigmoids would not);
    `"logreg"`: multinomial logistic regression (best on the dense
    embedding + lexicon view, as for sentiment, where n-grams overfit the dialogue corpora).

    `service_weight`: when set, the head is speaker-aware by feature augmentation (Daume III,
    "Frustratingly easy domain adaptation", 2007): turns by agents, bots and IVR get a second copy of
    the scaled embedding, zero for everyone else, so the model can learn what reads differently
    from the service side (a routine apology is courtesy, not a complaint) from the few labelled
    agent turns while the shared block keeps what the large customer-side corpora teach.
    """

    def __init__(
        self,
        embedding: str = "features",
        embedding_weight: float = 0.05,
        use_vader: bool = False,
        vader_weight: float = 0.15,
        C: float = 1.0,  # noqa: N803 - scikit-learn's name for it; also the key in saved heads' state
        ngrams: str = "words+chars",
        classifier: str = "svm",
        class_weight: str | None = None,
        max_ngram_features: int | None = None,
        service_weight: float | None = None,
        seed: int = 13,
    ) -> None:
        if embedding not in ("sentence", "features", "both") and not embedding.startswith(BRANCH_VIEW):
            raise ValueError(
                f"embedding must be 'sentence', 'features', 'both' or '{BRANCH_VIEW}<name>', got {embedding!r}"
            )
        self.embedding = embedding  # which view of the encoder output the head reads (see Encoded)
        self.embedding_weight = embedding_weight
        self.use_vader = use_vader
        self.vader_weight = vader_weight
        if ngrams not in ("words+chars", "words", "none"):
            raise ValueError(f"ngrams must be 'words+chars', 'words' or 'none', got {ngrams!r}")
        if classifier not in ("svm", "logreg"):
            raise ValueError(f"classifier must be 'svm' or 'logreg', got {classifier!r}")
        self.C = C
        self.ngrams = ngrams
        self.classifier_kind = classifier
        self.class_weight = class_weight
        self.max_ngram_features = max_ngram_features
        self.service_weight = service_weight
        self.seed = seed
        self.vectoriser: Any = None
        self.scaler: Any = None
        self.classifier: Any = None
        self.temperature = 1.0

    @property
    def classes_(self) -> np.ndarray:
        return self.classifier.classes_

    def _matrix(self, texts: Sequence[str], features: np.ndarray, speakers: Sequence[str] | None = None):
        cleaned = [normalise_placeholders(t) for t in texts]
        scaled = self.scaler.transform(features) * self.embedding_weight
        blocks = [csr_matrix(scaled)]
        if self.service_weight is not None:
            if speakers is not None and len(speakers) != len(texts):
                raise ValueError(f"{len(speakers)} speakers for {len(texts)} texts")
            service = (
                np.zeros(len(texts), dtype=bool)
                if speakers is None
                else np.isin(np.asarray(speakers), list(SERVICE_SPEAKERS))
            )
            blocks.append(csr_matrix(scaled * self.service_weight * service[:, None]))
        if self.vectoriser is not None:
            blocks.append(self.vectoriser.transform(cleaned))
        if self.use_vader:
            blocks.append(csr_matrix(vader_scores(cleaned) * self.vader_weight))
        return hstack(blocks).tocsr()

    def fit(
        self, texts: Sequence[str], features: np.ndarray, labels: Sequence[str], speakers: Sequence[str] | None = None
    ) -> HybridHead:
        """Fit on texts, their encoder view and labels; `speakers` matter only to a speaker-aware head."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.model_selection import StratifiedKFold, cross_val_predict
        from sklearn.pipeline import FeatureUnion
        from sklearn.preprocessing import StandardScaler

        self.vectoriser = None
        if self.ngrams != "none":
            parts = [("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2))]
            if self.ngrams == "words+chars":
                parts.append(
                    ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2))
                )
            self.vectoriser = FeatureUnion(parts)
            self.vectoriser.fit([normalise_placeholders(t) for t in texts])
            for _, vectoriser in self.vectoriser.transformer_list:
                vectoriser.stop_words_ = None  # the pruned-term set is only for inspection, and large
        self.scaler = StandardScaler().fit(features)
        matrix, target = self._matrix(texts, features, speakers), np.asarray(labels)
        if self.vectoriser is not None and self.max_ngram_features is not None:
            self._prune_ngrams(texts, matrix, target, self.max_ngram_features)
            matrix = self._matrix(texts, features, speakers)
        self.classifier = self._linear_model()
        if self.classifier_kind == "svm":
            folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=self.seed)
            scores = cross_val_predict(self.classifier, matrix, target, cv=folds, method="decision_function")
            self.classifier.fit(matrix, target)
            self.temperature = fit_temperature(scores, np.searchsorted(self.classifier.classes_, target))
        else:  # multinomial logistic regression is calibrated enough on its own
            self.classifier.fit(matrix, target)
        return self

    def _linear_model(self) -> Any:
        from sklearn.linear_model import LogisticRegression
        from sklearn.svm import LinearSVC

        if self.classifier_kind == "svm":
            return LinearSVC(C=self.C, class_weight=self.class_weight, random_state=self.seed)
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000, random_state=self.seed)

    def _prune_ngrams(self, texts: Sequence[str], matrix: Any, target: np.ndarray, max_features: int) -> None:
        """Keep the `max_features` n-grams with the largest weight in any class, and refit
        the vectorisers on that vocabulary.

        Most of the tens of thousands of n-grams carry near-zero weight in every class; dropping
        them shrinks the stored weights and vocabulary several-fold for a few tenths of a point.
        """
        from sklearn.base import clone

        n_dense = len(self.scaler.mean_) * (1 if self.service_weight is None else 2)
        model = self._linear_model().fit(matrix, target)
        importance = np.abs(model.coef_[:, n_dense : n_dense + self._ngram_width()]).max(axis=0)
        if len(importance) <= max_features:
            return
        # Stable order (ties broken by column) keeps the choice deterministic.
        keep = np.sort(np.argsort(-importance, kind="stable")[:max_features])
        cleaned = [normalise_placeholders(t) for t in texts]
        offset = 0
        parts = []
        for name, part in self.vectoriser.transformer_list:
            width = len(part.vocabulary_)
            columns = keep[(keep >= offset) & (keep < offset + width)] - offset
            if len(columns) == 0:  # a vectoriser needs a vocabulary: keep its strongest term
                columns = np.array([int(np.argmax(importance[offset : offset + width]))])
            terms = sorted(part.vocabulary_, key=part.vocabulary_.__getitem__)
            kept_terms = [terms[i] for i in columns]
            refit = clone(part).set_params(vocabulary=kept_terms).fit(cleaned)
            refit.set_params(vocabulary=None)  # vocabulary_ holds it; the param copy would be stored twice
            refit.stop_words_ = None
            parts.append((name, refit))
            offset += width
        self.vectoriser.transformer_list = parts

    def _ngram_width(self) -> int:
        return sum(len(part.vocabulary_) for _, part in self.vectoriser.transformer_list)

    def predict_proba(
        self, texts: Sequence[str], features: np.ndarray, speakers: Sequence[str] | None = None
    ) -> np.ndarray:
        """Class probabilities (columns in `classes_` order); without `speakers` every turn reads as customer-side."""
        if len(texts) == 0:
            return np.zeros((0, len(self.classes_)))
        matrix = self._matrix(texts, features, speakers)
        if self.classifier_kind == "svm":
            return softmax(self.classifier.decision_function(matrix) / self.temperature)
        return self.classifier.predict_proba(matrix)

    def select(self, encoded: Encoded) -> np.ndarray:
        """The embedding view this head was trained on (`both`: layer means + normalised sentence vector;
        `branch:<name>`: the output of that task branch, see `cxmaturity.classify.branch`)."""
        if self.embedding.startswith(BRANCH_VIEW):
            name = self.embedding[len(BRANCH_VIEW) :]
            if name not in encoded.branches:
                raise ValueError(f"this head reads the encoder branch {name!r}, which the encoder pass did not run")
            return encoded.branches[name]
        if self.embedding == "sentence":
            return encoded.sentence
        if self.embedding == "features":
            return encoded.features
        return np.hstack([encoded.features, encoded.sentence])

    def predict(self, texts: Sequence[str], features: np.ndarray, speakers: Sequence[str] | None = None) -> np.ndarray:
        return self.classes_[self.predict_proba(texts, features, speakers).argmax(axis=1)]

    def to_state(self) -> dict[str, Any]:
        """Plain dict of scikit-learn objects, arrays and numbers, for the skops store.

        Vocabularies go in as one UTF-8 byte array of newline-joined terms (skops writes every dict
        entry as a JSON node, and a fixed-width string array pads every term to the longest), and
        the linear weights as float16 (cast back to float32 at load; the scores move by far less
        than any decision margin): together they keep the intent artifact a few MB.
        """
        vectoriser, vocabularies = self.vectoriser, {}
        if vectoriser is not None:
            vectoriser = copy.deepcopy(vectoriser)
            for name, part in vectoriser.transformer_list:
                terms = sorted(part.vocabulary_, key=part.vocabulary_.__getitem__)
                if any("\n" in term for term in terms):
                    raise ValueError(f"vectoriser {name!r} has a term containing a newline; cannot store it")
                vocabularies[name] = np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8).copy()
                del part.vocabulary_
        classifier = copy.deepcopy(self.classifier)
        classifier.coef_ = classifier.coef_.astype(np.float16)
        return {
            "vocabularies": vocabularies,
            "embedding": self.embedding,
            "embedding_weight": float(self.embedding_weight),
            "use_vader": bool(self.use_vader),
            "vader_weight": float(self.vader_weight),
            "C": float(self.C),
            "ngrams": self.ngrams,
            "classifier_kind": self.classifier_kind,
            "class_weight": self.class_weight,
            "max_ngram_features": self.max_ngram_features,
            "service_weight": None if self.service_weight is None else float(self.service_weight),
            "seed": int(self.seed),
            "vectoriser": vectoriser,
            "scaler": self.scaler,
            "classifier": classifier,
            "temperature": float(self.temperature),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> HybridHead:
        head = cls(
            embedding=state["embedding"],
            embedding_weight=state["embedding_weight"],
            use_vader=state["use_vader"],
            vader_weight=state["vader_weight"],
            C=state["C"],
            ngrams=state["ngrams"],
            classifier=state["classifier_kind"],
            class_weight=state["class_weight"],
            max_ngram_features=state.get("max_ngram_features"),
            service_weight=state.get("service_weight"),
            seed=state["seed"],
        )
        head.vectoriser = state["vectoriser"]
        vocabularies = state.get("vocabularies") or {}
        if head.vectoriser is not None:
            for name, part in head.vectoriser.transformer_list:
                if name in vocabularies:
                    stored = vocabularies[name]
                    terms = bytes(stored).decode("utf-8").split("\n") if stored.dtype == np.uint8 else stored.tolist()
                    part.vocabulary_ = {str(term): index for index, term in enumerate(terms)}
        head.scaler = state["scaler"]
        head.classifier = state["classifier"]
        head.classifier.coef_ = np.asarray(head.classifier.coef_, dtype=np.float32)
        head.temperature = float(state.get("temperature", 1.0))
        return head
