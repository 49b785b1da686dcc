"""Training runs end to end on a subsample and is deterministic (slow: encodes a few thousand texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmaturity.classify.heads import HybridHead
from cxmaturity.modelstore import load_model, read_meta

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data_dir() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("shared training data not present")
    return SHARED_DATA


def _predictions(folder: Path, filename: str, texts: list[str]):
    from cxmaturity.classify.encoder import get_encoder

    head = HybridHead.from_state(load_model(folder, filename))
    return head.predict_proba(texts, head.select(get_encoder().encode(texts)))


def _sentiment_proba(folder: Path, texts: list[str]):
    from cxmaturity.classify.encoder import get_encoder
    from cxmaturity.classify.sentiment import SentimentClassifier

    classifier = SentimentClassifier.load(folder.parent)  # models_dir/sentiment layout
    encoded = get_encoder().encode(texts, branches=classifier.branches)
    return classifier.head.predict_proba(texts, classifier.head.select(encoded))


def test_sentiment_training_is_deterministic(tmp_path, data_dir):
    from cxmaturity.classify.training import train_sentiment

    first = train_sentiment(data_dir, tmp_path / "a" / "sentiment", seed=7, max_rows_per_source=150)
    second = train_sentiment(data_dir, tmp_path / "b" / "sentiment", seed=7, max_rows_per_source=150)
    assert first["held_out"] == second["held_out"]
    assert {"combined", "goemotions", "tweeteval", "contact_centre_own"} <= set(first["held_out"])
    assert not any(name.startswith("uss") for name in first["held_out"])
    assert set(first["held_out"]["goemotions"]["ours"]["recall"]) == {"negative", "neutral", "positive"}
    assert "cxm train sentiment" in (tmp_path / "a" / "sentiment" / "MODEL_CARD.md").read_text()
    assert set(read_meta(tmp_path / "a" / "sentiment")["files"]) == {"sentiment_head.skops", "sentiment_branch.npz"}
    texts = [
        "Thanks so much, that's perfect",
        "This is a disgrace, I want a refund",
        "My account number is [US_BANK_NUMBER]",
    ]
    a = _sentiment_proba(tmp_path / "a" / "sentiment", texts)
    b = _sentiment_proba(tmp_path / "b" / "sentiment", texts)
    assert (a == b).all()


def test_intent_training_is_deterministic(tmp_path, data_dir):
    from cxmaturity.classify.training import train_intent

    first = train_intent(data_dir, tmp_path / "a", seed=7, max_rows_per_source=1500)
    second = train_intent(data_dir, tmp_path / "b", seed=7, max_rows_per_source=1500)
    assert first["held_out"] == second["held_out"]
    fine = first["held_out"]["banking77_fine"]
    assert fine["ours"]["accuracy"] > fine["prototype"]["accuracy"]
    # scored over Banking77's own intents, a query the full argmax gets right stays right
    assert fine["ours"]["accuracy"] >= fine["ours_any_fine_intent"]["accuracy"]
    texts = ["I lost my card yesterday", "cancel my account please"]
    assert (
        _predictions(tmp_path / "a", "intent_head.skops", texts)
        == _predictions(tmp_path / "b", "intent_head.skops", texts)
    ).all()
