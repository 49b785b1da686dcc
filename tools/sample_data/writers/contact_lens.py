"""Amazon Connect Contact Lens output JSON, voice and chat.

Read back by `cxmaturity.ingest.formats.contact_lens`. A voice file redacted at source
carries `[PII]` in Content and the redacted audio spans; a raw voice file marks the audio
spans of the dialogue's `raw_pii` values, as the service does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.registry import Written, register_writer
from tools.sample_data.render import (
    SENTIMENT_SCORE,
    TimedTurn,
    iso_ms,
    loudness,
    millis,
    sentiment_label,
    stable_uuid,
    started,
    timed_turns,
    timed_words,
)
from tools.sample_data.writers._amazon import (
    ACCOUNT_ID,
    characteristics,
    first_customer_turn,
    redacted_timestamps,
    voice_categories,
)
from tools.sample_data.writers._common import output_path, required_file_stem, write_json

CONNECT_EVENT = "application/vnd.amazonaws.connect.event."
REDACTED_METADATA = {
    "Output": "Redacted",
    "RedactionTypes": ["PII"],
    "RedactionTypesMetadata": {
        "PII": {
            "RedactionEntitiesRequested": ["NAME", "ADDRESS", "EMAIL", "DATE_TIME"],
            "RedactionMaskMode": "PII",
        }
    },
}


def _recording_uri(dialogue: Dialogue, bucket: str, folder: str, suffix: str) -> str:
    company = dialogue.company.split()[0].lower()
    day = dialogue.started_at[:10].replace("-", "/")
    contact = stable_uuid(dialogue.conversation_id, "contact")
    return f"s3://{bucket}/connect/{company}/{folder}/{day}/{contact}.{suffix}"


def raw_pii_timestamps(turn: TimedTurn, needles: Sequence[str]) -> list[dict[str, int]]:
    """Audio offsets of each PII value in a raw turn, longest values first, no overlaps."""
    words = timed_words(turn)
    taken: set[int] = set()
    spans: list[tuple[int, int]] = []
    for needle in sorted(needles, key=len, reverse=True):
        parts = needle.split()
        for k in range(len(words) - len(parts) + 1):
            window = range(k, k + len(parts))
            if all(words[j][0] == parts[n] for n, j in enumerate(window)) and not taken & set(window):
                taken |= set(window)
                spans.append((millis(words[k][1]), millis(words[k + len(parts) - 1][2])))
    return [{"BeginOffsetMillis": b, "EndOffsetMillis": e} for b, e in sorted(spans)]


def voice_document(dialogue: Dialogue) -> dict[str, Any]:
    turns = timed_turns(dialogue)
    labels = [sentiment_label(t.text) for t in turns]
    issue_turn = first_customer_turn(turns)
    transcript = []
    for ti, t in enumerate(turns):
        entry: dict[str, Any] = {
            "BeginOffsetMillis": millis(t.start),
            "Content": t.text,
            "EndOffsetMillis": millis(t.end),
            "Id": stable_uuid(dialogue.conversation_id, "turn", ti),
            "ParticipantId": t.speaker.upper(),
            "Sentiment": labels[ti],
            "LoudnessScore": loudness(int(t.end - t.start) + 1, dialogue.conversation_id, ti),
        }
        if dialogue.redacted_at_source:
            stamps = redacted_timestamps(t)
        else:
            stamps = raw_pii_timestamps(t, dialogue.raw_pii)
        if stamps:
            entry["Redaction"] = {"RedactedTimestamps": stamps}
        if ti == issue_turn:
            issue_text = t.text.rstrip(".")
            offsets = {"BeginOffsetChar": 0, "EndOffsetChar": len(issue_text)}
            entry["IssuesDetected"] = [{"CharacterOffsets": offsets, "Text": issue_text}]
        transcript.append(entry)
    return {
        "Version": "1.1.0",
        "AccountId": ACCOUNT_ID,
        "Channel": "VOICE",
        "ContentMetadata": REDACTED_METADATA if dialogue.redacted_at_source else {"Output": "Raw"},
        "JobStatus": "COMPLETED",
        "LanguageCode": "en-GB",
        "Participants": [
            {"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER"},
            {"ParticipantId": "AGENT", "ParticipantRole": "AGENT"},
        ],
        "Categories": voice_categories(dialogue, turns),
        "ConversationCharacteristics": characteristics(turns, labels),
        "CustomModels": [],
        "CustomerMetadata": {
            "ContactId": stable_uuid(dialogue.conversation_id, "contact"),
            "InstanceId": stable_uuid("instance", dialogue.company),
            "InputS3Uri": _recording_uri(dialogue, "example-connect-recordings", "CallRecordings", "wav"),
        },
        "Transcript": transcript,
    }


@register_writer("contact_lens_voice", label="Amazon Connect Contact Lens output JSON, voice", reader="contact_lens")
def write_contact_lens_voice(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    written = []
    for d in dialogues:
        stem = required_file_stem(d)
        suffix = "-redacted" if d.redacted_at_source and not stem.endswith("redacted") else ""
        path = output_path(out, "contact_lens", f"{stem}{suffix}.json")
        written.append(Written(write_json(path, voice_document(d)), (d,)))
    return written


@dataclass
class _ChatTranscript:
    """The chat transcript's items in order: participant events and messages."""

    dialogue: Dialogue
    participant_ids: dict[str, str]
    display_names: dict[str, str]
    items: list[dict[str, Any]] = field(default_factory=list)

    def event(self, at: datetime, kind: str, role: str | None, n: int) -> None:
        ev: dict[str, Any] = {"AbsoluteTime": iso_ms(at), "ContentType": f"{CONNECT_EVENT}{kind}"}
        event_id = stable_uuid(self.dialogue.conversation_id, "event", n)
        if role:
            ev.update(
                {
                    "DisplayName": self.display_names[role],
                    "Id": event_id,
                    "ParticipantId": self.participant_ids[role],
                    "ParticipantRole": role.upper(),
                    "Type": "EVENT",
                }
            )
        else:
            ev.update({"Id": event_id, "Type": "EVENT"})
        self.items.append(ev)

    def message(self, at: datetime, turn: TimedTurn, role: str, message_id: str) -> None:
        special_names = {"bot": self.display_names["custom_bot"], "system": "SYSTEM_MESSAGE"}
        self.items.append(
            {
                "AbsoluteTime": iso_ms(at),
                "Content": turn.text,
                "ContentType": "text/plain",
                "DisplayName": special_names.get(turn.speaker, self.display_names.get(turn.speaker, "")),
                "Id": message_id,
                "ParticipantId": self.participant_ids[role],
                "ParticipantRole": role.upper(),
                "Type": "MESSAGE",
            }
        )


def _chat_sentiment(
    turns: list[TimedTurn], message_ids: list[tuple[int, str]]
) -> tuple[list[dict[str, Any]], dict[str, float], dict[str, dict[str, float]]]:
    """Per-message groups with a progressive score, overall score and sentiment shift per role."""
    labels = {ti: sentiment_label(turns[ti].text) for ti, _ in message_ids}
    groups: list[dict[str, Any]] = []
    progressive = {"AGENT": 0.0, "CUSTOMER": 0.0}
    for ti, mid in message_ids:
        role = turns[ti].speaker.upper()
        if role not in progressive:
            continue
        progressive[role] = round((progressive[role] + SENTIMENT_SCORE[labels[ti]]) / 2, 4)
        groups.append(
            {
                "ParticipantRole": role,
                "ProgressiveScore": progressive[role],
                "Sentiment": labels[ti],
                "TranscriptItems": [{"Id": mid}],
            }
        )

    def role_scores(role: str) -> list[float]:
        return [SENTIMENT_SCORE[labels[ti]] for ti, _ in message_ids if turns[ti].speaker.upper() == role]

    overall = {r: round(sum(role_scores(r)) / max(len(role_scores(r)), 1), 2) for r in ("AGENT", "CUSTOMER")}
    shift = {
        r: {"BeginScore": (role_scores(r) or [0.0])[0], "EndScore": (role_scores(r) or [0.0])[-1]}
        for r in ("AGENT", "CUSTOMER")
    }
    return groups, overall, shift


def chat_document(dialogue: Dialogue) -> dict[str, Any]:
    turns = timed_turns(dialogue)
    t0 = started(dialogue)
    cid = dialogue.conversation_id
    pid = {
        "customer": stable_uuid(cid, "participant", "customer"),
        "agent": stable_uuid(cid, "participant", "agent"),
        "system": stable_uuid(cid, "participant", "system"),
        "custom_bot": stable_uuid(cid, "participant", "bot"),
    }
    names = {"customer": dialogue.customer_name, "agent": dialogue.agent_name, "custom_bot": dialogue.bot_name}
    chat = _ChatTranscript(dialogue, pid, names)
    chat.event(t0, "participant.joined", "customer", 0)
    agent_joined = False
    message_ids: list[tuple[int, str]] = []
    for ti, t in enumerate(turns):
        at = t0 + timedelta(seconds=t.start + 1.5)
        if t.speaker == "agent" and not agent_joined:
            chat.event(at - timedelta(seconds=2.4), "participant.joined", "agent", 1)
            agent_joined = True
        role = {"bot": dialogue.bot_role, "system": "system"}.get(t.speaker, t.speaker)
        mid = stable_uuid(cid, "message", ti)
        chat.message(at, t, role, mid)
        message_ids.append((ti, mid))
    end_at = t0 + timedelta(seconds=turns[-1].start + 20)
    chat.event(end_at, "participant.left", "customer", 2)
    chat.event(end_at + timedelta(milliseconds=420), "chat.ended", None, 3)

    groups, overall, shift = _chat_sentiment(turns, message_ids)
    message_id_of = dict(message_ids)
    participants = [
        {"DisplayName": dialogue.customer_name, "ParticipantId": pid["customer"], "ParticipantRole": "CUSTOMER"},
        {"DisplayName": "SYSTEM_MESSAGE", "ParticipantId": pid["system"], "ParticipantRole": "SYSTEM"},
        {"DisplayName": dialogue.agent_name, "ParticipantId": pid["agent"], "ParticipantRole": "AGENT"},
    ]
    if any(t.speaker == "bot" for t in turns) and dialogue.bot_role == "custom_bot":
        participants.append(
            {"DisplayName": names["custom_bot"], "ParticipantId": pid["custom_bot"], "ParticipantRole": "CUSTOM_BOT"}
        )
    return {
        "AccountId": ACCOUNT_ID,
        "Categories": {
            "MatchedCategories": list(dialogue.categories),
            "MatchedDetails": {
                name: {
                    "PointsOfInterest": [
                        {
                            "TranscriptItems": [
                                {
                                    "CharacterOffsets": {"BeginOffsetChar": 0, "EndOffsetChar": len(turns[i].text)},
                                    "Id": message_id_of[i],
                                }
                                for i in idx
                            ]
                        }
                    ]
                }
                for name, idx in dialogue.categories.items()
            },
        },
        "Channel": "CHAT",
        "ChatTranscriptVersion": "2019-08-26",
        "ContentMetadata": {"Output": "Raw"},
        "ConversationCharacteristics": {
            "ResponseTime": {"AgentGreetingTimeMillis": 2400},
            "Sentiment": {
                "DetailsByTranscriptItemGroup": groups,
                "OverallSentiment": {"DetailsByParticipantRole": overall},
                "SentimentShift": {"DetailsByParticipantRole": shift},
            },
        },
        "CustomerMetadata": {
            "ContactId": stable_uuid(cid, "contact"),
            "InputS3Uri": _recording_uri(dialogue, "example-connect-transcripts", "ChatTranscripts", "json"),
            "InstanceId": stable_uuid("instance", dialogue.company),
        },
        "JobStatus": "COMPLETED",
        "LanguageCode": "en-GB",
        "Participants": participants,
        "Transcript": chat.items,
        "Version": "CHAT-2022-11-30",
    }


@register_writer("contact_lens_chat", label="Amazon Connect Contact Lens output JSON, chat", reader="contact_lens")
def write_contact_lens_chat(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    written = []
    for d in dialogues:
        path = output_path(out, "contact_lens", f"{required_file_stem(d)}.json")
        written.append(Written(write_json(path, chat_document(d)), (d,)))
    return written
