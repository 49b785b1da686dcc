"""What Contact Lens and Transcribe Call Analytics outputs share: a `Transcript` list of
turns, per-turn `Sentiment`, `IssuesDetected`, `Redaction`, and call-level `Categories`,
`ConversationCharacteristics`, `ContentMetadata`.

Voice turns carry millisecond offsets (`BeginOffsetMillis`, `EndOffsetMillis`). Contact Lens
chat output (`Version` "CHAT-...", AWS docs: "Example Contact Lens output files for a chat")
instead carries the chat transcript items as Amazon Connect records them: `AbsoluteTime`
(ISO 8601, UTC), `Type` MESSAGE/EVENT/ATTACHMENT, `ContentType`, `DisplayName`; per-message
sentiment sits in `ConversationCharacteristics.Sentiment.DetailsByTranscriptItemGroup` and
overall sentiment under `OverallSentiment.DetailsByParticipantRole`. For those files:

- `started_at` is the first transcript item's `AbsoluteTime` (the earliest, should items come
  out of order; normally the customer's `participant.joined` event), UTC with 'Z', and each
  turn's `start` is seconds since then.
- `end` stays None: a chat message is posted at one instant and has no duration. The next
  message's time is when somebody answered, not when this one stopped, so using it as `end`
  would invent talk time, talk shares and overlaps. The chat's length is kept instead as
  metadata `duration_s` (first to last item, including the `chat.ended` event).
- Events (`participant.joined`, `transfer.succeeded`, `chat.ended` ...) are not turns; their
  kinds are counted in metadata `chat_events`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.times import to_iso, to_seconds
from cxmaturity.ingest.values import clean_text, small
from cxmaturity.ingest.vocabularies import map_channel
from cxmaturity.model import Conversation

_MAX_CATEGORIES = 30
_CHAT_EVENT_PREFIX = "application/vnd.amazonaws.connect.event."


def analytics_conversation(
    document: dict[str, Any],
    conversation_id: str,
    label_of: Callable[[dict[str, Any]], str],
    options: IngestOptions,
    metadata: dict[str, Any],
) -> Conversation:
    """Build a conversation from an AWS analytics document; `label_of` gives each turn's label."""
    annotations = SourceAnnotations()
    fragments = []
    entries = [entry for entry in document.get("Transcript") or [] if isinstance(entry, dict)]
    item_times = [at for entry in entries if (at := absolute_time(entry.get("AbsoluteTime"))) is not None]
    chat_start = min(item_times) if item_times else None
    if len(item_times) > 1:
        metadata["duration_s"] = round((max(item_times) - min(item_times)).total_seconds(), 3)
    item_sentiment = _sentiment_by_item(document)
    events: Counter[str] = Counter()
    for entry in entries:
        if _is_chat_event(entry):
            events[str(entry.get("ContentType") or "event").removeprefix(_CHAT_EVENT_PREFIX)] += 1
            continue
        turn_metadata: dict[str, Any] = {}
        if entry.get("Id"):
            turn_metadata["source_id"] = str(entry["Id"])
        sentiment = entry.get("Sentiment") or item_sentiment.get(str(entry.get("Id")))
        if sentiment:
            turn_metadata["source_sentiment"] = str(sentiment).lower()
            annotations.add("sentiment", "Transcript[].Sentiment")
        if entry.get("IssuesDetected"):
            turn_metadata["issues_detected"] = len(entry["IssuesDetected"])
            annotations.add("issues", "Transcript[].IssuesDetected")
        if entry.get("OutcomesDetected"):
            turn_metadata["outcomes_detected"] = len(entry["OutcomesDetected"])
        if entry.get("ActionItemsDetected"):
            turn_metadata["action_items_detected"] = len(entry["ActionItemsDetected"])
        if entry.get("Redaction"):
            turn_metadata["source_redacted"] = True
            annotations.add("redaction", "Transcript[].Redaction")
        loudness = [
            x for x in entry.get("LoudnessScores") or entry.get("LoudnessScore") or [] if isinstance(x, (int, float))
        ]
        if loudness:
            turn_metadata["loudness_mean"] = round(sum(loudness) / len(loudness), 2)
        start = to_seconds(entry.get("BeginOffsetMillis"), millis=True)
        end = to_seconds(entry.get("EndOffsetMillis"), millis=True)
        posted_at = absolute_time(entry.get("AbsoluteTime"))
        if start is None and posted_at is not None and chat_start is not None:
            start, end = round((posted_at - chat_start).total_seconds(), 3), None  # see module docstring
        fragments.append(Fragment(label_of(entry), clean_text(entry.get("Content")), start, end, turn_metadata))
    turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)
    if events:
        metadata["chat_events"] = dict(sorted(events.items()))

    categories = document.get("Categories") or {}
    matched = categories.get("MatchedCategories") if isinstance(categories, dict) else None
    if matched:
        metadata["categories"] = [str(c).strip() for c in matched][:_MAX_CATEGORIES]
        annotations.add("categories", "Categories.MatchedCategories")

    content = document.get("ContentMetadata") or {}
    if isinstance(content, dict):
        if content.get("Output"):
            metadata["content_output"] = str(content["Output"])
        if content.get("RedactionTypes"):
            metadata["redaction_types"] = [str(t) for t in content["RedactionTypes"]][:10]
        if str(content.get("Output", "")).lower() == "redacted" or content.get("RedactionTypes"):
            annotations.add("redaction", "ContentMetadata")

    characteristics = document.get("ConversationCharacteristics") or {}
    if isinstance(characteristics, dict):
        _characteristics(characteristics, metadata, annotations)
    for key in ("ContactSummary", "CallSummarization", "Summary"):
        if document.get(key):
            annotations.add("summary", key)
    for key in ("LanguageCode", "JobStatus", "Version", "AccountId"):
        if document.get(key) and small(document[key]):
            metadata[_snake(key)] = document[key]

    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=map_channel(document.get("Channel"), metadata) or options.default_channel,
        started_at=to_iso(chat_start) if chat_start is not None else None,
        direction=options.default_direction,
        metadata=metadata,
        source_annotations=annotations.names,
        annotation_fields=annotations.fields,
    )


def _characteristics(characteristics: dict[str, Any], metadata: dict[str, Any], annotations: SourceAnnotations) -> None:
    total = characteristics.get("TotalConversationDurationMillis")
    if isinstance(total, (int, float)):
        metadata["total_duration_ms"] = total
    sentiment = characteristics.get("Sentiment") or {}
    overall = sentiment.get("OverallSentiment") if isinstance(sentiment, dict) else None
    if isinstance(overall, dict) and isinstance(overall.get("DetailsByParticipantRole"), dict):
        overall = overall["DetailsByParticipantRole"]  # chat output nests scores by role
    scores = (
        {
            str(role).lower(): score
            for role, score in overall.items()
            if isinstance(score, (int, float)) and not isinstance(score, bool)
        }
        if isinstance(overall, dict)
        else {}
    )
    if scores:
        metadata["overall_sentiment"] = scores
        annotations.add("sentiment", "ConversationCharacteristics.Sentiment")
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
            str(k).lower(): v.get("TotalTimeMillis")
            for k, v in details.items()
            if isinstance(v, dict) and isinstance(v.get("TotalTimeMillis"), (int, float))
        }
    issues = characteristics.get("Issues") or characteristics.get("IssuesDetected")
    if issues:
        annotations.add("issues", "ConversationCharacteristics.Issues")


def absolute_time(value: Any) -> datetime | None:
    """A chat item's `AbsoluteTime` as an aware UTC datetime (naive values are taken as UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _is_chat_event(entry: dict[str, Any]) -> bool:
    """Chat events (joined, left, transfer, ended) are things that happened, not turns."""
    content_type = str(entry.get("ContentType", ""))
    return str(entry.get("Type", "")).upper() == "EVENT" or content_type.startswith(_CHAT_EVENT_PREFIX)


def _sentiment_by_item(document: dict[str, Any]) -> dict[str, str]:
    """Chat output labels sentiment per group of transcript item ids, not on the items."""
    characteristics = document.get("ConversationCharacteristics")
    sentiment = characteristics.get("Sentiment") if isinstance(characteristics, dict) else None
    groups = sentiment.get("DetailsByTranscriptItemGroup") if isinstance(sentiment, dict) else None
    by_item: dict[str, str] = {}
    for group in groups if isinstance(groups, list) else []:
        if not isinstance(group, dict) or not group.get("Sentiment"):
            continue
        for item in group.get("TranscriptItems") or []:
            if isinstance(item, dict) and item.get("Id"):
                by_item[str(item["Id"])] = str(group["Sentiment"])
    return by_item


def _snake(name: str) -> str:
    out = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
    return out.lstrip("_")
