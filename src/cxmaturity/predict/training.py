"""`cxm train csat` and `cxm train churn`: fit, evaluate on a held-out split, save hash-checked.

CSAT: USS (Sun et al. 2021), the paper's task (a USER turn's rating from the dialogue before
it), a seeded 20% held-out split by dialogue per sub-corpus, one pooled model. Features are
`predict.features.csat_feature_matrix` over prefix conversations that went through the real
`signals` stage and carry their turn embeddings (every USS turn encoded once, in memory).
Churn: no public labels exist, so without `--labels` the transparent weights are installed;
with a centre's labelled outcomes a calibrated logistic model is fitted and evaluated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxmaturity.modelstore import save_model
from cxmaturity.predict import churn as churn_module
from cxmaturity.predict import metrics
from cxmaturity.predict.csat import MODEL_FILE as CSAT_FILE
from cxmaturity.predict.csat import RatingScale, decide, full_distribution, summarise
from cxmaturity.predict.features import (
    EMBEDDING_BLOCKS,
    EMBEDDING_DIM,
    FEATURE_NAMES,
    csat_feature_matrix,
    turn_sentence_embeddings,
)
from cxmaturity.predict.uss import Example, UssDialogue, examples, load_uss, resolve_uss_dir, split_dialogues
from cxmaturity.signals.matching import DEFAULT_PHRASES
from cxmaturity.signals.stage import SignalsStage

log = logging.getLogger(__name__)
SENTIMENT_NOTE = (
    "The classify stage's turn sentiment is NOT used in training: its sentiment head is trained on "
    "USS user turns labelled from these same ratings, so on USS it would leak the labels of earlier "
    "turns. (The frozen sentence encoder, which never saw USS labels, is used.) Its sentiment "
    "features are in the vector but constant (0) in training, so this model gives them no weight; lexicon sentiment (VADER) stands in. They take effect when a centre "
    "retrains on its own CSAT labels."
)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _sha256_text(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _dialogue_embeddings(dialogues: Sequence[UssDialogue]) -> dict[tuple[str, int], np.ndarray]:
    """Every USS turn encoded ONCE (unique texts, in memory) with the serving embedding function,
    as a (turns, 384) matrix per dialogue; prefixes then slice it instead of re-encoding."""
    texts = sorted({t.text for d in dialogues for t in d.turns if (t.text or "").strip()})
    started = time.monotonic()
    encoded = turn_sentence_embeddings(texts)
    log.info("encoded %d unique USS turns in %.0f s", len(texts), time.monotonic() - started)
    row = {text: i for i, text in enumerate(texts)}
    matrices = {}
    for d in dialogues:
        matrix = np.zeros((len(d.turns), EMBEDDING_DIM), dtype=np.float32)
        for index, turn in enumerate(d.turns):
            if turn.text in row:
                matrix[index] = encoded[row[turn.text]]
        matrices[(d.part, d.index)] = matrix
    return matrices


def _features_for(
    example_list: Sequence[Example], stage: SignalsStage, embeddings: dict[tuple[str, int], np.ndarray]
) -> np.ndarray:
    """The serving feature function over prefix conversations carrying their turn embeddings,
    exactly as the classify stage leaves them on a conversation."""
    conversations = [e.conversation for e in example_list]
    for example, conversation in zip(example_list, conversations):
        stage(conversation)
        conversation.turn_embeddings = embeddings[(example.part, example.dialogue)][: example.turn_index]
    return csat_feature_matrix(conversations)


PCA_COMPONENTS = 32
LOGISTIC_C = 0.1
ESTIMATOR_DESCRIPTION = (
    "Pipeline(ColumnTransformer(clip to training range + StandardScaler on the named features with >= 1% support; "
    f"PCA({PCA_COMPONENTS}) per text-embedding block x {len(EMBEDDING_BLOCKS)}), StandardScaler, "
    f"multinomial LogisticRegression(C={LOGISTIC_C}))"
)


MIN_SUPPORT = 0.01  # a named feature must differ from its usual value in >= 1% of training turns
CLIP_QUANTILES = (0.001, 0.999)


def _named_columns(x_train: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The named features the data can teach (value differs from the column's most common one
    in at least `MIN_SUPPORT` of training turns) and their training range. Signals that USS's
    assistant dialogues almost never show (holds, wait complaints, ...) would otherwise get a
    weight fitted on a handful of turns and, standardised, dominate every contact-centre call
    in which they fire; clipping keeps counts and lengths of long calls inside what was seen."""
    named = x_train[:, : len(FEATURE_NAMES)]
    kept = []
    for column in range(named.shape[1]):
        values, counts = np.unique(named[:, column], return_counts=True)
        if 1.0 - counts.max() / len(named) >= MIN_SUPPORT:
            kept.append(column)
    kept_index = np.array(kept, dtype=np.int64)
    low, high = np.quantile(named[:, kept_index], CLIP_QUANTILES, axis=0)
    return kept_index, low, high


def _csat_estimator(seed: int, x_train: np.ndarray):
    """Multinomial logistic regression over the named features the data supports (clipped to their
    training range, scaled) and each 384-d embedding block reduced by PCA (fitted on the training
    split only, inside the pipeline). Small, quick to fit, and its probabilities are close to
    calibrated without a separate calibration step (measured: Brier and reliability in RESULTS.md)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    kept, low, high = _named_columns(x_train)
    clip = FunctionTransformer(np.clip, kw_args={"a_min": low, "a_max": high})
    # Column indexes as numpy arrays: skops stores those as compact .npy, Python lists as JSON.
    parts: list[tuple[str, Any, np.ndarray]] = [("named", Pipeline([("clip", clip), ("scale", StandardScaler())]), kept)]
    for block, name in enumerate(EMBEDDING_BLOCKS):
        first = len(FEATURE_NAMES) + block * EMBEDDING_DIM
        parts.append((name, PCA(PCA_COMPONENTS, random_state=seed), np.arange(first, first + EMBEDDING_DIM)))
    return Pipeline([
        ("features", ColumnTransformer(parts)),
        ("scale", StandardScaler()),
        ("classifier", LogisticRegression(C=LOGISTIC_C, max_iter=2000)),
    ])


def _features_used(estimator: Any) -> list[str]:
    kept = estimator.named_steps["features"].transformers_[0][2]
    return [FEATURE_NAMES[int(i)] for i in kept]


def _evaluate_csat(
    labels: np.ndarray, distribution: np.ndarray, priors: np.ndarray, majority: int, scale: RatingScale
) -> dict[str, Any]:
    decided = decide(distribution, priors)
    summary = summarise(distribution, scale)
    dissatisfied = labels <= 2
    return {
        "model": metrics.paper_metrics(labels.tolist(), decided.tolist()),
        "majority_baseline": metrics.paper_metrics(labels.tolist(), [majority] * len(labels)),
        "brier_5class": metrics.multiclass_brier(labels.tolist(), summary.distribution),
        "brier_5class_prior_only": metrics.multiclass_brier(labels.tolist(), np.tile(priors, (len(labels), 1))),
        "brier_dissatisfied": metrics.binary_brier(dissatisfied, summary.dissatisfied),
        "brier_dissatisfied_prior_only": metrics.binary_brier(dissatisfied, np.full(len(labels), priors[:2].sum())),
        "ece_dissatisfied": metrics.expected_calibration_error(dissatisfied, summary.dissatisfied),
        "mae_expected_rating": float(np.mean(np.abs(summary.expected - labels))),
        "predicted_csat_rho": metrics.spearman_tie_corrected(labels.tolist(), summary.rating.tolist()),
        "predicted_csat_quantiles": {
            q: float(np.quantile(summary.rating, float(q))) for q in ("0.05", "0.25", "0.5", "0.75", "0.95")
        },
        "predicted_csat_below_2_5": float(np.mean(summary.rating < 2.5)),
        "observed_dissatisfied_share": float(np.mean(dissatisfied)),
        "reliability_dissatisfied": metrics.reliability_table(dissatisfied, summary.dissatisfied),
        "label_distribution": {str(r): int((labels == r).sum()) for r in range(1, 6)},
    }


def train_csat(data_dir: Path, out_dir: Path, seed: int = 13) -> dict[str, Any]:
    """Train the CSAT model on USS, evaluate it on the held-out dialogues, save it to `out_dir`."""
    from sklearn import __version__ as sklearn_version

    from cxmaturity.classify.encoder import get_encoder

    started = time.monotonic()
    uss_dir = resolve_uss_dir(data_dir)
    dialogues = load_uss(uss_dir)
    train_dialogues, test_dialogues = split_dialogues(dialogues, seed=seed)
    train_examples = [e for d in train_dialogues for e in examples(d)]
    test_examples = [e for d in test_dialogues for e in examples(d)]
    embeddings = _dialogue_embeddings(dialogues)
    stage = SignalsStage()
    stage.matcher.match([t.text for d in dialogues for t in d.turns])  # one spaCy pass over every turn
    x_train = _features_for(train_examples, stage, embeddings)
    y_train = np.array([e.rating for e in train_examples])
    x_test = _features_for(test_examples, stage, embeddings)
    y_test = np.array([e.rating for e in test_examples])
    del embeddings

    estimator = _csat_estimator(seed, x_train).fit(x_train, y_train)
    priors = np.array([(y_train == r).mean() for r in range(1, 6)])
    majority = int(np.argmax(priors)) + 1
    scale = RatingScale.fit(summarise(full_distribution(estimator, x_train)).expected, y_train)
    distribution = full_distribution(estimator, x_test)
    parts = [e.part for e in test_examples]
    evaluation: dict[str, Any] = {}
    for part in sorted(set(parts)):
        mask = np.array([p == part for p in parts])
        part_train = y_train[np.array([e.part == part for e in train_examples])]
        part_majority = int(np.bincount(part_train, minlength=6)[1:].argmax()) + 1
        evaluation[part] = _evaluate_csat(y_test[mask], distribution[mask], priors, part_majority, scale)
    evaluation["all"] = _evaluate_csat(y_test, distribution, priors, majority, scale)

    meta = {
        "kind": "csat",
        "trained_at": _now(),
        "command": "cxm train csat",
        "seed": seed,
        "data": {
            "name": "User Satisfaction Simulation (USS), Sun et al. SIGIR 2021: SGD, MWOZ, ReDial, CCPE",
            "path": str(uss_dir),
            "files_sha256": {f.name: _sha256_text(f) for f in sorted(uss_dir.glob("*.txt"))},
            "licence": "no licence file in the source repository (research release); underlying corpora CC BY / CC BY-SA / MIT",
            "split": "seeded 20% of dialogues per sub-corpus held out (split_dialogues)",
            "label": "majority of the annotators' ratings, ties to the lower rating (as the paper's code)",
            "n_train_examples": int(len(y_train)),
            "n_test_examples": int(len(y_test)),
            "n_train_dialogues": len(train_dialogues),
            "n_test_dialogues": len(test_dialogues),
        },
        "estimator": ESTIMATOR_DESCRIPTION,
        "predicted_csat": "expected value of the 5-class distribution, mapped to the rating scale by quantile matching on the training data (rating_scale)",
        "decision_rule": "argmax of P(rating) / training prior (for UAR/kappa only)",
        "features": list(FEATURE_NAMES),
        "features_used": _features_used(estimator),
        "embedding_blocks": list(EMBEDDING_BLOCKS),
        "embedding_dim": EMBEDDING_DIM,
        "encoder": get_encoder().info(),
        "sentiment_features": SENTIMENT_NOTE,
        "phrases_sha256": _sha256_text(DEFAULT_PHRASES),
        "priors": priors.tolist(),
        "rating_scale": {"expected_quantiles": list(scale.expected_quantiles), "label_shares": list(scale.label_shares)},
        "sklearn_version": sklearn_version,
        "training_seconds": round(time.monotonic() - started, 1),
        "metrics": evaluation,
    }
    save_model(estimator, Path(out_dir), CSAT_FILE, meta)
    return meta


# --- churn ---------------------------------------------------------------------------------
def _install_transparent(out_dir: Path) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / churn_module.WEIGHTS_FILE
    shutil.copyfile(churn_module.DEFAULT_WEIGHTS, target)
    scorer = churn_module.TransparentChurnScorer.from_yaml(target)
    meta = {
        "kind": "transparent",
        "trained_at": _now(),
        "command": "cxm train churn",
        "note": "no public churn labels exist: stated weights, not fitted (see MODEL_CARD.md)",
        "features": list(churn_module.CHURN_FEATURES),
        "intercept": scorer.intercept,
        "weights": scorer.weights,
        "files": {churn_module.WEIGHTS_FILE: scorer.sha256},
    }
    stale = out_dir / churn_module.MODEL_FILE
    if stale.exists():
        stale.unlink()
    import json

    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return meta


def _labelled_rows(labels: Path, data_dir: Path | None, calls: Path | None) -> pd.DataFrame:
    """Labels joined to call features: from the labels CSV itself, or a `calls.parquet`."""
    frame = pd.read_csv(labels)
    missing = {"conversation_id", "churned"} - set(frame.columns)
    if missing:
        raise ValueError(f"{labels}: missing columns {sorted(missing)} (need conversation_id,churned)")
    if set(churn_module.CALL_COLUMNS) <= set(frame.columns):
        return frame
    candidates = [calls] if calls else []
    if data_dir:
        candidates.append(Path(data_dir) / "calls.parquet")
    candidates.append(Path(labels).parent / "calls.parquet")
    source = next((Path(c) for c in candidates if c and Path(c).exists()), None)
    if source is None:
        raise FileNotFoundError(
            f"{labels}: has no feature columns and no calls.parquet was found (pass the `cxm analyze` output folder)"
        )
    table = pd.read_parquet(source)
    joined = frame[["conversation_id", "churned"]].merge(table, on="conversation_id", how="inner")
    if joined.empty:
        raise ValueError(f"{labels}: no conversation_id matches {source}")
    return joined


def _churn_estimator(seed: int):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    return CalibratedClassifierCV(LogisticRegression(C=1.0, max_iter=1000, random_state=seed), method="sigmoid", cv=5)


def train_churn(
    data_dir: Path | None, out_dir: Path, seed: int = 13, labels: Path | None = None, calls: Path | None = None
) -> dict[str, Any]:
    """Without `labels`: install the transparent weights. With a CSV of `conversation_id,churned`
    (features in the CSV or in `calls.parquet` under `data_dir`/`calls`): fit a calibrated logistic
    model, report Brier and reliability on a seeded 25% hold-out, then refit on everything."""
    out_dir = Path(out_dir)
    if labels is None:
        return _install_transparent(out_dir)
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    rows = _labelled_rows(Path(labels), data_dir, calls)
    y = rows["churned"].astype(str).str.lower().isin(["1", "true", "yes", "y"]).astype(int).to_numpy()
    if y.min() == y.max():
        raise ValueError(f"{labels}: needs both churned and retained customers")
    x = churn_module.churn_feature_matrix(rows.to_dict(orient="records"))
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y)
    held_out = _churn_estimator(seed).fit(x_train, y_train).predict_proba(x_test)[:, 1]
    transparent = churn_module.TransparentChurnScorer.from_yaml(churn_module.DEFAULT_WEIGHTS).predict_proba_matrix(x_test)
    evaluation = {
        "n_train": int(len(y_train)),
        "n_test": int(len(y_test)),
        "base_rate": float(y.mean()),
        "brier": metrics.binary_brier(y_test, held_out),
        "brier_base_rate_only": metrics.binary_brier(y_test, np.full(len(y_test), y_train.mean())),
        "brier_transparent_weights": metrics.binary_brier(y_test, transparent),
        "auc": float(roc_auc_score(y_test, held_out)),
        "auc_transparent_weights": float(roc_auc_score(y_test, transparent)),
        "ece": metrics.expected_calibration_error(y_test, held_out),
        "reliability": metrics.reliability_table(y_test, held_out),
    }
    final = _churn_estimator(seed).fit(x, y)
    readable = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    meta = {
        "kind": "fitted",
        "trained_at": _now(),
        "command": f"cxm train churn --labels {labels}",
        "labels": str(labels),
        "labels_sha256": _sha256_text(Path(labels)),
        "estimator": "CalibratedClassifierCV(LogisticRegression, method=sigmoid, cv=5)",
        "features": list(churn_module.CHURN_FEATURES),
        "coefficients_uncalibrated": dict(zip(churn_module.CHURN_FEATURES, map(float, readable.coef_[0]))),
        "intercept_uncalibrated": float(readable.intercept_[0]),
        "seed": seed,
        "metrics": evaluation,
    }
    stale = out_dir / churn_module.WEIGHTS_FILE
    if stale.exists():
        stale.unlink()
    save_model(final, out_dir, churn_module.MODEL_FILE, meta)
    return meta
