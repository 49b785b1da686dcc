"""No metric or framework ends a run; advice and confidence say what the evidence can bear."""

from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity.maturity import engine, metrics
from cxmaturity.maturity.engine import evaluate_frameworks
from cxmaturity.maturity.verdict import ErrorEntry, verdicts_json

from .conftest import AUTOMATED, PREDICTIVE, REACTIVE, make_corpus, replace_metric


def test_a_metric_that_raises_marks_its_criteria_error_and_the_rest_still_score(monkeypatch):
    calls, turns = make_corpus(AUTOMATED, 120, seed=3)

    def exploding(original, tables, p):
        if p.get("column") == "survey_offered":
            return {}["boom"]  # a KeyError, like pandas' on an empty object mask
        return original(tables, p)

    replace_metric(monkeypatch, "rate", exploding)
    verdicts = evaluate_frameworks(calls, turns)
    icmi = {item.id: item for item in verdicts["icmi"].rated.items}
    feedback = icmi["feedback_management"]
    assert feedback.status == "error" and feedback.evidenced_rating is None
    assert "KeyError at maturity/" in feedback.reason and "boom" not in feedback.reason
    assert icmi["quality_assurance"].status == "evidenced"
    assert ErrorEntry(criterion="feedback_management", reason=feedback.reason) in verdicts["icmi"].errors
    curve = verdicts["curve"]
    assert curve.level is not None and curve.confidence_basis.criteria_error >= 1
    # The failed rule is in evidence.json with its reason, and a null denominator (nothing was counted).
    rule = verdicts_json(verdicts)["icmi"]["items"][list(icmi).index("feedback_management")]["metrics"]
    assert any(r["status"] == "error" and r["denominator"] is None for r in rule.values())


def test_a_framework_that_raises_is_an_error_verdict_and_the_others_go_on(monkeypatch):
    calls, turns = make_corpus(AUTOMATED, 60, seed=4)
    real = engine.evaluate_cumulative

    def flaky(framework, ev):
        if framework["id"] == "curve":
            raise ZeroDivisionError("secret transcript words")
        return real(framework, ev)

    monkeypatch.setattr(engine, "evaluate_cumulative", flaky)
    verdicts = evaluate_frameworks(calls, turns)
    curve = verdicts["curve"]
    assert curve.status == "error" and curve.level is None and curve.levels == [] and curve.next_level is None
    assert curve.reason.startswith("ZeroDivisionError at ") and "secret" not in curve.reason
    assert verdicts["ai_maturity"].level == 1 and verdicts["icmi"].rated.score is not None
    assert verdicts["ai_maturity"].status == "ok"
    # An error verdict has the common keys too, so a reader needs no special case.
    as_json = verdicts_json(verdicts)
    assert set(as_json["ai_maturity"]) >= set(as_json["curve"]) - {"reason"}


def test_no_agent_turns_is_not_observable_not_a_crash():
    calls, turns = make_corpus(REACTIVE, 30, seed=5)
    customer_only = turns[turns["speaker"] == "customer"]
    calls = calls.assign(human_agent_involved=False, n_agent_turns=0)
    verdicts = evaluate_frameworks(calls, customer_only)
    ai = verdicts["ai_maturity"]
    forecast = next(c for layer in ai.levels for c in layer.criteria if c.id == "churn_csat_forecasts")
    assert forecast.metrics["predicted_need_reference"].status == "not_observable"
    assert "no agent/bot turns" in forecast.metrics["predicted_need_reference"].reason
    assert not ai.errors


def test_next_level_of_a_centre_without_layer_1_is_layer_1():
    calls, turns = make_corpus(REACTIVE, 200, seed=6)
    ai = evaluate_frameworks(calls, turns, ["ai_maturity"])["ai_maturity"]
    assert ai.cumulative.floor_only and ai.levels[0].reached is False
    assert ai.next_level.level == 1 and "automated_qa" in ai.next_level.gaps
    assert ai.summary.startswith("Not yet evidenced at layer 1 (Automate)")


def test_a_capped_centre_is_told_to_fix_the_foundation_first():
    calls, turns = make_corpus(PREDICTIVE, 300, seed=7)
    calls = calls.assign(
        source_annotations=calls["source_annotations"].map(lambda a: [x for x in a if x != "qa_score"])
    )
    ai = evaluate_frameworks(calls, turns, ["ai_maturity"])["ai_maturity"]
    foundation = ai.cumulative.foundation_rule
    assert ai.level == 1 and foundation.capped and foundation.uncapped_level >= 3
    assert ai.next_level.level == 2 and ai.next_level.gaps[0] == "automated_qa"
    assert ai.summary.startswith("Placed at layer 1 (Automate) by the foundation rule")


def test_thirteen_conversations_cannot_give_high_confidence():
    calls, turns = make_corpus(PREDICTIVE, 13, seed=8)
    verdicts = evaluate_frameworks(calls, turns)
    assert all(v.confidence <= 13 / 33 + 1e-9 and v.confidence_label == "low" for v in verdicts.values())
    big_calls, big_turns = make_corpus(PREDICTIVE, 600, seed=8)
    big = evaluate_frameworks(big_calls, big_turns)
    assert all(b.confidence > v.confidence for b, v in zip(big.values(), verdicts.values(), strict=True))


def test_every_criterion_states_its_denominator_and_n():
    calls, turns = make_corpus(AUTOMATED, 80, seed=9)
    ai = evaluate_frameworks(calls, turns, ["ai_maturity"])["ai_maturity"]
    disclosure = next(c for layer in ai.levels for c in layer.criteria if c.id == "compliance_risk_checks")
    rule = disclosure.metrics["disclosure_rate"]
    human_live = calls[calls["human_agent_involved"] & ~calls["channel"].isin(["email", "sms", "social"])]
    assert rule.n == len(human_live)
    assert rule.denominator == "conversations handled by a human agent, not email/sms/social (channel)"
    assert disclosure.denominators == [f"{rule.denominator} (n={rule.n})"]


@pytest.mark.parametrize("where, expected", [({"human_agent_involved": True}, 3), ({}, 4)])
def test_agent_measures_leave_bot_contained_conversations_out(where, expected):
    calls = pd.DataFrame(
        {
            "conversation_id": list("abcd"),
            "survey_offered": [True, True, True, False],
            "human_agent_involved": [True, True, True, False],
        }
    )
    result = metrics.compute(metrics.Tables(calls), {"metric": "rate", "column": "survey_offered", "where": where})
    assert result.n == expected and result.value == (1.0 if where else 0.75)
