"""Genesys Cloud transcript JSON, voice (speech & text analytics) and web messaging.

Read back by `cxmaturity.ingest.formats.genesys`. Genesys says who spoke only as
`participantPurpose` (internal/external); the participants list says when the IVR, the
queue and each agent held the conversation.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.registry import Written, register_writer
from tools.sample_data.render import (
    TimedTurn,
    confidence,
    millis,
    sentiment_label,
    stable_uuid,
    started,
    timed_turns,
    tokens_of,
    word_timings,
)
from tools.sample_data.writers._common import output_path, required_file_stem, write_json

PURPOSE = {"agent": "internal", "ivr": "internal", "bot": "internal", "system": "internal", "customer": "external"}
#: Silences at least this long are reported as acoustic "silence" events.
SILENCE_MIN_GAP_S = 10


def _phrase(dialogue: Dialogue, ti: int, turn: TimedTurn, t0_ms: int, media: str) -> dict[str, Any]:
    phrase: dict[str, Any] = {
        "text": turn.text,
        "stability": 1.0,
        "confidence": confidence(dialogue.conversation_id, "phrase", ti),
        "offset": {"milliseconds": millis(turn.start)},
        "startTimeMs": t0_ms + millis(turn.start),
        "duration": {"milliseconds": millis(turn.end - turn.start)},
        "participantPurpose": PURPOSE[turn.speaker],
    }
    if media == "call":
        phrase["words"] = [
            {
                "word": tok,
                "confidence": confidence(dialogue.conversation_id, ti, wi),
                "offset": {"milliseconds": millis(s)},
                "startTimeMs": t0_ms + millis(s),
                "duration": {"milliseconds": millis(e - s)},
            }
            for wi, (tok, s, e) in enumerate(word_timings(turn, tokens_of(turn.text)))
            if s is not None and e is not None
        ]
        phrase["alternatives"] = []
    return phrase


def _participants(dialogue: Dialogue, turns: list[TimedTurn], t0_ms: int, media: str) -> list[dict[str, Any]]:
    """IVR (if any), queue (acd), each agent, and the customer, with the times each held the conversation."""
    total = millis(turns[-1].end)
    ivr_end = max((millis(t.end) for t in turns if t.speaker == "ivr"), default=0)
    first_agent = next(millis(t.start) for t in turns if t.speaker == "agent")
    first_agent2 = next((millis(t.start) for t in turns if t.prefix == "A2"), None)
    participants: list[dict[str, Any]] = []
    if ivr_end:
        participants.append(
            {
                "participantPurpose": "ivr",
                "flowId": stable_uuid(dialogue.company, "flow"),
                "flowVersion": "12.0",
                "startTimeMs": t0_ms,
                "endTimeMs": t0_ms + ivr_end,
            }
        )
    participants.append(
        {
            "participantPurpose": "acd",
            "queueId": stable_uuid(dialogue.company, dialogue.queue),
            "startTimeMs": t0_ms + ivr_end,
            "endTimeMs": t0_ms + max(first_agent, ivr_end),
        }
    )
    participants.append(
        {
            "participantPurpose": "agent",
            "userId": stable_uuid(dialogue.conversation_id, "agent1"),
            "queueId": stable_uuid(dialogue.company, dialogue.queue),
            "initialDirection": dialogue.direction,
            "startTimeMs": t0_ms + first_agent,
            "endTimeMs": t0_ms + (first_agent2 or total),
        }
    )
    if first_agent2:
        participants.append(
            {
                "participantPurpose": "agent",
                "userId": stable_uuid(dialogue.conversation_id, "agent2"),
                "queueId": stable_uuid(dialogue.company, "retention"),
                "initialDirection": dialogue.direction,
                "startTimeMs": t0_ms + first_agent2,
                "endTimeMs": t0_ms + total,
            }
        )
    customer: dict[str, Any] = {
        "participantPurpose": "customer",
        "initialDirection": dialogue.direction,
        "startTimeMs": t0_ms,
        "endTimeMs": t0_ms + total,
    }
    if media == "message":
        customer["messageType"] = "webmessaging"
    participants.append(customer)
    return participants


def genesys_document(dialogue: Dialogue, media: str) -> dict[str, Any]:
    """A Genesys conversation transcript; `media` is "call" (with words and acoustics) or "message"."""
    turns = timed_turns(dialogue)
    t0_ms = int(started(dialogue).timestamp() * 1000)
    phrases, sentiment, acoustic = [], [], []
    for ti, t in enumerate(turns):
        phrases.append(_phrase(dialogue, ti, t, t0_ms, media))
        label = sentiment_label(t.text)
        if label != "NEUTRAL" and t.speaker == "customer":
            sentiment.append(
                {
                    "participant": "external",
                    "phrase": t.text,
                    "offset": {"milliseconds": millis(t.start)},
                    "startTimeMs": t0_ms + millis(t.start),
                    "duration": {"milliseconds": millis(t.end - t.start)},
                    "sentiment": -0.8 if label == "NEGATIVE" else 0.8,
                    "phraseIndex": ti,
                }
            )
        if media == "call" and ti and t.gap_before >= SILENCE_MIN_GAP_S:
            gap_start = millis(turns[ti - 1].end)
            acoustic.append(
                {
                    "eventType": "silence",
                    "offsetMs": gap_start,
                    "startTimeMs": t0_ms + gap_start,
                    "durationMs": millis(t.gap_before),
                    "participant": "internal",
                }
            )
    total = millis(turns[-1].end)
    analytics: dict[str, Any] = {"sentiment": sentiment, "topics": []}
    transcript: dict[str, Any] = {
        "transcriptId": stable_uuid(dialogue.conversation_id, "transcript"),
        "language": "en-gb",
        "programId": stable_uuid(dialogue.company, "program"),
        "engineId": "Genesys",
        "startTime": t0_ms,
        "phrases": phrases,
        "duration": {"milliseconds": total},
        "analytics": analytics,
    }
    if media == "call":
        analytics["acoustic"] = acoustic
    else:
        transcript["messageType"] = "webmessaging"
    return {
        "organizationId": stable_uuid(dialogue.company, "org"),
        "conversationId": stable_uuid(dialogue.conversation_id, "conversation"),
        "communicationId": stable_uuid(dialogue.conversation_id, "communication"),
        "mediaType": media,
        "conversationStartTime": t0_ms,
        "startTime": t0_ms,
        "duration": {"milliseconds": total},
        "transcripts": [transcript],
        "participants": _participants(dialogue, turns, t0_ms, media),
    }


def _write(dialogues: Sequence[Dialogue], out: Path, media: str) -> list[Written]:
    written = []
    for d in dialogues:
        path = output_path(out, "genesys", f"{required_file_stem(d)}.json")
        written.append(Written(write_json(path, genesys_document(d, media)), (d,)))
    return written


@register_writer("genesys", label="Genesys Cloud speech & text analytics transcript JSON, voice", reader="genesys")
def write_genesys_call(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    return _write(dialogues, out, "call")


@register_writer("genesys_message", label="Genesys Cloud transcript JSON, web messaging", reader="genesys")
def write_genesys_message(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    return _write(dialogues, out, "message")
