"""The USS paper's own task, kept as a benchmark: a USER turn's 1-5 rating from the dialogue before it.

Not shipped: `models/csat` is the call-level model (`predict.training.train_csat`). This one is
trained and scored by `benchmarks/predict/evaluate.py` so the project's figures stay next to the
published ones (Sun et al., SIGIR 2021). It uses the same feature function,
`csat_feature_matrix`, over every prefix after the `signals` stage, with the turn embeddings of
the classify pass over the whole call (the encoder reads one turn at a time, so a prefix's rows
are the call's first rows). The classify stage's SENTIMENT is not given to the prefixes: the
published models read the dialogue text only, and a sentiment head trained on USS turns (as the
project's was until it was replaced) would hand the model these very ratings; those features are
then constant and the model gives them no weight.
Label: the majority rating, ties to the lower (the paper's code); a single rating per turn is the
class with the highest probability relative to its training prior (`decide`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from cxmaturity.predict import metrics
from cxmaturity.predict.features import csat_feature_matrix
from cxmaturity.predict.uss import (
    CallExample,
    Example,
    UssDialogue,
    examples,
    split_dialogues,
)
from cxmaturity.signals.stage import SignalsStage

PCA_COMPONENTS = 32
LOGISTIC_C = 0.1
ESTIMATOR_DESCRIPTION = (
    "Pipeline(ColumnTransformer(clip + StandardScaler on the named features with >= 1% support; "
    f"PCA({PCA_COMPONENTS}) per text-embedding block), StandardScaler bounded to +-5 SD, multinomial "
    f"LogisticRegression(C={LOGISTIC_C}))"
)
DECISION_RULE = "argmax of P(rating) / training prior"


def full_distribution(estimator: Any, matrix: np.ndarray) -> np.ndarray:
    """P(rating 1..5) with zero columns for ratings the estimator never saw."""
    proba = estimator.predict_proba(matrix)
    out = np.zeros((matrix.shape[0], 5))
    for column, rating in enumerate(estimator.classes_):
        out[:, int(rating) - 1] = proba[:, column]
    return out


def decide(distribution: np.ndarray, priors: ArrayLike) -> np.ndarray:
    """One rating per row: argmax of P(rating) / prior(rating). Without this balanced rule a
    calibrated model almost always says "3" (85% of USS turns are rated 3)."""
    prior = np.asarray(priors, dtype=float)
    safe = np.where(prior > 0, prior, np.inf)
    return (distribution / safe).argmax(axis=1) + 1


def _prefix_features(
    items: Sequence[Example],
    embeddings: dict[tuple[str, int], np.ndarray],
    stage: SignalsStage,
) -> np.ndarray:
    conversations = []
    for example in items:
        conversation = example.conversation
        matrix = embeddings.get((example.part, example.dialogue))
        if matrix is not None:
            conversation.turn_embeddings = matrix[: example.turn_index]
        stage(conversation)
        conversations.append(conversation)
    return csat_feature_matrix(conversations)


def _estimator(seed: int, x_train: np.ndarray):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from cxmaturity.predict.training import bounded_scaler, feature_transformer

    return Pipeline(
        [
            ("features", feature_transformer(x_train, seed, PCA_COMPONENTS)),
            ("scale", bounded_scaler()),
            ("classifier", LogisticRegression(C=LOGISTIC_C, max_iter=2000)),
        ]
    )


def _scores(labels: np.ndarray, distribution: np.ndarray, priors: np.ndarray, majority: int) -> dict[str, Any]:
    return {
        "model": metrics.paper_metrics(labels.tolist(), decide(distribution, priors).tolist()),
        "majority_baseline": metrics.paper_metrics(labels.tolist(), [majority] * len(labels)),
        "brier_5class": metrics.multiclass_brier(labels.tolist(), distribution),
        "brier_5class_prior_only": metrics.multiclass_brier(labels.tolist(), np.tile(priors, (len(labels), 1))),
        "label_distribution": {str(r): int((labels == r).sum()) for r in range(1, 6)},
    }


def evaluate_turn_level(dialogues: list[UssDialogue], calls: Sequence[CallExample], seed: int = 13) -> dict[str, Any]:
    """Train on the training dialogues' turns, score the held-out dialogues' turns (the same
    split as the call-level model); `calls` are the analysed calls whose embeddings are reused."""
    started = time.monotonic()
    embeddings = {(c.part, c.dialogue): c.conversation.turn_embeddings for c in calls}
    train_dialogues, test_dialogues = split_dialogues(dialogues, seed=seed)
    train = [e for d in train_dialogues for e in examples(d)]
    test = [e for d in test_dialogues for e in examples(d)]
    stage = SignalsStage()
    x_train = _prefix_features(train, embeddings, stage)
    y_train = np.array([e.rating for e in train])
    x_test = _prefix_features(test, embeddings, stage)
    y_test = np.array([e.rating for e in test])

    estimator = _estimator(seed, x_train).fit(x_train, y_train)
    priors = np.array([(y_train == r).mean() for r in range(1, 6)])
    distribution = full_distribution(estimator, x_test)
    parts = np.array([e.part for e in test])
    train_parts = np.array([e.part for e in train])
    result: dict[str, Any] = {}
    for part in sorted(set(parts.tolist())):
        mask = parts == part
        part_majority = int(np.bincount(y_train[train_parts == part], minlength=6)[1:].argmax()) + 1
        result[part] = _scores(y_test[mask], distribution[mask], priors, part_majority)
    result["all"] = _scores(y_test, distribution, priors, int(np.argmax(priors)) + 1)
    return {
        "task": "a USER turn's 1-5 rating (annotators' majority, ties to the lower) from the dialogue before it",
        "estimator": ESTIMATOR_DESCRIPTION,
        "decision_rule": DECISION_RULE,
        "seed": seed,
        "n_train_examples": len(y_train),
        "n_test_examples": len(y_test),
        "n_train_dialogues": len(train_dialogues),
        "n_test_dialogues": len(test_dialogues),
        "seconds": round(time.monotonic() - started, 1),
        "metrics": result,
    }
