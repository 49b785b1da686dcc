"""The call-level contact reason: which customer turns state it, and how they combine.

`call_reasons.jsonl` holds 100 calls written separately from the training openings (a different
writer who never saw `contact_centre_intents.tsv`): ten industries; reasons stated plainly, after
identity verification, told to a bot and repeated to the agent, after IVR menu words; and calls
that state no reason at all.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cxmaturity.classify.intent import FRAGMENT_WEIGHT, turn_weight
from cxmaturity.classify.taxonomy import OTHER, load_taxonomy
from cxmaturity.ingest.reader import read_path
from cxmaturity.model import Conversation, Turn

CALLS = Path(__file__).with_name("call_reasons.jsonl")
# A regression floor, below the target of 0.9 (#22, not yet met): the shipped heads reach
# the figure in benchmarks/classify/CALL_REASONS.md (0.90); most misses are non-banking reasons read as banking ones.
CALL_REASON_FLOOR = 0.88


def _call(*turns: tuple[str, str]) -> Conversation:
    return Conversation("c", [Turn(speaker, text) for speaker, text in turns], channel="voice")


def test_answers_and_placeholders_carry_no_reason_and_fragments_count_less():
    assert turn_weight("it's [PERSON]") == 0.0
    assert turn_weight("yeah [DATE_TIME]") == 0.0
    assert turn_weight("four five one two") == 0.0
    assert turn_weight("[PERSON_2] [LOCATION]") == 0.0
    assert turn_weight("billing") == FRAGMENT_WEIGHT
    assert turn_weight("my parcel never arrived") == 1.0


def test_the_reason_after_verification_answers(classify_stage):
    call = classify_stage(
        _call(
            ("agent", "thanks for calling can i take your full name"),
            ("customer", "[PERSON]"),
            ("agent", "and your date of birth"),
            ("customer", "it's [DATE_TIME]"),
            ("agent", "and the first line of your address"),
            ("customer", "yeah [LOCATION]"),
            ("agent", "lovely how can i help"),
            ("customer", "the parcel you sent me last week arrived smashed and half the order is missing"),
        )
    ).call
    assert call["intent"] == "orders_delivery"


def test_a_reason_told_to_the_bot_and_repeated_to_the_agent(classify_stage):
    call = classify_stage(
        _call(
            ("bot", "hi i'm the virtual assistant what can i help you with"),
            ("customer", "refund"),
            ("bot", "i'll connect you to an agent"),
            ("agent", "hello you're through to [PERSON] how can i help"),
            ("customer", "hi i sent a jacket back three weeks ago and i still haven't had my money back"),
        )
    ).call
    assert call["intent"] == "returns_refunds"


def test_a_call_that_states_no_reason_is_other_with_low_confidence(classify_stage):
    call = classify_stage(
        _call(
            ("agent", "good morning thanks for calling how can i help"),
            ("customer", "oh hello"),
            ("customer", "sorry wrong number"),
            ("agent", "no problem have a good day"),
            ("customer", "thanks bye"),
        )
    ).call
    assert call["intent"] == OTHER and call["intent_fine"] is None
    assert call["intent_confidence"] < load_taxonomy().other_threshold


def test_greetings_and_thanks_do_not_set_the_reason(classify_stage):
    call = classify_stage(
        _call(
            ("customer", "hi there"),
            ("customer", "thank you so much"),
            ("customer", "i want to close my account because i'm moving to another bank"),
        )
    ).call
    assert call["intent"] == "cancellation"


@pytest.fixture(scope="module")
def written_calls() -> list[Conversation]:
    conversations = [c for c in read_path(CALLS) if isinstance(c, Conversation)]
    assert len(conversations) == 100
    return conversations


def test_call_level_reason_accuracy_on_independent_calls(classify_stage, written_calls):
    results = list(classify_stage.pipe(written_calls))
    right = Counter(c.metadata["case"] for c in results if c.call["intent"] == c.metadata["expected_reason"])
    total = Counter(c.metadata["case"] for c in results)
    accuracy = sum(right.values()) / len(results)
    industries = {c.metadata["industry"] for c in results}
    assert len(industries) >= 5
    assert accuracy >= CALL_REASON_FLOOR, {case: f"{right[case]}/{n}" for case, n in total.items()}
    assert right["no_reason"] >= 0.8 * total["no_reason"]
