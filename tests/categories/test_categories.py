"""User categories: each condition kind with a true and a false case on realistic turns, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cxmaturity.categories.rules import CategoryError, load_categories, match_categories
from cxmaturity.categories.stage import CategoriesStage, default_categories_path
from cxmaturity.errors import ConfigError
from cxmaturity.model import Conversation, Turn


def _call(*turns, **call) -> Conversation:
    conversation = Conversation("c-1", [Turn(s, t, start, end) for s, t, start, end in turns], channel="voice")
    conversation.call.update(call)
    return conversation


def _rules(tmp_path: Path, categories: list[dict]) -> Path:
    path = tmp_path / "categories.yaml"
    path.write_text(yaml.safe_dump({"categories": categories}), encoding="utf-8")
    return path


def _match(tmp_path, when, conversation) -> tuple[int, ...] | None:
    categories = load_categories(_rules(tmp_path, [{"name": "x", "when": when}]))
    return match_categories(categories, conversation).get("x")


CALL = _call(
    ("agent", "thanks for calling fernleigh energy, how can i help", 0.0, 3.0),
    ("customer", "i want to cancel my contract, the bill has gone up again", 3.5, 8.0),
    ("agent", "i'm sorry to hear that, let me look at the account", 8.5, 11.0),
    ("customer", "i'm not happy at all, i've called twice already", 11.5, 15.0),
    ("agent", "i've applied a discount, is there anything else", 15.5, 19.0),
    ("customer", "no that's all thanks", 19.5, 21.0),
    holds=2,
    customer_sentiment_end=-0.45,
    human_agent_involved=True,
)


def test_proximity(tmp_path):
    assert _match(tmp_path, {"phrase": "cancel", "near": ["contract"], "within": 3}, CALL) == (1,)
    assert _match(tmp_path, {"phrase": "cancel", "near": ["bill"], "within": 3}, CALL) is None  # 5 words apart


def test_phrases_sharing_a_first_word_are_each_tried(tmp_path):
    # "i've applied" fails on turn 3 ("i've called"), "i've called twice" must still be tried there;
    # a longer phrase that runs past the turn's end matches nothing.
    when = {"phrase": ["i've applied a refund", "i've called twice", "no that's all thanks and goodbye"]}
    assert _match(tmp_path, when, CALL) == (3,)
    assert _match(tmp_path, {"phrase": "twice", "near": ["i've called", "i've been"], "within": 2}, CALL) == (3,)


def test_negation(tmp_path):
    assert _match(tmp_path, {"phrase": "happy"}, CALL) is None  # "not happy" is no happy customer
    assert _match(tmp_path, {"phrase": "happy", "negated": True}, CALL) == (3,)


def test_speaker_and_position(tmp_path):
    assert _match(tmp_path, {"phrase": "account", "speaker": "agent"}, CALL) == (2,)
    assert _match(tmp_path, {"phrase": "account", "speaker": "customer"}, CALL) is None
    assert _match(tmp_path, {"phrase": "anything else", "speaker": "agent", "last_turns": 2}, CALL) == (4,)
    assert _match(tmp_path, {"phrase": "anything else", "first_turns": 3}, CALL) is None
    assert _match(tmp_path, {"phrase": "cancel", "first_seconds": 5}, CALL) == (1,)
    assert _match(tmp_path, {"phrase": "cancel", "last_seconds": 6}, CALL) is None


def test_signal_thresholds_and_combinations(tmp_path):
    assert _match(tmp_path, {"signal": "holds", "at_least": 2}, CALL) == ()
    assert _match(tmp_path, {"signal": "holds", "above": 2}, CALL) is None
    assert _match(tmp_path, {"signal": "customer_sentiment_end", "below": -0.3}, CALL) == ()
    assert _match(tmp_path, {"signal": "missing_column", "below": 1}, CALL) is None
    when = {"all": [{"phrase": "cancel", "speaker": "customer"}, {"not": {"phrase": "discount"}}]}
    assert _match(tmp_path, when, CALL) is None
    when = {"any": [{"phrase": "ombudsman"}, {"phrase": "called twice", "speaker": "customer"}]}
    assert _match(tmp_path, when, CALL) == (3,)


@pytest.mark.parametrize(
    ("category", "message"),
    [
        ({"name": "a", "when": {"phrase": []}}, "category 'a': when.phrase: must be a phrase"),
        ({"name": "a", "when": {"phrase": "x", "within": 3}}, "within: needs 'near'"),
        ({"name": "a", "when": {"phrase": "x", "near": "y", "within": 0}}, "within: must be a whole number"),
        ({"name": "a", "when": {"phrase": "x", "speaker": "manager"}}, "speaker: 'manager' is not one of"),
        ({"name": "a", "when": {"phrase": "x", "negated": "yes"}}, "negated: must be true or false"),
        ({"name": "a", "when": {"phrase": "x", "first_turns": -1}}, "first_turns: must be a positive number"),
        ({"name": "a", "when": {"phrase": "x", "first_turns": 2, "last_turns": 2}}, "at most one of"),
        ({"name": "a", "when": {"signal": "holds"}}, "signal: needs one of below"),
        ({"name": "a", "when": {"signal": "holds", "below": "two"}}, "below: must be a number"),
        ({"name": "a", "when": {"all": []}}, "when.all: must be a non-empty list"),
        ({"name": "a", "when": {"phrase": "x", "signal": "holds"}}, "exactly one of"),
        ({"name": "a", "when": {"phrase": "x", "proximity": 3}}, "unknown field(s) ['proximity']"),
        ({"name": "a"}, "category 'a': missing 'when'"),
        ({"when": {"phrase": "x"}}, "category 1: 'name' must be a non-empty string"),
    ],
)
def test_malformed_rules_name_the_category_and_field(tmp_path, category, message):
    path = _rules(tmp_path, [category])
    with pytest.raises(CategoryError) as error:
        load_categories(path)
    assert message in str(error.value) and str(path) in str(error.value)
    assert isinstance(error.value, ConfigError)  # the CLI prints it as it is, before any call is read


def test_a_missing_file_is_a_config_error_from_the_stage(tmp_path):
    with pytest.raises(ConfigError, match="nothing.yaml: cannot read categories"):
        CategoriesStage(file=str(tmp_path / "nothing.yaml"))


def test_default_file_loads_and_the_stage_writes_names_and_turns():
    stage = CategoriesStage()
    assert stage.path == default_categories_path() and len(stage.categories) >= 5
    call = stage(
        _call(
            *[
                (s, t, a, b)
                for s, t, a, b in (
                    ("agent", "hello you're through to dev", 0.0, 2.0),
                    ("customer", "i'm going to cancel my broadband, this is the third time i've called", 2.5, 7.0),
                    ("agent", "okay, bye", 7.5, 8.0),
                )
            ],
            holds=0,
            customer_sentiment_end=0.1,
            human_agent_involved=True,
        )
    ).call
    assert call["categories"] == ["cancellation_threat", "no_agent_closing", "repeat_contact_stated"]
    assert json.loads(call["category_turns"])["cancellation_threat"] == [1]


def test_cli_rejects_a_bad_categories_file_before_reading_input(tmp_path, caplog):
    from cxmaturity.cli import main

    bad = _rules(tmp_path, [{"name": "a", "when": {"phrase": "x", "within": 2}}])
    exports = tmp_path / "in"
    exports.mkdir()
    code = main(["analyze", str(exports), "--out", str(tmp_path / "out"), "--categories", str(bad), "--quiet"])
    assert code == 1
    assert "within: needs 'near'" in caplog.text
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_report_counts_categories_with_a_redacted_quote():
    import pandas as pd

    from cxmaturity.report.corpus_view import build_corpus_view

    calls = pd.DataFrame(
        {
            "conversation_id": ["c-1", "c-2", "c-3"],
            "categories": [["cancellation_threat"], ["cancellation_threat", "repeat_contact_stated"], []],
            "category_turns": [
                json.dumps({"cancellation_threat": [1]}),
                json.dumps({"cancellation_threat": [3], "repeat_contact_stated": [1]}),
                "{}",
            ],
        }
    )
    turns = pd.DataFrame(
        {
            "conversation_id": ["c-1", "c-1", "c-2"],
            "turn_index": [0, 1, 1],
            "text": ["hello", "i'll <b>cancel</b> my contract, [PERSON]", "third time i've called"],
        }
    )
    part = build_corpus_view(calls, turns, None, []).categories
    assert part.available
    rows = {row["name"]: row for row in part.data["rows"]}
    assert rows["cancellation_threat"]["calls"] == "2" and rows["cancellation_threat"]["share"] == "66.7%"
    assert rows["cancellation_threat"]["example"] == "i'll <b>cancel</b> my contract, [PERSON]"
    assert rows["repeat_contact_stated"]["example"] == "third time i've called"
    assert not build_corpus_view(calls.drop(columns=["categories"]), turns, None, []).categories.available
