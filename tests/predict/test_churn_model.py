"""Churn: the stated weights load and score as documented; retraining on labelled outcomes works
(checked on a SYNTHETIC labelled set: no public churn labels exist)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import yaml

from cxmaturity.modelstore import ModelIntegrityError
from cxmaturity.predict.churn import (
    CHURN_FEATURES,
    DEFAULT_WEIGHTS,
    FittedChurnModel,
    TransparentChurnScorer,
    churn_features,
    load_churn_model,
)
from cxmaturity.predict.synthetic import make_synthetic_churn_set
from cxmaturity.predict.training import train_churn


def test_packaged_weights_load_and_name_only_known_features() -> None:
    spec = yaml.safe_load(DEFAULT_WEIGHTS.read_text())
    scorer = TransparentChurnScorer.from_yaml(DEFAULT_WEIGHTS)
    assert set(scorer.weights) == set(spec["weights"]) <= set(CHURN_FEATURES)
    assert scorer.intercept == spec["intercept"]


def test_transparent_score_is_the_stated_logistic() -> None:
    scorer = TransparentChurnScorer.from_yaml(DEFAULT_WEIGHTS)
    quiet = {"resolved": True, "transfers": 0, "customer_sentiment_end": 0.5}
    leaving = {
        "resolved": False,
        "transfers": 5,
        "cancellation_mention": True,
        "competitor_mention": True,
        "customer_sentiment_end": -0.8,
    }
    risk_quiet, risk_leaving = scorer.predict_proba_calls([quiet, leaving])
    assert risk_quiet == pytest.approx(1 / (1 + math.exp(-scorer.intercept)))
    expected_logit = (
        scorer.intercept
        + sum(
            scorer.weights[k]
            for k in ("cancellation_mention", "competitor_mention", "unresolved", "negative_sentiment_end")
        )
        + 3 * scorer.weights["transfers"]
    )
    assert risk_leaving == pytest.approx(1 / (1 + math.exp(-expected_logit)))
    assert 0 < risk_quiet < 0.1 < 0.5 < risk_leaving < 1


def test_unknown_values_are_not_evidence() -> None:
    features = churn_features({"resolved": None, "repeat_contact_7d": float("nan"), "csat_dissatisfied_proba": None})
    assert features["unresolved"] == 0.0 and features["repeat_contact_7d"] == 0.0
    assert churn_features({"sentiment_end": "negative"})["negative_sentiment_end"] == 1.0


def test_weights_file_rejects_unknown_feature(tmp_path) -> None:
    bad = tmp_path / "weights.yaml"
    bad.write_text("intercept: -3\nweights:\n  shoe_size: 1.0\n")
    with pytest.raises(ValueError, match="unknown churn features"):
        TransparentChurnScorer.from_yaml(bad)


def test_installed_weights_are_hash_checked(tmp_path) -> None:
    meta = train_churn(None, tmp_path)
    assert meta["kind"] == "transparent"
    model = load_churn_model(tmp_path)
    assert isinstance(model, TransparentChurnScorer)
    weights = tmp_path / "weights.yaml"
    weights.write_text(weights.read_text().replace("cancellation_mention: 1.8", "cancellation_mention: -9"))
    with pytest.raises(ModelIntegrityError):
        load_churn_model(tmp_path)


def test_retrain_on_labelled_outcomes_synthetic(tmp_path) -> None:
    labels = tmp_path / "labels.csv"
    make_synthetic_churn_set(n=3000, seed=5).to_csv(labels, index=False)
    meta = train_churn(None, tmp_path / "churn", labels=labels)
    scores = meta["metrics"]
    assert meta["kind"] == "fitted"
    assert scores["brier"] < scores["brier_base_rate_only"]  # it learned something
    assert scores["ece"] < 0.05  # and its probabilities are calibrated
    assert scores["auc"] > 0.7
    model = load_churn_model(tmp_path / "churn")
    assert isinstance(model, FittedChurnModel)
    risks = model.predict_proba_calls([{"cancellation_mention": True, "resolved": False}, {"resolved": True}])
    assert risks[0] > risks[1] and np.all((risks >= 0) & (risks <= 1))
    recorded = json.loads((tmp_path / "churn" / "meta.json").read_text())
    assert recorded["features"] == list(CHURN_FEATURES)


def test_labels_joined_to_calls_parquet(tmp_path) -> None:
    frame = make_synthetic_churn_set(n=600, seed=2)
    frame.drop(columns=["churned"]).to_parquet(tmp_path / "calls.parquet", index=False)
    frame[["conversation_id", "churned"]].to_csv(tmp_path / "labels.csv", index=False)
    meta = train_churn(tmp_path, tmp_path / "churn", labels=tmp_path / "labels.csv")
    assert meta["metrics"]["n_train"] + meta["metrics"]["n_test"] == 600


def test_labels_without_features_are_refused(tmp_path) -> None:
    (tmp_path / "labels.csv").write_text("conversation_id,churned\nc1,1\nc2,0\n")
    with pytest.raises(FileNotFoundError, match="calls.parquet"):
        train_churn(None, tmp_path / "out", labels=tmp_path / "labels.csv")
