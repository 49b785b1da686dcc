"""QA scorecards: pass / fail / not applicable with evidence turns, the weighted score, errors, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cxmaturity.categories.rules import CategoryError
from cxmaturity.categories.scorecard import FAIL, NOT_APPLICABLE, PASS, answer, load_scorecard
from cxmaturity.categories.scorecard_stage import ScorecardStage
from cxmaturity.model import Conversation, Turn


def _call(turns, **call) -> Conversation:
    conversation = Conversation("c-1", [Turn(s, t) for s, t in turns], channel="voice")
    conversation.call.update(call)
    return conversation


HELD_CALL = _call(
    [
        ("agent", "thanks for calling northgate, you're speaking with dev"),
        ("customer", "my card's been declined"),
        ("agent", "let me check, bear with me"),
        ("agent", "thanks for holding, i've found the problem"),
        ("customer", "great"),
        ("agent", "anything else i can help with"),
    ],
    human_agent_involved=True,
    greeting=True,
    identity_verified=False,
    disclosure_given=False,
    empathy=False,
    ownership=True,
    resolved=True,
    closing=True,
    holds=1,
    customer_sentiment_start=-0.5,
)


def test_default_scorecard_answers_a_held_call():
    stage = ScorecardStage()
    call = stage(HELD_CALL).call
    answers = json.loads(call["scorecard_answers"])
    assert answers["hold_etiquette"] == {"result": PASS, "turns": [3]}
    assert answers["identity_verification"]["result"] == FAIL
    assert answers["empathy"]["result"] == FAIL  # the customer started unhappy and nobody acknowledged it
    # weights: greeting 1, id 2, disclosure 1, empathy 1, ownership 1, resolution 2, closing 1, hold 1 = 10;
    # failed: id 2, disclosure 1, empathy 1
    assert call["scorecard_score"] == 60.0


def test_bot_contained_call_has_nothing_to_score():
    turns = [("bot", "hi, how can i help"), ("customer", "balance please"), ("bot", "your balance is [AMOUNT]")]
    bot_call = _call(turns, human_agent_involved=False, holds=0)
    answers, score = answer(ScorecardStage().scorecard, bot_call)
    assert score is None and {a.result for a in answers.values()} == {NOT_APPLICABLE}


def test_no_hold_makes_hold_etiquette_not_applicable():
    call = _call([("agent", "hello"), ("customer", "hi")], human_agent_involved=True, holds=0)
    answers, _ = answer(ScorecardStage().scorecard, call)
    assert answers["hold_etiquette"].result == NOT_APPLICABLE


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"id": "q", "pass_when": {"phrase": "x"}, "weight": 0}, "question 'q': weight: must be a positive number"),
        ({"id": "q"}, "question 'q': missing 'pass_when'"),
        ({"id": "q", "pass_when": {"signal": "holds"}}, "question 'q': pass_when.signal: needs one of"),
        ({"id": "q", "pass_when": {"phrase": "x"}, "na_when": {"any": []}}, "na_when.any: must be a non-empty list"),
        ({"id": "q", "pass_when": {"phrase": "x"}, "score": 3}, "unknown field(s) ['score']"),
    ],
)
def test_malformed_questions_name_the_question_and_field(tmp_path: Path, question, message):
    path = tmp_path / "scorecard.yaml"
    path.write_text(yaml.safe_dump({"scorecard": {"name": "t", "questions": [question]}}), encoding="utf-8")
    with pytest.raises(CategoryError) as error:
        load_scorecard(path)
    assert message in str(error.value)


def test_report_shows_pass_rates_by_question_and_queue():
    import pandas as pd

    from cxmaturity.report.corpus_view import build_corpus_view

    answers = [
        {"closing": {"result": "pass", "turns": [5]}, "hold_etiquette": {"result": "na", "turns": []}},
        {"closing": {"result": "fail", "turns": []}, "hold_etiquette": {"result": "pass", "turns": [3]}},
        {"closing": {"result": "pass", "turns": [7]}, "hold_etiquette": {"result": "fail", "turns": []}},
    ]
    calls = pd.DataFrame(
        {
            "conversation_id": ["a", "b", "c"],
            "queue": ["billing", "billing", "moves"],
            "scorecard_score": [100.0, 50.0, 50.0],
            "scorecard_answers": [json.dumps(a) for a in answers],
        }
    )
    part = build_corpus_view(calls, None, None, []).scorecard
    rows = {row["question"]: row for row in part.data["rows"]}
    assert rows["closing"]["pass_rate"] == "67%" and rows["hold_etiquette"]["not_applicable"] == "1"
    assert part.data["queues"] == ["billing", "moves"] and rows["closing"]["by_queue"] == ["50%", "100%"]
    assert part.data["mean_score"] == "66.7"


def test_cli_rejects_a_bad_scorecard_before_reading_input(tmp_path, caplog):
    from cxmaturity.cli import main

    bad = tmp_path / "scorecard.yaml"
    bad.write_text(yaml.safe_dump({"scorecard": {"questions": [{"id": "greeting"}]}}), encoding="utf-8")
    (tmp_path / "in").mkdir()
    code = main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--scorecard", str(bad), "--quiet"])
    assert code == 1 and "question 'greeting': missing 'pass_when'" in caplog.text
    assert not (tmp_path / "out" / "manifest.json").exists()
