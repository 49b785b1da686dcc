"""The speaker-role heuristic and the config override that always wins."""

from __future__ import annotations

import pytest

from cxmaturity.ingest.speakers import is_structural_label, resolve_roles, role_word


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Agent", "agent"),
        ("AGENT", "agent"),
        ("Agent (Sarah)", "agent"),
        ("Customer", "customer"),
        ("Caller", "customer"),
        ("CUSTOMER", "customer"),
        ("Customer 2", "customer"),
        ("Bot", "bot"),
        ("Virtual Assistant", "bot"),
        ("CUSTOM_BOT", "bot"),
        ("Support Bot", "bot"),
        ("IVR", "ivr"),
        ("System", "system"),
        ("SUPERVISOR", "agent"),
        ("internal", "agent"),
        ("external", "customer"),
        ("acd", "ivr"),
        ("workflow", "bot"),
        ("Customer Service", "agent"),
        ("spk_0", None),
        ("Sarah", None),
        ("ch_1", None),
    ],
)
def test_role_words(label, role):
    assert role_word(label) == role


def test_spk_labels_decided_by_content_not_just_order():
    turns = [
        ("spk_0", "Hello?"),
        ("spk_1", "Thanks for calling Acme, you're speaking with Ali, how can I help?"),
        ("spk_0", "I'm calling about my bill."),
    ]
    assert resolve_roles(turns).roles == {"spk_0": "customer", "spk_1": "agent"}


def test_first_speaker_breaks_a_tie():
    turns = [("spk_0", "Hello."), ("spk_1", "Hi."), ("spk_0", "Right."), ("spk_1", "Yes.")]
    assert resolve_roles(turns).roles == {"spk_0": "agent", "spk_1": "customer"}


def test_channel_convention_holds_without_contrary_evidence():
    turns = [("ch_0", "Hello."), ("ch_1", "Hi there.")]
    result = resolve_roles(turns)
    assert result.roles == {"ch_0": "agent", "ch_1": "customer"}
    assert result.methods == {"ch_0": "channel", "ch_1": "channel"}


def test_one_overridden_channel_leaves_the_other_role_free():
    result = resolve_roles([("ch_0", "Hello."), ("ch_1", "Hi.")], speaker_map={"CH_0": "customer"})
    assert result.roles == {"ch_0": "customer", "ch_1": "agent"}


def test_known_agent_names_and_single_unknown_label():
    turns = [("Sarah Jones", "Good morning."), ("Bob", "Morning.")]
    result = resolve_roles(turns, agent_names=["sarah jones"])
    assert result.roles == {"Sarah Jones": "agent", "Bob": "customer"}
    assert result.methods == {"Sarah Jones": "name", "Bob": "content"}


def test_name_inside_label_parentheses():
    result = resolve_roles([("Rep (Sarah)", "Hi"), ("Tom", "Hello")], agent_names=["Sarah"])
    assert result.roles["Rep (Sarah)"] == "agent" and result.roles["Tom"] == "customer"


def test_override_always_wins_even_over_role_words():
    turns = [("Agent", "Thank you for calling, how can I help?"), ("Customer", "Hi")]
    result = resolve_roles(turns, speaker_map={"agent": "bot"})
    assert result.roles == {"Agent": "bot", "Customer": "customer"}
    assert result.methods["Agent"] == "override"


def test_lone_speaker_without_cues_stays_unknown():
    assert resolve_roles([("spk_0", "Okay.")]).roles == {"spk_0": "unknown"}


def test_three_diarised_speakers_after_a_transfer():
    turns = [
        ("spk_0", "Thank you for calling, how can I help?"),
        ("spk_1", "I'm calling about my bill, I was charged twice."),
        ("spk_0", "Let me transfer you to billing."),
        ("spk_2", "Hi, you're speaking with Mo in billing, I can help with that. Can I take your account number?"),
    ]
    roles = resolve_roles(turns).roles
    assert roles == {"spk_0": "agent", "spk_1": "customer", "spk_2": "agent"}


def test_structural_labels_only_are_kept_in_metadata():
    assert is_structural_label("spk_0") and is_structural_label("AGENT") and is_structural_label("ch_1")
    assert not is_structural_label("Agent (Sarah)") and not is_structural_label("Priya Shah")


def test_a_label_that_only_reads_menus_is_the_ivr():
    turns = [
        ("spk_0", "Thank you for calling. Calls may be recorded. For billing, press one. For faults, press two."),
        ("spk_1", "two"),
        ("spk_0", "Please say in a few words why you're calling."),
        ("spk_1", "my internet keeps dropping"),
        ("spk_2", "Hi, thanks for holding, you're through to Dev, how can I help?"),
        ("spk_1", "hi, I'm calling about my internet, it keeps dropping out"),
    ]
    assignment = resolve_roles(turns)
    assert assignment.roles == {"spk_0": "ivr", "spk_1": "customer", "spk_2": "agent"}


def test_an_agent_who_once_says_please_hold_is_no_ivr():
    turns = [
        ("spk_0", "Thanks for calling, how can I help?"),
        ("spk_1", "I need to change my address"),
        ("spk_0", "Sure, please stay on the line while I pull that up."),
        ("spk_0", "Okay, what's the new postcode?"),
    ]
    assert resolve_roles(turns).roles["spk_0"] == "agent"
