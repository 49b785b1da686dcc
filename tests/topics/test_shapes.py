"""Odd shapes the topics stage must survive, and the hand-off from the classify stage.

Most tests run the stage on small tables built here (fast); two run the real pipeline on a handful of
conversations (the models are loaded once per process, so these are quick after the planted run).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from cxmaturity.errors import ConfigError
from cxmaturity.pipeline.stage import Corpus
from cxmaturity.topics.clustering import candidate_ks, cluster, ctfidf_terms
from cxmaturity.topics.stage import TOPIC_SCHEMA, TopicsStage
from tests.topics.test_planted_reasons import run_pipeline


def _vectors(groups: list[int], seed: int = 0, spread: float = 0.05) -> np.ndarray:
    """Unit vectors in tight groups around random centres, `groups[i]` vectors in group i."""
    rng = np.random.default_rng(seed)
    rows = []
    for size in groups:
        centre = rng.normal(size=384)
        rows += [centre / np.linalg.norm(centre) + rng.normal(0, spread, 384) for _ in range(size)]
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _write_run(folder: Path, vectors, intents, texts=None, started=None) -> Path:
    n = len(intents)
    calls = pd.DataFrame(
        {
            "conversation_id": [f"c{i}" for i in range(n)],
            "agent_id": ["agent-7"] * n,
            "intent": intents,
            "intent_confidence": [0.2 if intent == "other" else 0.95 for intent in intents],
            "started_at": started if started is not None else ["2026-05-01T09:00:00Z"] * n,
            "reason_turn": [1 if v is not None else None for v in vectors],
            "reason_embedding": list(vectors),
        }
    )
    calls.to_parquet(folder / "calls.parquet", index=False)
    texts = texts if texts is not None else [f"reason text number {i}" for i in range(n)]
    turns = pd.DataFrame(
        {"conversation_id": [f"c{i}" for i in range(n)], "turn_index": 1, "speaker": "customer", "text": texts}
    )
    turns.to_parquet(folder / "turns.parquet", index=False)
    return folder


def _run(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    TopicsStage()(Corpus(out_dir=folder))
    return pd.read_parquet(folder / "calls.parquet"), pd.read_parquet(folder / "topics.parquet")


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_corpus_of_one_to_three_calls_is_one_topic(tmp_path: Path, n: int) -> None:
    calls, topics = _run(_write_run(tmp_path, list(_vectors([n])), ["billing"] * n))
    assert len(topics) == 1 and topics["size"].iloc[0] == n
    assert list(calls["topic_id"]) == [0] * n
    assert "reason_embedding" not in calls.columns


def test_all_calls_other_still_cluster_and_are_all_beyond_the_taxonomy(tmp_path: Path) -> None:
    texts = ["my bins were not collected"] * 20 + ["lost my bag on the train"] * 20
    _, topics = _run(_write_run(tmp_path, list(_vectors([20, 20])), ["other"] * 40, texts))
    assert len(topics) == 2
    assert topics["beyond_taxonomy"].all()
    assert set(topics["dominant_intent"]) == {"other"}
    words = [{word for term in terms for word in term.split()} for terms in topics["terms"]]
    assert {frozenset(w & {"bins", "train"}) for w in words} == {frozenset({"bins"}), frozenset({"train"})}


def test_no_reason_embeddings_give_an_empty_table_and_null_topics(tmp_path: Path) -> None:
    calls, topics = _run(_write_run(tmp_path, [None, None, None], ["other"] * 3))
    assert len(topics) == 0
    assert pq.read_schema(tmp_path / "topics.parquet").names == TOPIC_SCHEMA.names
    assert calls["topic_id"].isna().all()
    assert "reason_embedding" not in calls.columns


def test_a_run_without_classify_columns_gets_empty_topics(tmp_path: Path) -> None:
    pd.DataFrame({"conversation_id": ["a", "b"]}).to_parquet(tmp_path / "calls.parquet", index=False)
    TopicsStage()(Corpus(out_dir=tmp_path))  # no turns.parquet either
    assert len(pd.read_parquet(tmp_path / "topics.parquet")) == 0
    assert pd.read_parquet(tmp_path / "calls.parquet")["topic_id"].isna().all()


def test_an_empty_corpus(tmp_path: Path) -> None:
    calls, topics = _run(_write_run(tmp_path, [], []))
    assert len(topics) == 0 and len(calls) == 0


def test_identical_reasons_and_missing_text_and_dates(tmp_path: Path) -> None:
    same = _vectors([1])[0]
    _, topics = _run(_write_run(tmp_path, [same] * 30, ["billing"] * 30, texts=[None] * 30, started=[None] * 30))
    assert len(topics) == 1
    row = topics.iloc[0]
    assert list(row["terms"]) == [] and list(row["examples"]) == []
    assert pd.isna(row["first_day"]) and pd.isna(row["trend"]) and json.loads(row["daily_counts"]) == {}


def test_store_shaped_vectors_are_read(tmp_path: Path) -> None:
    """A PostgreSQL store hands vectors back as text[]; a column widened to text as a JSON list."""
    vectors = _vectors([10, 10])
    shaped = [[str(x) for x in v] for v in vectors[:10]] + [json.dumps(v.tolist()) for v in vectors[10:]]
    calls = pd.DataFrame(
        {
            "conversation_id": [f"c{i}" for i in range(20)],
            "intent": "billing",
            "intent_confidence": 0.9,
            "reason_turn": 1,
            "reason_embedding": shaped,
        }
    )
    topics, ids = TopicsStage().topics(calls, None)
    assert ids.notna().all() and sum(row["size"] for row in topics) == 20


def test_k_is_chosen_from_the_data() -> None:
    result = cluster(_vectors([30, 30, 30, 30], spread=0.03))
    assert result.k == 4
    assert sorted(np.bincount(result.labels)) == [30, 30, 30, 30]
    assert candidate_ks(9, 40, 5) == []  # too few calls to split: one topic
    assert candidate_ks(10_000, 40, 5)[-1] == 40


def test_ctfidf_ignores_placeholders_and_fillers() -> None:
    texts = [
        "um hi [PERSON] my bins were missed",
        "yeah the bins missed again [PHONE_NUMBER]",
        "hello my parcel is late",
        "hi parcel late again <EMAIL_ADDRESS>",
    ]
    terms = ctfidf_terms(texts, np.array([0, 0, 1, 1]), 2)
    assert terms[0][0] in {"bins", "missed", "bins missed"} and "parcel" in " ".join(terms[1])
    flat = {word for topic in terms for term in topic for word in term.split()}
    assert not flat & {"person", "phone_number", "email_address", "um", "hi", "yeah", "hello"}


@pytest.mark.parametrize(
    "config, message",
    [
        ({"max_topics": 0}, "topics.max_topics: must be an integer of at least 1, got 0"),
        ({"dims": 2.5}, "topics.dims: must be an integer of at least 2, got 2.5"),
        ({"low_confidence": 2}, "topics.low_confidence: must be between 0 and 1, got 2"),
        ({"low_confidence": "high"}, "topics.low_confidence: must be a number, got 'high'"),
        ({"uncovered_weight": 0}, "topics.uncovered_weight: must be positive, got 0"),
        ({"seed": "abc"}, "topics.seed: must be an integer, got 'abc'"),
    ],
)
def test_bad_config_is_a_config_error_naming_the_field(config: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        TopicsStage(**config)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


# ---------------------------------------------------------------- the hand-off from classify


def test_classify_hands_over_the_reason_turn_and_its_vector_from_the_one_pass() -> None:
    from cxmaturity.classify.stage import ClassifyStage
    from cxmaturity.model import Conversation, Turn

    conversation = Conversation(
        "c1",
        [
            Turn("agent", "Hello, how can I help?"),
            Turn("customer", "hi, can you hear me?"),
            Turn("agent", "Yes, go ahead."),
            Turn("customer", "My bins weren't collected this week, the lorry drove past."),
            Turn("agent", "Sorry about that."),
            Turn("customer", "[PERSON]"),
        ],
    )
    call = ClassifyStage()(conversation).call
    assert call["reason_turn"] == 3
    vector = call["reason_embedding"]
    assert vector.dtype == np.float32 and vector.shape == (384,)
    np.testing.assert_array_equal(vector, conversation.turn_embeddings[3])  # the same pass, not a second one
    restored = pickle.loads(pickle.dumps(conversation))  # what --workers sends back to the parent
    np.testing.assert_array_equal(restored.call["reason_embedding"], vector)


def test_the_reason_vector_crosses_ray_boundaries() -> None:
    from cxmaturity.model import Conversation, Turn
    from cxmaturity.pipeline.ray_engine import _decode_conversation, _encode_conversation

    vector = _vectors([1])[0]
    conversation = Conversation(
        "c1", [Turn("customer", "my bins")], call={"reason_turn": 0, "reason_embedding": vector}
    )
    back = _decode_conversation(json.loads(_encode_conversation(conversation)))
    np.testing.assert_array_equal(np.asarray(back.call["reason_embedding"], dtype=np.float32), vector)


def test_calls_without_a_customer_reason_and_a_tiny_corpus_run_end_to_end(tmp_path: Path) -> None:
    conversations = [
        {
            "conversation_id": "no-customer",
            "channel": "chat",
            "turns": [
                {"speaker": "bot", "text": "Hi, I'm the assistant."},
                {"speaker": "agent", "text": "Anyone there?"},
            ],
        },
        {
            "conversation_id": "only-answers",
            "channel": "voice",
            "turns": [
                {"speaker": "agent", "text": "Can I take your name?"},
                {"speaker": "customer", "text": "yes"},
                {"speaker": "customer", "text": "[PERSON]"},
            ],
        },
        {
            "conversation_id": "a-reason",
            "channel": "voice",
            "turns": [
                {"speaker": "agent", "text": "How can I help?"},
                {"speaker": "customer", "text": "I left my laptop on the train this morning"},
            ],
        },
    ]
    out = run_pipeline(tmp_path, conversations)
    calls = pd.read_parquet(out / "calls.parquet").set_index("conversation_id")
    topics = pd.read_parquet(out / "topics.parquet")
    assert calls.loc["no-customer", "reason_turn"] is None or pd.isna(calls.loc["no-customer", "reason_turn"])
    assert pd.isna(calls.loc["only-answers", "reason_turn"]) and pd.isna(calls.loc["only-answers", "topic_id"])
    assert calls.loc["a-reason", "reason_turn"] == 1 and calls.loc["a-reason", "topic_id"] == 0
    assert len(topics) == 1 and next(iter(topics["examples"].iloc[0]))["conversation_id"] == "a-reason"
    assert "reason_embedding" not in calls.columns
