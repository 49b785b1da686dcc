"""Topic discovery on a generated corpus with five planted contact reasons outside the taxonomy.

The real pipeline (ingest, redact, classify, topics) runs once over `corpus.build()`: 160 planted
calls (32 per reason, `planted.PLANTED`) among 120 ordinary ones (`planted.BACKGROUND`).

Purity of a planted reason: take the topic that holds most of that reason's calls; purity is the
share of that topic's calls that belong to the reason, recall the share of the reason's calls that
topic holds. Each planted reason must be recovered as a topic with purity >= 0.8.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from cxmaturity.pipeline.config import load_pipeline
from cxmaturity.pipeline.runner import RunOptions, analyze
from tests.topics import corpus
from tests.topics.planted import DISTINCTIVE, PLANTED

STAGES = ["ingest", "redact", "classify", "topics"]
OPENERS = set(corpus.OPENERS) | set(corpus.ANSWERS)


def run_pipeline(folder: Path, conversations: list[dict], stages: list[str] = STAGES) -> Path:
    corpus.write(folder / "in", conversations)
    pipeline = folder / "pipeline.yaml"
    pipeline.write_text("stages:\n" + "".join(f"  - name: {name}\n" for name in stages))
    analyze(load_pipeline(pipeline), [str(folder / "in")], RunOptions(out_dir=folder / "out"))
    return folder / "out"


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory: pytest.TempPathFactory):
    conversations, truth = corpus.build()
    out = run_pipeline(tmp_path_factory.mktemp("planted"), conversations)
    calls = pd.read_parquet(out / "calls.parquet")
    calls["truth"] = calls["conversation_id"].map(truth)
    return out, calls, pd.read_parquet(out / "topics.parquet"), pd.read_parquet(out / "turns.parquet")


def recovery(calls: pd.DataFrame, reason: str) -> tuple[int, float, float]:
    """(topic holding most of the reason's calls, recall, purity)."""
    mine = calls[calls["truth"] == reason]
    topic, held = Counter(mine["topic_id"].dropna().astype(int)).most_common(1)[0]
    members = calls[calls["topic_id"] == topic]
    return topic, held / len(mine), float((members["truth"] == reason).mean())


def test_each_planted_reason_is_recovered_as_a_pure_topic(planted_run) -> None:
    _, calls, topics, _ = planted_run
    table = {reason: recovery(calls, reason) for reason in PLANTED}
    print("\nreason                      topic  recall  purity  size  label")
    for reason, (topic, recall, purity) in table.items():
        row = topics[topics["topic_id"] == topic].iloc[0]
        print(f"{reason:27s} {topic:5d}  {recall:6.2f}  {purity:6.2f}  {row['size']:4d}  {row['label']}")
    for reason, (_topic, recall, purity) in table.items():
        assert purity >= 0.8, (reason, purity)
        assert recall >= 0.6, (reason, recall)
    assert len({topic for topic, _, _ in table.values()}) == len(PLANTED), "each reason gets a topic of its own"


def test_topic_names_carry_a_distinctive_word_of_the_reason(planted_run) -> None:
    _, calls, topics, _ = planted_run
    for reason in PLANTED:
        topic, _, _ = recovery(calls, reason)
        terms = list(topics.loc[topics["topic_id"] == topic, "terms"].iloc[0])
        words = {word for term in terms for word in term.split()}
        assert words & DISTINCTIVE[reason], (reason, terms)
    every_word = {word for terms in topics["terms"] for term in terms for word in term.split()}
    assert not every_word & {"person", "phone_number", "um", "yeah", "hi", "hello", "the"}, every_word


def test_calls_table_gets_topic_ids_and_loses_the_working_embeddings(planted_run) -> None:
    _, calls, topics, turns = planted_run
    assert "reason_embedding" not in calls.columns
    assert calls["topic_id"].notna().all()
    assert set(calls["topic_id"].astype(int)) == set(topics["topic_id"])
    assert topics["size"].sum() == len(calls)
    assert topics["size"].is_monotonic_decreasing
    text = turns.set_index(["conversation_id", "turn_index"])
    for row in calls.itertuples():  # the reason turn is the customer's statement, never an opener
        turn = text.loc[(row.conversation_id, int(row.reason_turn))]
        assert turn["speaker"] == "customer"
        assert turn["text"] not in OPENERS


def test_topics_table_flags_trends_and_quotes(planted_run) -> None:
    _, calls, topics, turns = planted_run
    text = turns.set_index(["conversation_id", "turn_index"])["text"]
    for row in topics.itertuples():
        assert 1 <= len(row.examples) <= 3
        for example in row.examples:
            assert text.loc[(example["conversation_id"], example["turn_index"])].startswith(example["text"])
            assert calls.loc[calls["conversation_id"] == example["conversation_id"], "topic_id"].iloc[0] == row.topic_id
    planted_topics = {recovery(calls, reason)[0] for reason in PLANTED}
    flagged = set(topics.loc[topics["beyond_taxonomy"], "topic_id"])
    assert len(flagged & planted_topics) >= 3, topics[["label", "uncovered_share"]]
    assert not flagged - planted_topics, "no topic of ordinary reasons is flagged"
    bins, _, _ = recovery(calls, "bin_collection_missed")
    assert topics.loc[topics["topic_id"] == bins, "trend"].iloc[0] == "rising"
    assert (topics.loc[~topics["topic_id"].isin(planted_topics), "uncovered_share"] < 0.5).all()
