"""Amazon Transcribe Call Analytics JSON, read back by `cxmaturity.ingest.formats.call_analytics`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.registry import Written, register_writer
from tools.sample_data.render import (
    TimedTurn,
    confidence,
    loudness,
    millis,
    sentiment_label,
    stable_uuid,
    timed_turns,
    tokens_of,
    word_timings,
)
from tools.sample_data.writers._amazon import ACCOUNT_ID, characteristics, first_customer_turn, voice_categories
from tools.sample_data.writers._common import output_path, required_file_stem, write_json


def _items(dialogue: Dialogue, ti: int, turn: TimedTurn) -> list[dict[str, Any]]:
    items = []
    for wi, (tok, s, e) in enumerate(word_timings(turn, tokens_of(turn.text))):
        item: dict[str, Any] = {"Content": tok}
        if s is None or e is None:
            item["Type"] = "punctuation"
        else:
            item.update(
                {
                    "Confidence": confidence(dialogue.conversation_id, ti, wi),
                    "BeginOffsetMillis": millis(s),
                    "EndOffsetMillis": millis(e),
                    "Type": "pronunciation",
                }
            )
            if tok == "[PII]":
                item["Redaction"] = [{"Confidence": 0.9994, "Type": "PII", "Category": "PII"}]
        items.append(item)
    return items


def call_analytics_document(dialogue: Dialogue) -> dict[str, Any]:
    """One Call Analytics job result: per-turn sentiment, issue and outcome spans, categories."""
    turns = timed_turns(dialogue)
    labels = [sentiment_label(t.text) for t in turns]
    issue_turn = first_customer_turn(turns)
    transcript = []
    for ti, t in enumerate(turns):
        seg: dict[str, Any] = {
            "LoudnessScores": loudness(int(t.end - t.start) + 1, dialogue.conversation_id, ti),
            "Content": t.text,
            "Items": _items(dialogue, ti, t),
            "Id": stable_uuid(dialogue.conversation_id, "segment", ti),
            "BeginOffsetMillis": millis(t.start),
            "EndOffsetMillis": millis(t.end),
            "Sentiment": labels[ti],
            "ParticipantRole": t.speaker.upper(),
        }
        if ti == issue_turn:
            seg["IssuesDetected"] = [{"CharacterOffsets": {"Begin": 0, "End": len(t.text.rstrip("."))}}]
        transcript.append(seg)
    # the outcome: the agent's last words before the closing pleasantries
    resolved_turn = max(i for i, t in enumerate(turns) if t.speaker == "agent" and i < len(turns) - 2)
    transcript[resolved_turn]["OutcomesDetected"] = [
        {"CharacterOffsets": {"Begin": 0, "End": len(turns[resolved_turn].text.rstrip("."))}}
    ]
    redacted = dialogue.redacted_at_source
    return {
        "JobName": f"{dialogue.file_stem}-{dialogue.conversation_id}",
        "AccountId": ACCOUNT_ID,
        "JobStatus": "COMPLETED",
        "LanguageCode": "en-US",
        "Channel": "VOICE",
        "ContentMetadata": {"Output": "Redacted", "RedactionTypes": ["PII"]} if redacted else {"Output": "Raw"},
        "Participants": [{"ParticipantRole": "AGENT"}, {"ParticipantRole": "CUSTOMER"}],
        "Transcript": transcript,
        "Categories": voice_categories(dialogue, turns),
        "ConversationCharacteristics": characteristics(turns, labels),
        "AnalyticsJobDetails": {"Skipped": []},
    }


@register_writer(
    "transcribe_call_analytics", label="Amazon Transcribe Call Analytics JSON", reader="transcribe_call_analytics"
)
def write_call_analytics(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    written = []
    for d in dialogues:
        path = output_path(out, "transcribe_call_analytics", f"{required_file_stem(d)}.json")
        written.append(Written(write_json(path, call_analytics_document(d)), (d,)))
    return written
