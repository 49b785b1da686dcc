"""Five synthetic centres land where a reader of the source documents would put them."""

from __future__ import annotations

import pytest

from cxmaturity.maturity.engine import evaluate_frameworks

# (AI layer, ICMI stage, four stages, five levels, curve) expected for each centre.
EXPECTED = {
    # Voice only, no bot, no redaction, many transfers and waits, no surveys: firefighting.
    "reactive": (1, {"Customer-Negligent", "Customer-Chaotic"}, "Beginning", {"Nascent", "Emerging"}, "Reactive"),
    # Surveys and consistent scripts, two channels, but no QA automation or self-service.
    "emerging": (1, {"Customer-Chaotic", "Customer-Aware"}, "Beginning", {"Emerging"}, "Emerging"),
    # Layer 1 in place: bots contain, source redaction, QA scores on every call, low transfers.
    "automated": (1, {"Customer-Aware", "Customer-Centric"}, "Maturing", {"Emerging", "Connected"}, "Emerging"),
    # Plus sentiment, categories, summaries, CSAT fields, disclosures, retention offers.
    "analytical": (3, {"Customer-Centric"}, "Maturing", {"Emerging", "Connected", "Advanced"}, "Proactive"),
    # Plus agents citing history and predictions, proactive outbound contacts, cross-channel context.
    "predictive": (5, {"Customer-Centric", "Customer-Champion"}, "Optimizing", {"Optimized"}, "Transformational"),
}


@pytest.fixture(scope="module")
def verdicts(scenario_corpora):
    return {name: evaluate_frameworks(*corpus) for name, corpus in scenario_corpora.items()}


@pytest.mark.parametrize("centre", list(EXPECTED))
def test_centre_lands_where_expected(verdicts, centre: str) -> None:
    layer, icmi, four, five, curve = EXPECTED[centre]
    v = verdicts[centre]
    assert v["ai_maturity"].level == layer
    assert v["icmi"].level_name in icmi and v["icmi"].rated.stage == v["icmi"].level_name
    assert v["four_stage"].level_name == four
    assert v["five_level"].level_name in five
    assert v["curve"].level_name == curve


def test_centres_are_ordered(verdicts) -> None:
    order = ["reactive", "emerging", "automated", "analytical", "predictive"]
    layers = [verdicts[c]["ai_maturity"].level for c in order]
    icmi = [verdicts[c]["icmi"].rated.score for c in order]
    assert layers == sorted(layers) and icmi == sorted(icmi)
    assert verdicts["reactive"]["ai_maturity"].levels[0].status == "not_evidenced"
    assert verdicts["automated"]["ai_maturity"].levels[0].status == "evidenced"


def test_foundation_rule_caps_a_centre_without_qa_evidence(verdicts) -> None:
    ai = verdicts["predictive_without_qa"]["ai_maturity"]
    assert ai.level == 1 and ai.level_name == "Automate"
    foundation = ai.cumulative.foundation_rule
    assert foundation.holds is False and foundation.capped is True
    assert all(not layer.reached for layer in ai.levels[1:])


def test_each_verdict_cites_its_evidence(verdicts, scenario_corpora) -> None:
    calls, turns = scenario_corpora["predictive"]
    text = {(r.conversation_id, r.turn_index): r.text for r in turns.itertuples()}
    ai = verdicts["predictive"]["ai_maturity"]
    cited = 0
    for layer in ai.levels[: ai.level]:
        for criterion in layer.criteria:
            if criterion.status in ("evidenced", "partial"):
                assert criterion.metrics, criterion.id
                assert 1 <= len(criterion.examples) <= 3, criterion.id
                for example in criterion.examples:
                    assert example.conversation_id in set(calls["conversation_id"])
                    if example.turn_index is not None:
                        assert example.quote == text[(example.conversation_id, example.turn_index)]
                        cited += 1
    assert cited >= 5
    forecasts = next(c for c in ai.levels[4].criteria if c.id == "churn_csat_forecasts")
    assert any("Our system flagged" in (e.quote or "") for e in forecasts.examples)


def test_unobservable_criteria_are_excluded_and_counted(verdicts) -> None:
    ai = verdicts["predictive"]["ai_maturity"]
    none = [c for layer in ai.levels for c in layer.criteria if c.observability == "none"]
    assert none and all(c.status == "not_observable" and c.score is None and c.reason for c in none)
    assert ai.cumulative.not_observable >= len(none)
    icmi = verdicts["predictive"]["icmi"].rated
    unverifiable = [i for i in icmi.items if i.evidenced_rating is None]
    assert icmi.items_unverifiable == len(unverifiable) >= 7
