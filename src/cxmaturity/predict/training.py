"""`cxm train csat` and `cxm train churn`: fit, evaluate on a held-out split, save hash-checked.

CSAT, at CALL level: every USS dialogue (Sun et al. 2021) becomes a call without its final OVERALL
line (`uss.call_examples`) and goes through the real `classify` and `signals` stages, built from
the default pipeline's config as `cxm analyze` builds them, so the features
(`predict.features.csat_feature_matrix`) are computed on exactly what serving sees, and retraining
the sentiment or signals model and then this one carries the change through. The label is the
mean of the annotators' OVERALL votes. A seeded 20% of dialogues per sub-corpus is held out
(`split_dialogues`, as the turn-level benchmark); the estimator is chosen among `CANDIDATES` by
5-fold cross-validation on the training dialogues only, and the calibration and rating scale are
fitted on its out-of-fold predictions. The held-out dialogues are scored once, at the end.
Churn: no public labels exist, so without `--labels` the transparent weights are installed;
with a centre's labelled outcomes a calibrated logistic model is fitted and evaluated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from cxmaturity.modelstore import read_meta, save_model
from cxmaturity.predict import churn as churn_module
from cxmaturity.predict import metrics
from cxmaturity.predict.csat import (
    DISSATISFIED_BELOW,
    MODEL_KIND,
    CsatModel,
    RatingScale,
    sentiment_training_data,
    upstream_models,
)
from cxmaturity.predict.csat import MODEL_FILE as CSAT_FILE
from cxmaturity.predict.evaluation import baseline_scores, call_level_metrics
from cxmaturity.predict.features import (
    EMBEDDING_BLOCKS,
    EMBEDDING_DIM,
    FEATURE_NAMES,
    csat_feature_matrix,
)
from cxmaturity.predict.model_card import write_csat_card
from cxmaturity.predict.uss import (
    CallExample,
    call_examples,
    load_uss,
    resolve_uss_dir,
    split_dialogues,
)

log = logging.getLogger(__name__)
ANALYSIS_STAGES = ("classify", "signals")
MIN_SUPPORT = 0.01  # a named feature must differ from its usual value in >= 1% of training calls
CLIP_QUANTILES = (0.001, 0.999)
BOUND_SD = 5.0  # standardised inputs are bounded to +-5 training standard deviations
CV_FOLDS = 5
# The estimators compared by cross-validation on the training dialogues (name -> settings).
CANDIDATES: dict[str, dict[str, Any]] = {
    "ridge_named_a1000": {"estimator": "ridge", "pca": 0, "alpha": 1000.0},
    "ridge_pca8_a1000": {"estimator": "ridge", "pca": 8, "alpha": 1000.0},
    "ridge_pca16_a3000": {"estimator": "ridge", "pca": 16, "alpha": 3000.0},
    "ridge_pca32_a3000": {"estimator": "ridge", "pca": 32, "alpha": 3000.0},
    "ridge_pca32_a10000": {"estimator": "ridge", "pca": 32, "alpha": 10000.0},
    "boosting_pca8": {"estimator": "boosting", "pca": 8},
}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _sha256_text(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def analyse_calls(
    calls: Sequence[CallExample], pipeline: Path | None = None, precision: str = "fp32"
) -> dict[str, Any]:
    """Run the `classify` and `signals` stages of the pipeline config (default: the one `cxm analyze`
    uses) over the calls, in place; returns the stages' settings, time and models. The models are
    recorded as the stages LOAD them (`upstream`): a model replaced on disk while the pass runs
    must not be credited with features it did not compute. The encoder pass runs in `precision`
    whatever the config says (`auto` would make the training data depend on the CPU that trained)."""
    from cxmaturity.pipeline.config import load_pipeline
    from cxmaturity.pipeline.registry import get_stage

    config = load_pipeline(pipeline)
    upstream, sentiment_data = upstream_models(), sentiment_training_data()
    stages = []
    for name in ANALYSIS_STAGES:
        spec = config.stage(name)
        settings = dict(spec.config) if spec else {}
        if name == "classify":
            settings["precision"] = precision
        stage = get_stage(name)(**settings)
        stages.append((name, settings, stage, stage.model_info()))
    if upstream_models() != upstream:
        raise RuntimeError("the sentiment or signals model changed while the stages loaded it; run again")
    conversations = [c.conversation for c in calls]
    info: dict[str, Any] = {"pipeline": str(config.path), "upstream": upstream, "sentiment_data": sentiment_data}
    for name, settings, stage, models in stages:
        started = time.monotonic()
        conversations = list(stage.pipe(conversations))
        info[name] = {"config": settings, "seconds": round(time.monotonic() - started, 1), "models": models}
        log.info("%s stage over %d USS calls: %.0f s", name, len(conversations), info[name]["seconds"])
    return info


# --- the estimator ---------------------------------------------------------------------------
def _named_columns(x_train: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The named features the data can teach (value differs from the column's most common one in
    at least `MIN_SUPPORT` of training rows) and their training range. Signals USS's assistant
    dialogues almost never show (holds, wait complaints, bots, ...) would otherwise get a weight
    fitted on a handful of calls and, standardised, dominate every contact-centre call in which
    they fire; clipping keeps counts and lengths of long calls inside what was seen."""
    named = x_train[:, : len(FEATURE_NAMES)]
    kept = []
    for column in range(named.shape[1]):
        _, counts = np.unique(named[:, column], return_counts=True)
        if 1.0 - counts.max() / len(named) >= MIN_SUPPORT:
            kept.append(column)
    kept_index = np.array(kept, dtype=np.int64)
    low, high = np.quantile(named[:, kept_index], CLIP_QUANTILES, axis=0)
    return kept_index, low, high


def feature_transformer(x_train: np.ndarray, seed: int, pca_components: int):
    """Clip + scale the supported named features; reduce each 384-d embedding block by PCA (fitted
    inside the pipeline, so on training rows only); `pca_components` 0 leaves the embeddings out."""
    from sklearn.compose import ColumnTransformer
    from sklearn.decomposition import PCA
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    kept, low, high = _named_columns(x_train)
    clip = FunctionTransformer(np.clip, kw_args={"a_min": low, "a_max": high})
    # Column indexes as numpy arrays: skops stores those as compact .npy, Python lists as JSON.
    parts: list[tuple[str, Any, np.ndarray]] = [
        ("named", Pipeline([("clip", clip), ("scale", StandardScaler())]), kept)
    ]
    if pca_components:
        for block, name in enumerate(EMBEDDING_BLOCKS):
            first = len(FEATURE_NAMES) + block * EMBEDDING_DIM
            parts.append((name, PCA(pca_components, random_state=seed), np.arange(first, first + EMBEDDING_DIM)))
    return ColumnTransformer(parts)


def bounded_scaler():
    """StandardScaler, then every column bounded to +-`BOUND_SD`. A PCA component with almost no
    variance in training (a corpus with few distinct texts) would otherwise be divided by ~0 and
    let one unusual call reach any score; a contact-centre call far from everything USS shows
    moves the score as far as the most extreme training call, no further."""
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    bound = FunctionTransformer(np.clip, kw_args={"a_min": -BOUND_SD, "a_max": BOUND_SD})
    return Pipeline([("standardise", StandardScaler()), ("bound", bound)])


def make_regressor(settings: dict[str, Any], x_train: np.ndarray, seed: int):
    """One candidate: ridge regression on the standardised features, or shallow, strongly
    regularised gradient boosting, both predicting the mean OVERALL rating."""
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import Pipeline

    features = feature_transformer(x_train, seed, int(settings["pca"]))
    if settings["estimator"] == "ridge":
        return Pipeline(
            [("features", features), ("scale", bounded_scaler()), ("ridge", Ridge(alpha=float(settings["alpha"])))]
        )
    if settings["estimator"] == "boosting":
        booster = HistGradientBoostingRegressor(
            learning_rate=0.05, max_iter=300, max_depth=3, min_samples_leaf=40, l2_regularization=1.0, random_state=seed
        )
        return Pipeline([("features", features), ("boosting", booster)])
    raise ValueError(f"unknown estimator {settings['estimator']!r}")


def _describe(settings: dict[str, Any]) -> str:
    embeddings = (
        f"PCA({settings['pca']}) per text-embedding block x {len(EMBEDDING_BLOCKS)}"
        if settings["pca"]
        else "no text embeddings"
    )
    head = (
        f"StandardScaler bounded to +-{BOUND_SD:g} SD, Ridge(alpha={settings['alpha']:g})"
        if settings["estimator"] == "ridge"
        else "HistGradientBoostingRegressor(depth 3, 300 x 0.05, min leaf 40, l2 1.0)"
    )
    return (
        "Pipeline(ColumnTransformer(clip + StandardScaler on the named features with >= 1% support; "
        f"{embeddings}), {head})"
    )


def _features_used(regressor: Any) -> list[str]:
    kept = regressor.named_steps["features"].transformers_[0][2]
    return [FEATURE_NAMES[int(i)] for i in kept]


# --- model selection -------------------------------------------------------------------------
def _per_part_rho(labels: np.ndarray, scores: np.ndarray, parts: np.ndarray) -> dict[str, float]:
    rho = {
        p: metrics.spearman_tie_corrected(labels[parts == p].tolist(), scores[parts == p].tolist())
        for p in sorted(set(parts))
    }
    rho["mean_over_parts"] = float(np.mean([rho[p] for p in sorted(set(parts))]))
    rho["all"] = metrics.spearman_tie_corrected(labels.tolist(), scores.tolist())
    return rho


def cross_validate(
    x: np.ndarray, labels: np.ndarray, parts: np.ndarray, seed: int, candidates: dict[str, dict[str, Any]] = CANDIDATES
) -> tuple[dict[str, dict[str, float]], dict[str, np.ndarray]]:
    """Out-of-fold predictions of every candidate (folds stratified by sub-corpus, the same folds
    for all) and their Spearman rho with the label, per sub-corpus and pooled."""
    from sklearn.model_selection import StratifiedKFold

    folds = list(StratifiedKFold(CV_FOLDS, shuffle=True, random_state=seed).split(x, parts))
    scores, predictions = {}, {}
    for name, settings in candidates.items():
        oof = np.zeros(len(labels))
        for train, test in folds:
            oof[test] = make_regressor(settings, x[train], seed).fit(x[train], labels[train]).predict(x[test])
        predictions[name] = oof
        scores[name] = _per_part_rho(labels, oof, parts)
        log.info("CSAT candidate %s: cross-validated rho %.3f (mean over parts)", name, scores[name]["mean_over_parts"])
    return scores, predictions


def fit_calibration(scores: np.ndarray, dissatisfied: np.ndarray):
    """P(dissatisfied) from the regressor's score: logistic (Platt) on out-of-fold scores. Two
    parameters, so ~100 dissatisfied training calls are enough to fit it without overfitting."""
    from sklearn.linear_model import LogisticRegression

    if dissatisfied.min() == dissatisfied.max():
        raise ValueError("the training calls need both dissatisfied and other calls to calibrate P(dissatisfied)")
    return LogisticRegression(C=1e4).fit(np.asarray(scores, dtype=float).reshape(-1, 1), dissatisfied.astype(int))


def fit_csat_model(
    x: np.ndarray, labels: np.ndarray, parts: np.ndarray, seed: int
) -> tuple[CsatModel, str, dict[str, dict[str, float]]]:
    """Choose the candidate by cross-validation, refit it on every training call, and fit the
    calibration and rating scale on its out-of-fold scores (in-sample scores would be too spread
    and too confident). Returns the model, the chosen candidate and every candidate's CV figures."""
    cv_scores, oof = cross_validate(x, labels, parts, seed)
    chosen = max(cv_scores, key=lambda name: np.nan_to_num(cv_scores[name]["mean_over_parts"], nan=-1.0))
    regressor = make_regressor(CANDIDATES[chosen], x, seed).fit(x, labels)
    calibration = fit_calibration(oof[chosen], labels < DISSATISFIED_BELOW)
    return CsatModel(regressor, calibration, RatingScale.fit(oof[chosen], labels)), chosen, cv_scores


# --- training --------------------------------------------------------------------------------
def _labels(calls: Sequence[CallExample]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.array([c.overall_mean for c in calls]),
        np.array([c.overall_majority for c in calls]),
        np.array([c.part for c in calls]),
    )


def train_csat(
    data_dir: Path,
    out_dir: Path,
    seed: int = 13,
    calls: Sequence[CallExample] | None = None,
    analysis: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Train the call-level CSAT model on USS, evaluate it on the held-out dialogues, save it and
    its model card to `out_dir`. `calls` and `analysis`: USS calls already through `analyse_calls`
    and what it returned (the benchmark reuses one classify pass), else built and analysed here."""
    from sklearn import __version__ as sklearn_version

    from cxmaturity.classify.encoder import get_encoder

    started = time.monotonic()
    uss_dir = resolve_uss_dir(data_dir)
    dialogues = load_uss(uss_dir)
    analysed_elsewhere = 0.0  # stage time spent before this call, counted in training_seconds
    if calls is None:
        calls = call_examples(dialogues)
        analysis = analyse_calls(calls)
    else:
        analysed_elsewhere = sum(
            v.get("seconds", 0.0) for k, v in (analysis or {}).items() if k in ANALYSIS_STAGES and isinstance(v, dict)
        )
    held_out = {(d.part, d.index) for d in split_dialogues(dialogues, seed=seed)[1]}
    train_calls = [c for c in calls if (c.part, c.dialogue) not in held_out]
    test_calls = [c for c in calls if (c.part, c.dialogue) in held_out]
    x_train = csat_feature_matrix([c.conversation for c in train_calls])
    y_train, _, parts_train = _labels(train_calls)

    # Small matrices: one BLAS thread is much faster than two contending (measured 100x for the PCA
    # fits on a busy 2-core machine), and leaves the other core to whoever shares it.
    with threadpool_limits(1):
        model, chosen, cv_scores = fit_csat_model(x_train, y_train, parts_train, seed)
        settings = CANDIDATES[chosen]
        x_test = csat_feature_matrix([c.conversation for c in test_calls])
        y_test, majority_test, parts_test = _labels(test_calls)
        prediction = model.predict_matrix(x_test)
        evaluation = call_level_metrics(
            y_test,
            majority_test,
            parts_test,
            prediction,
            baseline_scores([c.conversation for c in test_calls]),
            seed,
            training_mean=float(y_train.mean()),
            base_rate=float(np.mean(y_train < DISSATISFIED_BELOW)),
        )
    meta = {
        "kind": MODEL_KIND,
        "trained_at": _now(),
        "command": "cxm train csat",
        "seed": seed,
        "data": {
            "name": "User Satisfaction Simulation (USS), Sun et al. SIGIR 2021: SGD, MWOZ, ReDial, CCPE",
            "path": str(uss_dir),
            "files_sha256": {f.name: _sha256_text(f) for f in sorted(uss_dir.glob("*.txt"))},
            "licence": "no licence file in the source repository (research release); underlying corpora CC BY / CC "
            "BY-SA / MIT",
            "split": "seeded 20% of dialogues per sub-corpus held out (split_dialogues)",
            "input": "each dialogue as a chat call WITHOUT its final OVERALL line (USER -> customer, SYSTEM -> agent)",
            "label": "mean of the annotators' OVERALL votes (the whole dialogue's rating); majority vote reported "
            "alongside",
            "dissatisfied": f"mean OVERALL rating < {DISSATISFIED_BELOW}",
            "n_train_calls": len(train_calls),
            "n_test_calls": len(test_calls),
            "n_train_dissatisfied": int((y_train < DISSATISFIED_BELOW).sum()),
        },
        "analysis": {k: v for k, v in (analysis or {}).items() if k not in ("upstream", "sentiment_data")},
        # What the features were computed behind: as the stages loaded it, else (calls analysed
        # elsewhere without a record) what is installed now.
        "upstream": (analysis or {}).get("upstream") or upstream_models(),
        "sentiment_data": (analysis or {}).get("sentiment_data") or sentiment_training_data(),
        "estimator": _describe(settings),
        "estimator_choice": {
            "chosen": chosen,
            "criterion": f"{CV_FOLDS}-fold cross-validated Spearman rho with the mean OVERALL rating, averaged over "
            "the sub-corpora (training dialogues only)",
            "candidates": {name: {"settings": CANDIDATES[name], "cv_rho": cv_scores[name]} for name in CANDIDATES},
            "baselines_rho": {  # the same figure for the baselines on the training calls (nothing to fit)
                name: _per_part_rho(y_train, values, parts_train)
                for name, values in baseline_scores([c.conversation for c in train_calls]).items()
            },
        },
        "calibration": "logistic (Platt) on the out-of-fold regression score",
        "predicted_csat": "regression score on the rating scale: linear map giving out-of-fold scores the training "
        "ratings' mean and sd, clipped to 1..5",
        "rating_scale": dataclasses.asdict(model.scale),
        "features": list(FEATURE_NAMES),
        "features_used": _features_used(model.regressor),
        "embedding_blocks": list(EMBEDDING_BLOCKS),
        "embedding_dim": EMBEDDING_DIM,
        "encoder": get_encoder().info(),
        "sklearn_version": sklearn_version,
        "training_seconds": round(time.monotonic() - started + analysed_elsewhere, 1),
        "metrics": evaluation,
    }
    out_dir = Path(out_dir)
    save_model(model.parts(), out_dir, CSAT_FILE, meta)
    meta = read_meta(out_dir)  # the card from exactly what is on disk (key order, JSON floats), as its test does
    write_csat_card(out_dir, meta, (out_dir / CSAT_FILE).stat().st_size)
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
    x = churn_module.churn_feature_matrix(churn_module.call_records(rows))
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y)
    held_out = _churn_estimator(seed).fit(x_train, y_train).predict_proba(x_test)[:, 1]
    transparent = churn_module.TransparentChurnScorer.from_yaml(churn_module.DEFAULT_WEIGHTS).predict_proba_matrix(
        x_test
    )
    evaluation = {
        "n_train": len(y_train),
        "n_test": len(y_test),
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
        "coefficients_uncalibrated": dict(zip(churn_module.CHURN_FEATURES, map(float, readable.coef_[0]), strict=True)),
        "intercept_uncalibrated": float(readable.intercept_[0]),
        "seed": seed,
        "metrics": evaluation,
    }
    stale = out_dir / churn_module.WEIGHTS_FILE
    if stale.exists():
        stale.unlink()
    save_model(final, out_dir, churn_module.MODEL_FILE, meta)
    return meta
