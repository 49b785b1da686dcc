"""The hybrid head keeps the committed artifacts small without changing what it predicts.

Fitted on the project's own contact-centre intent examples with the real encoder (about a hundred
short texts, a few seconds), so pruning and the compact store are checked on real n-gram weights.
"""

from __future__ import annotations

import numpy as np
import pytest

from cxmaturity.classify.datasets import load_own_intents
from cxmaturity.classify.heads import HybridHead
from cxmaturity.modelstore import load_model, models_dir, save_model

ARTIFACT_LIMIT_BYTES = 5 * 1024 * 1024  # the team's hook flags anything bigger in models/


@pytest.fixture(scope="module")
def own_intents():
    from cxmaturity.classify.encoder import get_encoder

    frame = load_own_intents()
    texts, labels = frame["text"].tolist(), frame["label"].tolist()
    return texts, labels, get_encoder().encode(texts)


def _head(max_ngram_features: int | None) -> HybridHead:
    return HybridHead(
        embedding="both",
        embedding_weight=0.05,
        C=1.0,
        ngrams="words+chars",
        classifier="logreg",
        max_ngram_features=max_ngram_features,
        seed=13,
    )


def test_pruning_keeps_the_strongest_ngrams_and_refits(own_intents):
    texts, labels, encoded = own_intents
    full = _head(None)
    full.fit(texts, full.select(encoded), labels)
    pruned = _head(300)
    pruned.fit(texts, pruned.select(encoded), labels)

    assert full._ngram_width() > 300
    assert pruned._ngram_width() == 300
    n_dense = encoded.features.shape[1] + encoded.sentence.shape[1]
    assert pruned.classifier.coef_.shape == (len(set(labels)), n_dense + 300)
    # The kept n-grams are the ones that mattered: the head still fits its own training texts.
    training_accuracy = np.mean(pruned.predict(texts, pruned.select(encoded)) == np.array(labels))
    assert training_accuracy >= 0.95


def test_stored_state_is_compact_and_predicts_the_same(own_intents, tmp_path):
    texts, labels, encoded = own_intents
    head = _head(300)
    head.fit(texts, head.select(encoded), labels)
    state = head.to_state()
    assert state["classifier"].coef_.dtype == np.float16
    assert all(v.dtype == np.uint8 for v in state["vocabularies"].values())
    assert head.classifier.coef_.dtype != np.float16  # storing does not degrade the live head

    save_model(state, tmp_path, "head.skops")
    loaded = HybridHead.from_state(load_model(tmp_path, "head.skops"))
    assert loaded.classifier.coef_.dtype == np.float32
    assert loaded._ngram_width() == 300
    before = head.predict_proba(texts, head.select(encoded))
    after = loaded.predict_proba(texts, loaded.select(encoded))
    assert np.abs(before - after).max() < 0.01
    assert (before.argmax(axis=1) == after.argmax(axis=1)).all()


@pytest.mark.parametrize(
    "name, filename",
    [("sentiment", "sentiment_head.skops"), ("sentiment", "sentiment_branch.npz"), ("intent", "intent_head.skops")],
)
def test_committed_artifacts_stay_under_the_size_limit(name, filename):
    path = models_dir() / name / filename
    if not path.exists():
        pytest.fail(f"{path} missing: run `cxm train {name}`")
    assert path.stat().st_size < ARTIFACT_LIMIT_BYTES


@pytest.fixture(scope="module")
def own_sentiment():
    from cxmaturity.classify.datasets import load_own_sentiment
    from cxmaturity.classify.encoder import get_encoder

    frame = load_own_sentiment()
    return frame, get_encoder().encode(frame["text"].tolist())


def _speaker_aware_head() -> HybridHead:
    return HybridHead(
        embedding="both",
        embedding_weight=1.0,
        use_vader=True,
        vader_weight=3.0,
        C=0.01,
        ngrams="none",
        classifier="logreg",
        class_weight="balanced",
        service_weight=3.0,
        seed=13,
    )


def test_speaker_aware_head_reads_only_service_turns_differently(own_sentiment, tmp_path):
    frame, encoded = own_sentiment
    texts, speakers = frame["text"].tolist(), frame["speaker"].tolist()
    head = _speaker_aware_head().fit(texts, _speaker_aware_head().select(encoded), frame["label"].tolist(), speakers)
    view = head.select(encoded)
    customer_side = head.predict_proba(texts, view, ["customer"] * len(texts))
    # No speakers means customer-side, and so does any role that does not talk for the business.
    assert np.array_equal(head.predict_proba(texts, view), customer_side)
    assert np.array_equal(head.predict_proba(texts, view, ["unknown"] * len(texts)), customer_side)
    as_agent = head.predict_proba(texts, view, ["agent"] * len(texts))
    assert np.abs(as_agent - customer_side).max() > 0.05
    assert np.array_equal(head.predict_proba(texts, view, ["bot"] * len(texts)), as_agent)
    with pytest.raises(ValueError, match="speakers"):
        head.predict_proba(texts, view, ["agent"])

    save_model(head.to_state(), tmp_path, "head.skops")
    loaded = HybridHead.from_state(load_model(tmp_path, "head.skops"))
    assert loaded.service_weight == 3.0
    assert np.abs(loaded.predict_proba(texts, view, speakers) - head.predict_proba(texts, view, speakers)).max() < 0.01


def test_head_without_service_block_ignores_speakers(own_sentiment):
    frame, encoded = own_sentiment
    texts = frame["text"].tolist()
    head = HybridHead(embedding="sentence", embedding_weight=1.0, C=0.1, ngrams="none", classifier="logreg", seed=13)
    head.fit(texts, encoded.sentence, frame["label"].tolist(), frame["speaker"].tolist())
    assert np.array_equal(
        head.predict_proba(texts, encoded.sentence, ["agent"] * len(texts)), head.predict_proba(texts, encoded.sentence)
    )
