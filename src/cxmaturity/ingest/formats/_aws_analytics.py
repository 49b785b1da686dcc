"""What Contact Lens and Transcribe Call Analytics outputs share: a `Transcript` list of
turns with millisecond offsets, per-turn `Sentiment`, `IssuesDetected`, `Redaction`, and
call-level `Categories`, `ConversationCharacteristics`, `ContentMetadata`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cxmaturity.ingest.common import Fragment, clean_text, fragments_to_turns, map_channel, small, to_seconds
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.model import Conversation

_MAX_CATEGORIES = 30


def analytics_conversation(
    document: dict[str, Any],
    conversation_id: str,
    label_of: Callable[[dict[str, Any]], str],
    options: IngestOptions,
    metadata: dict[str, Any],
) -> Conversation:
    """Build a conversation from an AWS analytics document; `label_of` gives each turn's label."""
    annotations: set[str] = set()
    fragments = []
    for entry in document.get("Transcript") or []:
        if not isinstance(entry, dict):
            continue
        turn_metadata: dict[str, Any] = {}
        if entry.get("Id"):
            turn_metadata["source_id"] = str(entry["Id"])
        if entry.get("Sentiment"):
            turn_metadata["source_sentiment"] = str(entry["Sentiment"]).lower()
            annotations.add("sentiment")
        if entry.get("IssuesDetected"):
            turn_metadata["issues_detected"] = len(entry["IssuesDetected"])
            annotations.add("issues")
        if entry.get("OutcomesDetected"):
            turn_metadata["outcomes_detected"] = len(entry["OutcomesDetected"])
        if entry.get("ActionItemsDetected"):
            turn_metadata["action_items_detected"] = len(entry["ActionItemsDetected"])
        if entry.get("Redaction"):
            turn_metadata["source_redacted"] = True
            annotations.add("redaction")
        loudness = [x for x in entry.get("LoudnessScores") or entry.get("LoudnessScore") or [] if isinstance(x, (int, float))]
        if loudness:
            turn_metadata["loudness_mean"] = round(sum(loudness) / len(loudness), 2)
        fragments.append(Fragment(
            label_of(entry),
            clean_text(entry.get("Content")),
            to_seconds(entry.get("BeginOffsetMillis"), millis=True),
            to_seconds(entry.get("EndOffsetMillis"), millis=True),
            turn_metadata,
        ))
    turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)

    categories = document.get("Categories") or {}
    matched = categories.get("MatchedCategories") if isinstance(categories, dict) else None
    if matched:
        metadata["categories"] = [str(c).strip() for c in matched][:_MAX_CATEGORIES]
        annotations.add("categories")

    content = document.get("ContentMetadata") or {}
    if isinstance(content, dict):
        if content.get("Output"):
            metadata["content_output"] = str(content["Output"])
        if content.get("RedactionTypes"):
            metadata["redaction_types"] = [str(t) for t in content["RedactionTypes"]][:10]
        if str(content.get("Output", "")).lower() == "redacted" or content.get("RedactionTypes"):
            annotations.add("redaction")

    characteristics = document.get("ConversationCharacteristics") or {}
    if isinstance(characteristics, dict):
        _characteristics(characteristics, metadata, annotations)
    if document.get("ContactSummary") or document.get("CallSummarization") or document.get("Summary"):
        annotations.add("summary")
    for key in ("LanguageCode", "JobStatus", "Version", "AccountId"):
        if document.get(key) and small(document[key]):
            metadata[_snake(key)] = document[key]

    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=map_channel(document.get("Channel"), metadata) or options.default_channel,
        direction=options.default_direction,
        metadata=metadata,
        source_annotations=sorted(annotations),
    )


def _characteristics(characteristics: dict[str, Any], metadata: dict[str, Any], annotations: set[str]) -> None:
    total = characteristics.get("TotalConversationDurationMillis")
    if isinstance(total, (int, float)):
        metadata["total_duration_ms"] = total
    sentiment = characteristics.get("Sentiment") or {}
    overall = sentiment.get("OverallSentiment") if isinstance(sentiment, dict) else None
    if isinstance(overall, dict) and overall:
        metadata["overall_sentiment"] = {str(k).lower(): v for k, v in overall.items() if isinstance(v, (int, float))}
        annotations.add("sentiment")
    interruptions = characteristics.get("Interruptions") or {}
    if isinstance(interruptions, dict) and isinstance(interruptions.get("TotalCount"), int):
        metadata["interruptions"] = interruptions["TotalCount"]
    non_talk = characteristics.get("NonTalkTime") or {}
    if isinstance(non_talk, dict) and isinstance(non_talk.get("TotalTimeMillis"), (int, float)):
        metadata["non_talk_time_ms"] = non_talk["TotalTimeMillis"]
    talk_time = characteristics.get("TalkTime") or {}
    details = talk_time.get("DetailsByParticipant") if isinstance(talk_time, dict) else None
    if isinstance(details, dict):
        metadata["talk_time_ms"] = {
            str(k).lower(): v.get("TotalTimeMillis") for k, v in details.items()
            if isinstance(v, dict) and isinstance(v.get("TotalTimeMillis"), (int, float))
        }
    issues = characteristics.get("Issues") or characteristics.get("IssuesDetected")
    if issues:
        annotations.add("issues")


def _snake(name: str) -> str:
    out = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
    return out.lstrip("_")
