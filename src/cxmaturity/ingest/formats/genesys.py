"""Genesys Cloud speech & text analytics transcript JSON (the file behind the transcript URL).

Shape (Genesys developer docs: "Transcript URL" / transcript schema): `organizationId`,
`conversationId`, `communicationId`, `recordingId`, `mediaType`, `conversationStartTime`
/ `startTime` (epoch ms), `participants[]`, `transcripts[{transcriptId, language,
phrases[{text, decoratedText, stability, startTimeMs, duration{milliseconds},
participantPurpose, words, alternatives}], analytics{sentiment[], topics[]}}]`.
`participantPurpose` is the speaker: internal/agent -> agent, external/customer ->
customer, ivr/acd -> ivr, workflow/botflow -> bot (see `speakers`). Phrase times are epoch
milliseconds in exports (offsets are taken from the conversation start) or already offsets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxmaturity.ingest.common import (
    Fragment,
    clean_text,
    fragments_to_turns,
    json_head_has,
    json_shape,
    map_channel,
    map_direction,
    merge_fragments,
    parse_json_text,
    small,
    to_iso,
)
from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, Source, register_reader
from cxmaturity.model import Conversation, Rejected

_EPOCH_MS = 1e11
_AGENT_PURPOSES = {"agent", "internal", "user"}


@register_reader("genesys")
class GenesysReader(Reader):
    suffixes = (".json",)

    def sniff(self, path: Path, text: str) -> float:
        shape = json_shape(text)
        if shape is not None:
            transcripts = shape.get("transcripts")
            if isinstance(transcripts, list) and any(isinstance(t, dict) and "phrases" in t for t in transcripts):
                return 0.95
            if isinstance(transcripts, list) and "conversationId" in shape:
                return 0.7
            return 0.0
        if json_head_has(text, "transcripts") and json_head_has(text, "phrases"):
            return 0.95
        if json_head_has(text, "conversationId") and json_head_has(text, "communicationId"):
            return 0.7
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        parsed = parse_json_text(source.text)
        if parsed.error:
            raise IngestError(source.name, parsed.error)
        documents = parsed.value if isinstance(parsed.value, list) else [parsed.value]
        for index, document in enumerate(documents, start=1):
            location = f"record {index}" if len(documents) > 1 else None
            if not isinstance(document, dict) or not isinstance(document.get("transcripts"), list):
                yield Rejected(source.name, "not a Genesys transcript (no 'transcripts' list)", location=location)
                continue
            yield _conversation(document, source, options, index if len(documents) > 1 else None)


def _conversation(document: dict[str, Any], source: Source, options: IngestOptions, index: int | None):
    conversation_id = document.get("conversationId") or (f"{source.path.stem}-{index}" if index else source.path.stem)
    metadata: dict[str, Any] = {}
    for key, name in (("organizationId", "organization_id"), ("communicationId", "communication_id"),
                      ("recordingId", "recording_id"), ("mediaType", "media_type")):
        if document.get(key) and small(document[key]):
            metadata[name] = document[key]
    start_ms = _number(document.get("conversationStartTime")) or _number(document.get("startTime"))

    fragments: list[Fragment] = []
    annotations: set[str] = set()
    topics: list[str] = []
    languages: set[str] = set()
    phrase_starts = [
        value for transcript in document["transcripts"] if isinstance(transcript, dict)
        for phrase in transcript.get("phrases") or [] if isinstance(phrase, dict)
        if (value := _number(phrase.get("startTimeMs"))) is not None
    ]
    if start_ms is None and phrase_starts and min(phrase_starts) > _EPOCH_MS:
        start_ms = min(phrase_starts)
    for transcript in document["transcripts"]:
        if not isinstance(transcript, dict):
            continue
        if transcript.get("language"):
            languages.add(str(transcript["language"]))
        sentiment_by_phrase = {}
        analytics = transcript.get("analytics") if isinstance(transcript.get("analytics"), dict) else {}
        for item in analytics.get("sentiment") or []:
            if isinstance(item, dict) and item.get("phraseIndex") is not None:
                sentiment_by_phrase[item["phraseIndex"]] = item.get("sentiment")
        if analytics.get("sentiment"):
            annotations.add("sentiment")
        for topic in analytics.get("topics") or []:
            if isinstance(topic, dict) and topic.get("topicName"):
                topics.append(str(topic["topicName"]))
        for position, phrase in enumerate(transcript.get("phrases") or []):
            if not isinstance(phrase, dict):
                continue
            start = _number(phrase.get("startTimeMs"))
            duration = phrase.get("duration")
            duration_ms = _number(duration.get("milliseconds")) if isinstance(duration, dict) else _number(duration)
            if start is not None and start > _EPOCH_MS and start_ms is not None:
                start -= start_ms
            start_s = round(start / 1000.0, 3) if start is not None else None
            end_s = round(start_s + duration_ms / 1000.0, 3) if start_s is not None and duration_ms is not None else None
            turn_metadata: dict[str, Any] = {}
            phrase_index = phrase.get("phraseIndex", position)
            if phrase_index in sentiment_by_phrase and isinstance(sentiment_by_phrase[phrase_index], (int, float)):
                turn_metadata["source_sentiment_score"] = sentiment_by_phrase[phrase_index]
            text = clean_text(phrase.get("decoratedText") or phrase.get("text"))
            fragments.append(Fragment(str(phrase.get("participantPurpose") or "unknown"), text, start_s, end_s, turn_metadata))

    fragments.sort(key=lambda f: (f.start is None, f.start or 0.0))
    fragments = merge_fragments(fragments, options.merge_gap_s)
    turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)
    if topics:
        metadata["topics"] = sorted(set(topics))[:30]
        annotations.add("categories")
    if languages:
        metadata["language"] = sorted(languages)[0] if len(languages) == 1 else sorted(languages)

    participants = [p for p in document.get("participants") or [] if isinstance(p, dict)]
    agent_id = next((str(p["userId"]) for p in participants
                     if str(p.get("participantPurpose", "")).lower() in _AGENT_PURPOSES and p.get("userId")), None)
    queue = next((str(p["queueId"]) for p in participants if p.get("queueId")), None)
    customer_id = next((str(p["externalContactId"]) for p in participants if p.get("externalContactId")), None)
    direction = document.get("direction") or next(
        (p.get("initialDirection") for p in participants if p.get("initialDirection")), None)
    return Conversation(
        conversation_id=str(conversation_id),
        turns=turns,
        channel=map_channel(document.get("mediaType"), metadata) or options.default_channel,
        started_at=to_iso(start_ms) if start_ms is not None and start_ms > _EPOCH_MS else None,
        customer_id=customer_id,
        agent_id=agent_id,
        queue=queue,
        direction=map_direction(direction, metadata) or options.default_direction,
        metadata=metadata,
        source_annotations=sorted(annotations),
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None
