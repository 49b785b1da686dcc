"""Verdicts are monotone in capability, tested as a property on simulated centres.

Centres of strictly rising capability (`simulated_centres.py`: more channels, IVR and bots that
contain more, fewer transfers and holds, disclosures and surveys on nearly every call, analytics
carried by the export) go through the real readers, redaction and signals, and each framework's
level must never fall as capability rises. The extremes of a ladder must be far apart, and taking
the QA scores out of an export must cap the AI layer at 1 whatever else the centre does.

The default suite runs two ladders (voice-led with export analytics and timestamps; bot-heavy with
neither) at 80 conversations a centre; `-m slow` runs all four ladders in three variants at 100
conversations through the whole default pipeline.
"""

from __future__ import annotations

import pytest

from .centre_runs import run_centres
from .simulated_centres import Centre, centre_ladder, is_less_capable, without_automated_qa

FAST_N, SLOW_N = 80, 100
FAST_LADDERS = (("voice_led", True, True), ("bot_heavy", False, False))
SLOW_LADDERS = tuple(
    (ladder, analytics, timestamps)
    for ladder in ("voice_led", "chat_heavy", "bot_heavy", "outbound")
    for analytics, timestamps in ((True, True), (False, False), (True, False))
)


def _ladders(spec) -> dict[tuple[str, bool, bool], list[Centre]]:
    return {key: centre_ladder(key[0], analytics=key[1], timestamps=key[2]) for key in spec}


def _qa_removed(ladders: dict[tuple[str, bool, bool], list[Centre]]) -> list[Centre]:
    """The two most capable centres of every ladder with export analytics, without their QA scores."""
    return [without_automated_qa(c) for key, centres in ladders.items() if key[1] for c in centres[-2:]]


def _run(tmp_path_factory, spec, n, **kwargs):
    ladders = _ladders(spec)
    centres = [c for centres in ladders.values() for c in centres] + _qa_removed(ladders)
    verdicts = run_centres(centres, n, tmp_path_factory.mktemp("centres"), seed=7, **kwargs)
    return ladders, verdicts


@pytest.fixture(scope="module")
def fast(tmp_path_factory):
    return _run(tmp_path_factory, FAST_LADDERS, FAST_N, workers=2)


def check_monotone(ladders, verdicts) -> None:
    for centres in ladders.values():
        for i, weaker in enumerate(centres):
            for stronger in centres[i + 1 :]:
                assert is_less_capable(weaker, stronger)
                for framework, verdict in verdicts[weaker.name].items():
                    low, high = verdict["level"], verdicts[stronger.name][framework]["level"]
                    assert high >= low, (
                        f"{framework}: {stronger.name} at {high} is below the less capable {weaker.name} at {low}"
                    )


def check_extremes(ladders, verdicts) -> None:
    for (ladder, analytics, _), centres in ladders.items():
        bottom, top = verdicts[centres[0].name], verdicts[centres[-1].name]
        assert top["icmi"]["score"] - bottom["icmi"]["score"] >= 20, (
            ladder,
            bottom["icmi"]["score"],
            top["icmi"]["score"],
        )
        if analytics:
            assert top["ai_maturity"]["level"] - bottom["ai_maturity"]["level"] >= 2, ladder
        else:  # no QA scores in the export: the foundation rule holds every centre at layer 1
            assert {verdicts[c.name]["ai_maturity"]["level"] for c in centres} == {1}


def check_qa_cap(ladders, verdicts) -> None:
    for key, centres in ladders.items():
        if not key[1]:
            continue
        for centre in centres[-2:]:
            with_qa = verdicts[centre.name]["ai_maturity"]
            without = verdicts[f"{centre.name}+noqa"]["ai_maturity"]
            assert with_qa["level"] >= 3 and with_qa["foundation_rule"]["holds"]
            assert without["level"] == 1 and without["foundation_rule"]["holds"] is False
            assert without["foundation_rule"]["capped"] and without["next_level"]["gaps"][0] == "automated_qa"


def test_a_centre_never_gets_a_lower_level_than_a_less_capable_one(fast):
    check_monotone(*fast)


def test_the_extremes_of_a_ladder_are_far_apart(fast):
    check_extremes(*fast)


def test_removing_automated_qa_evidence_caps_the_ai_layer_at_1(fast):
    check_qa_cap(*fast)


def test_export_analytics_are_read_in_every_spelling(fast):
    ladders, verdicts = fast
    top = ladders[("voice_led", True, True)][-1]  # snake_case metadata keys
    ai = verdicts[top.name]["ai_maturity"]
    layer2 = {c["id"]: c for c in ai["layers"][1]["criteria"]}
    for criterion in ("call_summaries", "auto_categorization", "sentiment_detection"):
        assert layer2[criterion]["status"] == "evidenced", criterion


def test_bot_containment_counts_for_automation_not_against_agents(fast):
    ladders, verdicts = fast
    top = ladders[("bot_heavy", False, False)][-1]
    icmi = {item["id"]: item for item in verdicts[top.name]["icmi"]["items"]}
    survey = icmi["feedback_management"]["metrics"]["survey_offer_rate"]
    assert survey["denominator"] == "conversations handled by a human agent"
    assert survey["n"] < FAST_N  # the bot-contained conversations are not in it
    assert survey["status"] == "evidenced"


@pytest.mark.slow
def test_every_ladder_and_variant_through_the_default_pipeline(tmp_path_factory):
    ladders, verdicts = _run(tmp_path_factory, SLOW_LADDERS, SLOW_N, stages=None, workers=2)
    check_monotone(ladders, verdicts)
    check_extremes(ladders, verdicts)
    check_qa_cap(ladders, verdicts)
