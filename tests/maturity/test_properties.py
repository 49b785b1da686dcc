"""Properties over generated corpora: monotone in evidence, foundation cap, confidence vs size."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxmaturity.maturity.engine import evaluate_frameworks

from .conftest import AUTOMATED, EMERGING, PREDICTIVE, REACTIVE, make_corpus

PROFILES = [REACTIVE, EMERGING, AUTOMATED, PREDICTIVE]
FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _levels(v):
    return (
        v["ai_maturity"].level,
        v["icmi"].rated.score or 0,
        v["four_stage"].level,
        v["five_level"].level,
        v["curve"].level,
    )


def _add_evidence(calls, turns, capability: str, share: float, seed: int):
    """Make a share of conversations show one more capability (and nothing less)."""
    calls = calls.copy()
    pick = calls.sample(frac=share, random_state=seed).index
    if capability == "qa":
        calls.loc[pick, "source_annotations"] = calls.loc[pick, "source_annotations"].map(
            lambda a: sorted(set(a) | {"qa_score"})
        )
    elif capability == "sentiment":
        calls.loc[pick, "source_annotations"] = calls.loc[pick, "source_annotations"].map(
            lambda a: sorted(set(a) | {"sentiment", "categories"})
        )
    elif capability == "bot_containment":
        pick = calls[calls["has_bot"]].index.intersection(pick)
        calls.loc[pick, "bot_contained"] = True
    elif capability == "fewer_transfers":
        calls.loc[pick, "transfers"] = 0
        calls.loc[pick, "repeat_after_transfer"] = False
    elif capability == "source_redaction":
        calls.loc[pick, "source_redacted"] = True
        calls.loc[pick, "pii_found"] = 0
    else:  # a boolean signal column
        calls.loc[pick, capability] = True
    return calls, turns


@FAST
@given(
    profile=st.sampled_from(PROFILES),
    seed=st.integers(0, 50),
    share=st.floats(0.05, 1.0),
    capability=st.sampled_from(
        [
            "qa",
            "sentiment",
            "bot_containment",
            "fewer_transfers",
            "source_redaction",
            "survey_offered",
            "disclosure_given",
            "history_reference",
            "outbound_proactive",
            "proactive_offer",
            "resolved",
        ]
    ),
)
def test_adding_evidence_never_lowers_a_verdict(profile, seed, share, capability) -> None:
    calls, turns = make_corpus(profile, 120, seed=seed)
    before = evaluate_frameworks(calls, turns)
    after = evaluate_frameworks(*_add_evidence(calls, turns, capability, share, seed))
    assert all(a >= b for a, b in zip(_levels(after), _levels(before), strict=True)), (
        capability,
        _levels(before),
        _levels(after),
    )


@FAST
@given(seed=st.integers(0, 50), profile=st.sampled_from([AUTOMATED, PREDICTIVE]))
def test_removing_automated_qa_evidence_caps_ai_layer_at_1(seed, profile) -> None:
    calls, turns = make_corpus(profile, 150, seed=seed)
    calls = calls.copy()
    calls["source_annotations"] = calls["source_annotations"].map(lambda a: [x for x in a if x != "qa_score"])
    ai = evaluate_frameworks(calls, turns, ["ai_maturity"])["ai_maturity"]
    assert ai.level == 1
    assert ai.cumulative.foundation_rule.holds is False


@FAST
@given(
    seed=st.integers(0, 50),
    profile=st.sampled_from(PROFILES),
    sizes=st.lists(st.integers(1, 200), min_size=2, max_size=3, unique=True),
)
def test_confidence_falls_as_the_corpus_shrinks(seed, profile, sizes) -> None:
    calls, turns = make_corpus(profile, 220, seed=seed)
    previous = None
    for size in sorted(sizes, reverse=True):
        subset = calls.iloc[:size]
        sub_turns = turns[turns["conversation_id"].isin(set(subset["conversation_id"]))]
        v = evaluate_frameworks(subset, sub_turns)
        confidences = [v[f].confidence for f in sorted(v)]
        if previous is not None:
            assert all(c <= p for c, p in zip(confidences, previous, strict=True))
        previous = confidences


def test_empty_or_tiny_corpus_gives_low_confidence_not_a_confident_verdict() -> None:
    calls, turns = make_corpus(PREDICTIVE, 200, seed=1)
    empty = evaluate_frameworks(calls.iloc[:0], turns.iloc[:0])
    assert all(v.confidence == 0.0 for v in empty.values())
    assert empty["ai_maturity"].level == 1 and empty["icmi"].level_name is None and empty["icmi"].next_level is None
    assert [level.status for level in empty["icmi"].levels] == ["not_observable"] * 5
    tiny = evaluate_frameworks(calls.iloc[:3], turns[turns["conversation_id"].isin(calls["conversation_id"][:3])])
    assert all(v.confidence < 0.2 for v in tiny.values())
    big = evaluate_frameworks(calls, turns)
    assert all(v.confidence > 0.5 for v in big.values())


def test_missing_columns_are_not_observable_with_the_reason() -> None:
    calls, turns = make_corpus(AUTOMATED, 100, seed=2)
    stripped = calls.drop(columns=["bot_contained", "survey_offered", "source_annotations"])
    v = evaluate_frameworks(stripped, turns.drop(columns=["text"]))
    items = {item.id: item for item in v["icmi"].rated.items}
    qa = items["quality_assurance"]
    assert qa.status == "not_observable" and qa.evidenced_rating is None
    assert qa.reason == "column source_annotations not in this run"
    survey = items["csat_reporting"]
    assert survey.reason == "column source_annotations not in this run; column survey_offered not in this run"
    layer1 = v["ai_maturity"].levels[0]
    self_service = next(c for c in layer1.criteria if c.id == "ai_self_service")
    assert self_service.metrics["bot_containment"].reason == "column bot_contained not in this run"
    assert v["ai_maturity"].cumulative.foundation_rule.holds is False
