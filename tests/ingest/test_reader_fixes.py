"""Contact Lens chat times from `AbsoluteTime`, and Genesys IVR prompts labelled "internal"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import read_one, speakers

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"


def _write(tmp_path: Path, document: dict, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- Contact Lens chat
def test_contact_lens_chat_started_at_and_turn_starts_from_absolute_time(fixtures):
    chat = read_one(fixtures / "contact_lens_chat.json")
    assert chat.started_at == "2026-11-20T14:02:10Z"  # the customer's participant.joined event
    assert [t.start for t in chat.turns] == [1.23, 20.75, 24.65, 95.0, 129.88, 250.31, 311.76]
    # A chat message is an instant: no end is invented from the next message.
    assert all(t.end is None for t in chat.turns)
    assert chat.metadata["duration_s"] == 330.65  # first item to chat.ended


def test_contact_lens_chat_events_are_not_turns(fixtures):
    chat = read_one(fixtures / "contact_lens_chat.json")
    assert len(chat.turns) == 7
    assert chat.metadata["chat_events"] == {"chat.ended": 1, "participant.joined": 2, "participant.left": 1}
    assert "empty_turns_dropped" not in chat.metadata


def test_contact_lens_chat_sentiment_from_item_groups_and_by_role(fixtures):
    chat = read_one(fixtures / "contact_lens_chat.json")
    assert [t.metadata.get("source_sentiment") for t in chat.turns] == [
        None,
        "negative",
        None,
        "neutral",
        "neutral",
        "positive",
        "positive",
    ]
    assert chat.metadata["overall_sentiment"] == {"agent": 3.0, "customer": 1.5}


def test_contact_lens_chat_roles_through_participant_ids_when_items_lack_roles(fixtures, tmp_path):
    document = json.loads((fixtures / "contact_lens_chat.json").read_text())
    for item in document["Transcript"]:
        item.pop("ParticipantRole", None)
    chat = read_one(_write(tmp_path, document))
    assert speakers(chat) == ["bot", "customer", "system", "agent", "customer", "agent", "customer"]


def test_contact_lens_chat_offset_times_are_normalised_to_utc(fixtures, tmp_path):
    document = json.loads((fixtures / "contact_lens_chat.json").read_text())
    document["Transcript"][0]["AbsoluteTime"] = "2026-11-20T15:02:10.250+01:00"
    chat = read_one(_write(tmp_path, document))
    assert chat.started_at == "2026-11-20T14:02:10Z"
    assert chat.turns[3].start == 95.0


def test_contact_lens_chat_without_times_keeps_turns_untimed(fixtures, tmp_path):
    document = json.loads((fixtures / "contact_lens_chat.json").read_text())
    for item in document["Transcript"]:
        item.pop("AbsoluteTime")
    chat = read_one(_write(tmp_path, document))
    assert chat.started_at is None and len(chat.turns) == 7
    assert all(t.start is None for t in chat.turns) and "duration_s" not in chat.metadata


def test_contact_lens_voice_keeps_millisecond_offsets(fixtures):
    call = read_one(fixtures / "contact_lens_voice.json")
    assert call.started_at is None
    assert (call.turns[0].start, call.turns[0].end) == (0.21, 3.84)
    assert "chat_events" not in call.metadata and "duration_s" not in call.metadata


def test_contact_lens_chat_sample_reads_with_times():
    chat = read_one(SAMPLE_DATA / "contact_lens" / "brightwave-upgrade-chat.json")
    assert chat.started_at == "2026-11-10T12:05:00Z"
    assert speakers(chat)[:3] == ["system", "agent", "customer"]
    assert [t.start for t in chat.turns[:3]] == [1.5, 36.5, 50.5]
    assert chat.metadata["overall_sentiment"] == {"agent": 0.0, "customer": 1.25}


# --------------------------------------------------------------------------- Genesys IVR prompts
@pytest.fixture
def genesys(fixtures) -> dict:
    return json.loads((fixtures / "genesys_call.json").read_text())


def test_genesys_internal_phrase_in_ivr_window_is_ivr(fixtures):
    call = read_one(fixtures / "genesys_call.json")
    assert speakers(call)[:3] == ["ivr", "customer", "agent"]
    assert call.turns[0].metadata["ivr_evidence"] == "participant_window"
    assert call.turns[0].metadata["source_purpose"] == "internal"
    assert "ivr_evidence" not in call.turns[2].metadata
    assert call.metadata["ivr_phrases_inferred"] == 1


def test_genesys_menu_prompt_before_agent_connects_is_ivr(genesys, tmp_path):
    genesys["participants"] = [p for p in genesys["participants"] if p["participantPurpose"] != "ivr"]
    call = read_one(_write(tmp_path, genesys))
    assert speakers(call)[:3] == ["ivr", "customer", "agent"]
    assert call.turns[0].metadata["ivr_evidence"] == "menu_prompt"


def test_genesys_plain_internal_phrase_before_agent_is_not_guessed_ivr(genesys, tmp_path):
    genesys["participants"] = [p for p in genesys["participants"] if p["participantPurpose"] != "ivr"]
    phrase = genesys["transcripts"][0]["phrases"][0]
    phrase["text"] = phrase["decoratedText"] = "Good morning."
    call = read_one(_write(tmp_path, genesys))
    assert speakers(call)[0] == "agent"
    assert "ivr_phrases_inferred" not in call.metadata


def test_genesys_menu_words_after_agent_connects_stay_agent(genesys, tmp_path):
    genesys["participants"] = [p for p in genesys["participants"] if p["participantPurpose"] != "ivr"]
    phrases = genesys["transcripts"][0]["phrases"]
    phrases[5]["text"] = phrases[5]["decoratedText"] = "You can press one on your keypad to hear the offer again."
    call = read_one(_write(tmp_path, genesys))
    assert speakers(call)[4] == "agent"


def test_genesys_agent_window_wins_over_overlapping_ivr_window(genesys, tmp_path):
    genesys["participants"][0]["endTimeMs"] = genesys["participants"][2]["endTimeMs"]  # IVR never "left"
    call = read_one(_write(tmp_path, genesys))
    assert speakers(call) == ["ivr", "customer", "agent", "customer", "agent", "agent"]


def test_genesys_queue_prompt_in_acd_window_with_api_style_participants(genesys, tmp_path):
    """Conversation-API participants: `purpose`, ISO times, and `connectedTime` after alerting."""
    genesys["participants"] = [
        {"purpose": "customer", "startTime": "2026-11-20T10:40:00.000Z", "endTime": "2026-11-20T10:43:20.000Z"},
        {"purpose": "ivr", "startTime": "2026-11-20T10:40:00.000Z", "endTime": "2026-11-20T10:40:14.000Z"},
        {"purpose": "acd", "startTime": "2026-11-20T10:40:14.000Z", "endTime": "2026-11-20T10:40:26.000Z"},
        {
            "purpose": "agent",
            "userId": "u-33aa44bb-agent",
            "startTime": "2026-11-20T10:40:20.000Z",
            "connectedTime": "2026-11-20T10:40:26.000Z",
            "endTime": "2026-11-20T10:43:20.000Z",
        },
    ]
    phrases = genesys["transcripts"][0]["phrases"]
    phrases.insert(
        2,
        {
            "text": "thank you for waiting an advisor will be with you shortly",
            "startTimeMs": 1795171221000,
            "duration": {"milliseconds": 2500},
            "participantPurpose": "internal",
            "phraseIndex": 7,
        },
    )
    call = read_one(_write(tmp_path, genesys))
    assert speakers(call)[:4] == ["ivr", "customer", "ivr", "agent"]
    assert call.turns[2].metadata["ivr_evidence"] == "participant_window"
    assert call.agent_id == "u-33aa44bb-agent"


def test_genesys_speaker_map_for_internal_switches_inference_off(fixtures):
    call = read_one(fixtures / "genesys_call.json", speaker_map={"internal": "agent"})
    assert speakers(call)[0] == "agent"
    assert "ivr_phrases_inferred" not in call.metadata


def test_genesys_speaker_map_for_ivr_applies_to_inferred_prompts(fixtures):
    call = read_one(fixtures / "genesys_call.json", speaker_map={"ivr": "bot"})
    assert speakers(call)[:3] == ["bot", "customer", "agent"]


def test_genesys_samples_ivr_prompts_and_agent_greeting():
    harbour = read_one(SAMPLE_DATA / "genesys" / "harbour-travel-claim.json")
    assert speakers(harbour)[:3] == ["ivr", "agent", "customer"]
    assert harbour.metadata["ivr_phrases_inferred"] == 2
    # No IVR leg: the queue window has no length, so the agent's opening line stays the agent's.
    price_rise = read_one(SAMPLE_DATA / "genesys" / "brightwave-price-rise.json")
    assert speakers(price_rise)[:2] == ["agent", "customer"]
    assert "ivr_phrases_inferred" not in price_rise.metadata
