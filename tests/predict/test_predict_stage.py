"""The predict stage fills its columns in range from the shipped, hash-checked models; its text
features reuse the classify stage's turn embeddings and equal what it would compute itself."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from cxmaturity.classify.encoder import get_encoder
from cxmaturity.model import Conversation, Turn
from cxmaturity.modelstore import ModelIntegrityError, models_dir
from cxmaturity.predict.csat import load_csat_model
from cxmaturity.predict.features import (
    EMBEDDING_DIM,
    FEATURE_NAMES,
    N_COLUMNS,
    MissingSignalsError,
    csat_feature_matrix,
    csat_features,
)
from cxmaturity.predict.stage import PredictStage
from cxmaturity.signals.stage import SignalsStage


@pytest.fixture(scope="module")
def signals() -> SignalsStage:
    return SignalsStage()


@pytest.fixture(scope="module")
def predict() -> PredictStage:
    return PredictStage()


def angry_call() -> Conversation:
    return Conversation("angry", [
        Turn("agent", "Thanks for calling, how can I help?"),
        Turn("customer", "I've been waiting for 40 minutes and my internet is still not working. This is the third time I'm calling."),
        Turn("agent", "Unfortunately I can't find any fault on the line."),
        Turn("customer", "That's not good enough. I want to cancel and go to another provider."),
        Turn("agent", "I'm afraid I'm unable to do anything else today."),
        Turn("customer", "Useless. Let me speak to a manager."),
    ], channel="chat")


def happy_call() -> Conversation:
    return Conversation("happy", [
        Turn("agent", "Good morning, thank you for calling, how can I help?"),
        Turn("customer", "Hi, I'd like to update my address please."),
        Turn("agent", "Of course, I'll take care of that for you. Done, your new address is saved."),
        Turn("customer", "Perfect, that's great, thank you so much!"),
        Turn("agent", "Is there anything else I can help you with?"),
        Turn("customer", "No, that's all, thanks. You've been really helpful."),
        Turn("agent", "Have a great day!"),
    ], channel="chat")


def test_columns_filled_in_range(signals: SignalsStage, predict: PredictStage) -> None:
    calls = list(predict.pipe(signals.pipe([angry_call(), happy_call()])))
    for conversation in calls:
        call = conversation.call
        assert 1.0 <= call["predicted_csat"] <= 5.0
        assert 0.0 <= call["csat_dissatisfied_proba"] <= 1.0
        assert 0.0 <= call["churn_risk"] <= 1.0
    angry, happy = (c.call for c in calls)
    assert angry["predicted_csat"] < happy["predicted_csat"]
    assert angry["csat_dissatisfied_proba"] > happy["csat_dissatisfied_proba"]
    assert angry["churn_risk"] > happy["churn_risk"]


def test_calls_spread_over_the_rating_scale(signals: SignalsStage, predict: PredictStage) -> None:
    """Not all near 3 (as the plain expected value was): the angry call sits in the lowest quarter of
    the training population, the thankful one above its median."""
    angry, happy = (c.call for c in predict.pipe(signals.pipe([angry_call(), happy_call()])))
    scale = predict.csat.scale
    quantile = dict(zip((25, 50), scale.to_rating(np.array([scale.expected_quantiles[50], scale.expected_quantiles[100]]))))
    assert angry["predicted_csat"] < quantile[25] < quantile[50] < happy["predicted_csat"]
    assert happy["predicted_csat"] - angry["predicted_csat"] > 0.5


def classify_style_embeddings(conversation: Conversation) -> np.ndarray:
    """What the classify stage leaves on a conversation: one encoder pass over the spoken/typed
    turns with text, the normalised sentence embedding per turn, zero rows for the others."""
    rows = [i for i, t in enumerate(conversation.turns) if t.speaker != "system" and t.text.strip()]
    encoded = get_encoder().encode([conversation.turns[i].text for i in rows]).sentence
    matrix = np.zeros((len(conversation.turns), EMBEDDING_DIM), dtype=np.float32)
    matrix[rows] = encoded
    return matrix


def test_classify_embeddings_give_the_same_features(signals: SignalsStage) -> None:
    own, reused = angry_call(), angry_call()
    for conversation in (own, reused):
        conversation.turns.insert(1, Turn("system", "Transferred to queue: complaints"))
        signals(conversation)
    reused.turn_embeddings = classify_style_embeddings(reused)
    computed = csat_feature_matrix([own])
    assert own.turn_embeddings is not None  # computed once and kept for later stages
    assert computed.shape == (1, N_COLUMNS)
    np.testing.assert_allclose(csat_feature_matrix([reused]), computed, atol=1e-5)


def test_embeddings_on_the_conversation_are_used_not_recomputed(signals: SignalsStage) -> None:
    conversation = signals(happy_call())
    honest = csat_feature_matrix([conversation])
    shifted = classify_style_embeddings(conversation)[::-1].copy()  # right shape, other rows
    conversation.turn_embeddings = shifted
    assert not np.allclose(csat_feature_matrix([conversation]), honest)
    conversation.turn_embeddings = np.zeros((2, EMBEDDING_DIM))  # stale: wrong number of turns
    np.testing.assert_allclose(csat_feature_matrix([conversation]), honest, atol=1e-5)


def test_shipped_csat_model_is_small_and_recorded() -> None:
    directory = models_dir() / "csat"
    assert (directory / "model.skops").stat().st_size < 2_000_000
    meta = json.loads((directory / "meta.json").read_text())
    for part in ("SGD", "MWOZ", "ReDial", "CCPE"):
        scores = meta["metrics"][part]
        assert scores["model"]["uar"] > scores["majority_baseline"]["uar"]
        assert scores["model"]["kappa"] > 0
    overall = meta["metrics"]["all"]
    assert overall["brier_5class"] < overall["brier_5class_prior_only"]
    assert overall["ece_dissatisfied"] < 0.03


def test_rating_scale_is_monotone_and_in_range() -> None:
    scale = load_csat_model().scale
    expected = np.linspace(0.5, 5.5, 201)
    rating = scale.to_rating(expected)
    assert np.all(np.diff(rating) >= 0) and rating.min() >= 1.0 and rating.max() <= 5.0
    median = np.median(scale.expected_quantiles)
    assert 2.5 < scale.to_rating(np.array([median]))[0] < 3.5  # the typical call is a 3


def test_single_call_and_model_info(signals: SignalsStage, predict: PredictStage) -> None:
    call = predict(signals(happy_call())).call
    assert set(call) >= {"predicted_csat", "csat_dissatisfied_proba", "churn_risk"}
    info = predict.model_info()
    assert len(info["csat_model_sha256"]) == 64


def test_predict_requires_signals(predict: PredictStage) -> None:
    with pytest.raises(MissingSignalsError):
        predict(happy_call())


def test_feature_vector_is_complete_and_finite(signals: SignalsStage) -> None:
    for conversation in (angry_call(), happy_call(), Conversation("empty", [])):
        features = csat_features(signals(conversation))
        assert sorted(features) == sorted(FEATURE_NAMES)
        assert np.all(np.isfinite(list(features.values())))
        assert np.all(np.isfinite(csat_feature_matrix([conversation])))


def test_model_store_refuses_a_tampered_csat_model(tmp_path) -> None:
    copy = tmp_path / "csat"
    shutil.copytree(models_dir() / "csat", copy)
    data = bytearray((copy / "model.skops").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / "model.skops").write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="does not match"):
        PredictStage(csat_model=str(copy))


def test_model_store_refuses_a_model_without_recorded_hash(tmp_path) -> None:
    copy = tmp_path / "csat"
    shutil.copytree(models_dir() / "csat", copy)
    (copy / "meta.json").write_text('{"features": []}')
    with pytest.raises(ModelIntegrityError):
        PredictStage(csat_model=str(copy))
