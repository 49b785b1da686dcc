"""Genesys Cloud speech & text analytics transcript JSON (the file behind the transcript URL).

Shape (Genesys developer docs: "Transcript URL" / transcript schema): `organizationId`,
`conversationId`, `communicationId`, `recordingId`, `mediaType`, `conversationStartTime`
/ `startTime` (epoch ms), `participants[]`, `transcripts[{transcriptId, language,
phrases[{text, decoratedText, stability, startTimeMs, duration{milliseconds},
participantPurpose, words, alternatives}], analytics{sentiment[], topics[]}}]`.
`participantPurpose` is the speaker: internal/agent -> agent, external/customer ->
customer, ivr/acd -> ivr, workflow/botflow -> bot (see `speakers`). Phrase times are epoch
milliseconds in exports (offsets are taken from the conversation start) or already offsets.

IVR prompts: Genesys voice transcripts label everything said on the contact centre's side
"internal", IVR prompts included, so an internal phrase is only taken as the agent's when
nothing says otherwise. It becomes `ivr` (turn metadata `ivr_evidence`) when:

1. `participant_window`: it starts inside the time window of an `ivr` or `acd` participant
   and outside every agent participant's window (agent windows run from `connectedTime`,
   else the start, to the end; windows are half-open, so the agent's first words at the
   moment the queue hands over stay the agent's); or
2. `menu_prompt`: it starts before the first agent participant connected and reads like a
   menu ("press 1", "please say", "para español", "please hold while we connect you").

Participants may come as in the transcript file (`participantPurpose`, `startTimeMs`,
`endTimeMs`, epoch ms) or as in the conversation APIs (`purpose`, `connectedTime`,
`startTime`, `endTime` ISO 8601, or `sessions[].segments[].segmentStart/segmentEnd`).
A `speaker_map` entry for the phrase's purpose (e.g. {"internal": "agent"}) switches this
inference off for those phrases; one for "ivr" applies to the inferred prompts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns, merge_fragments
from cxmaturity.ingest.jsondocs import json_head_has, json_shape, parsed_document
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.speakers import normalise_label
from cxmaturity.ingest.times import to_iso
from cxmaturity.ingest.values import as_dict, clean_text, small
from cxmaturity.ingest.vocabularies import map_channel, map_direction
from cxmaturity.model import Conversation, Rejected

_EPOCH_MS = 1e11
_AGENT_PURPOSES = {"agent", "internal", "user"}
_IVR_PURPOSES = {"ivr", "acd"}
_DIGIT = r"(?:\d|one|two|three|four|five|six|seven|eight|nine|zero|star|pound|hash)"
_MENU_PROMPT = re.compile(
    rf"\bpress(?:ing)? (?:the )?{_DIGIT}\b"
    r"|\b(?:please|you can|or) say\b|\bsay or press\b|\bpress or say\b"
    r"|\bpara (?:español|espanol)\b|\bpour (?:le )?français\b"
    r"|\b(?:repeat|return to|hear) (?:this|these|the main) (?:menu|options)\b"
    r"|\bfollowed by the (?:pound|hash|star)\b"
    r"|\bin a few words\b"
    r"|\bplease (?:hold|stay on the line|wait) while (?:we|i) (?:connect|transfer|find)\b"
    r"|\byour call is (?:important|being transferred)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Window:
    """When a participant was on the conversation, in seconds from the conversation start."""

    start: float
    end: float  # inf while still connected

    def holds(self, moment: float) -> bool:
        return self.start <= moment < self.end


@register_reader("genesys")
class GenesysReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
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
        value = parsed_document(source)
        documents = value if isinstance(value, list) else [value]
        for index, document in enumerate(documents, start=1):
            location = f"record {index}" if len(documents) > 1 else None
            if not isinstance(document, dict) or not isinstance(document.get("transcripts"), list):
                yield Rejected(source.name, "not a Genesys transcript (no 'transcripts' list)", location=location)
                continue
            yield _conversation(document, source, options, index if len(documents) > 1 else None)


def _conversation(document: dict[str, Any], source: Source, options: IngestOptions, index: int | None) -> Conversation:
    conversation_id = document.get("conversationId") or (f"{source.path.stem}-{index}" if index else source.path.stem)
    metadata: dict[str, Any] = {}
    for key, name in (
        ("organizationId", "organization_id"),
        ("communicationId", "communication_id"),
        ("recordingId", "recording_id"),
        ("mediaType", "media_type"),
    ):
        if document.get(key) and small(document[key]):
            metadata[name] = document[key]
    start_ms = _number(document.get("conversationStartTime")) or _number(document.get("startTime"))

    fragments: list[Fragment] = []
    annotations = SourceAnnotations()
    topics: list[str] = []
    languages: set[str] = set()
    phrase_starts = [
        value
        for transcript in document["transcripts"]
        if isinstance(transcript, dict)
        for phrase in transcript.get("phrases") or []
        if isinstance(phrase, dict)
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
        analytics = as_dict(transcript.get("analytics"))
        for item in analytics.get("sentiment") or []:
            if isinstance(item, dict) and item.get("phraseIndex") is not None:
                sentiment_by_phrase[item["phraseIndex"]] = item.get("sentiment")
        if analytics.get("sentiment"):
            annotations.add("sentiment", "transcripts[].analytics.sentiment")
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
            end_s = (
                round(start_s + duration_ms / 1000.0, 3) if start_s is not None and duration_ms is not None else None
            )
            turn_metadata: dict[str, Any] = {}
            phrase_index = phrase.get("phraseIndex", position)
            if phrase_index in sentiment_by_phrase and isinstance(sentiment_by_phrase[phrase_index], (int, float)):
                turn_metadata["source_sentiment_score"] = sentiment_by_phrase[phrase_index]
            text = clean_text(phrase.get("decoratedText") or phrase.get("text"))
            fragments.append(
                Fragment(str(phrase.get("participantPurpose") or "unknown"), text, start_s, end_s, turn_metadata)
            )

    participants = [p for p in document.get("participants") or [] if isinstance(p, dict)]
    inferred = _mark_ivr_prompts(fragments, participants, start_ms, options)
    if inferred:
        metadata["ivr_phrases_inferred"] = inferred
    fragments.sort(key=lambda f: (f.start is None, f.start or 0.0))
    fragments = merge_fragments(fragments, options.merge_gap_s)
    turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)
    if topics:
        metadata["topics"] = sorted(set(topics))[:30]
        annotations.add("categories", "transcripts[].analytics.topics")
    if languages:
        metadata["language"] = sorted(languages)[0] if len(languages) == 1 else sorted(languages)

    agent_id = next(
        (str(p["userId"]) for p in participants if _purpose(p) in _AGENT_PURPOSES and p.get("userId")), None
    )
    queue = next((str(p["queueId"]) for p in participants if p.get("queueId")), None)
    customer_id = next((str(p["externalContactId"]) for p in participants if p.get("externalContactId")), None)
    direction = document.get("direction") or next(
        (p.get("initialDirection") for p in participants if p.get("initialDirection")), None
    )
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
        source_annotations=annotations.names,
        annotation_fields=annotations.fields,
    )


def _mark_ivr_prompts(
    fragments: list[Fragment], participants: list[dict[str, Any]], start_ms: float | None, options: IngestOptions
) -> int:
    """Relabel "internal" phrases that are IVR prompts as "ivr" (rules in the module docstring)."""
    ivr_windows = [
        w
        for p in participants
        if _purpose(p) in _IVR_PURPOSES
        if (w := _window(p, start_ms, connect_first=False)) is not None
    ]
    agent_windows = [
        w
        for p in participants
        if _purpose(p) in _AGENT_PURPOSES
        if (w := _window(p, start_ms, connect_first=True)) is not None
    ]
    first_agent_connect = min((w.start for w in agent_windows), default=None)
    if not ivr_windows and first_agent_connect is None:
        return 0
    overridden = {normalise_label(label) for label in options.speaker_map}
    inferred = 0
    for fragment in fragments:
        purpose = normalise_label(fragment.label)
        if purpose not in _AGENT_PURPOSES or purpose in overridden or fragment.start is None:
            continue
        moment = fragment.start
        if any(w.holds(moment) for w in ivr_windows) and not any(w.holds(moment) for w in agent_windows):
            evidence = "participant_window"
        elif first_agent_connect is not None and moment < first_agent_connect and _MENU_PROMPT.search(fragment.text):
            evidence = "menu_prompt"
        else:
            continue
        fragment.metadata.update(source_purpose=fragment.label, ivr_evidence=evidence)
        fragment.label = "ivr"
        inferred += 1
    return inferred


def _purpose(participant: dict[str, Any]) -> str:
    return normalise_label(str(participant.get("participantPurpose") or participant.get("purpose") or ""))


_JOINED_KEYS = ("startTimeMs", "startTime", "connectedTime")
_CONNECTED_KEYS = ("connectedTime", "startTimeMs", "startTime")
_LEFT_KEYS = ("endTimeMs", "endTime", "disconnectedTime")


def _window(participant: dict[str, Any], start_ms: float | None, *, connect_first: bool) -> _Window | None:
    """A participant's time on the conversation as offsets; None when it cannot be placed.

    Agents count from `connectedTime` (alerting is not talking); others from when they joined.
    Without top-level times, the participant's session segments give the span.
    """
    segments = [
        segment
        for session in participant.get("sessions") or []
        if isinstance(session, dict)
        for segment in session.get("segments") or []
        if isinstance(segment, dict)
    ]
    begin = _first_time(participant, _CONNECTED_KEYS if connect_first else _JOINED_KEYS)
    if begin is None:
        begin = min(_segment_times(segments, "segmentStart"), default=None)
    end = _first_time(participant, _LEFT_KEYS)
    if end is None:
        end = max(_segment_times(segments, "segmentEnd"), default=None)
    begin_s, end_s = _offset_s(begin, start_ms), _offset_s(end, start_ms)
    if begin_s is None or (end is not None and end_s is None):
        return None
    window = _Window(begin_s, end_s if end_s is not None else float("inf"))
    return window if window.end > window.start else None


def _first_time(participant: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    return next((value for key in keys if (value := _epoch_ms(participant.get(key))) is not None), None)


def _segment_times(segments: list[dict[str, Any]], key: str) -> list[float]:
    return [value for segment in segments if (value := _epoch_ms(segment.get(key))) is not None]


def _epoch_ms(value: Any) -> float | None:
    """Milliseconds from a number (epoch or offset ms) or an ISO 8601 timestamp."""
    if isinstance(value, str) and not value.strip().lstrip("-").replace(".", "", 1).isdigit():
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp() * 1000.0
    return _number(value)


def _offset_s(value_ms: float | None, start_ms: float | None) -> float | None:
    """Seconds from the conversation start; epoch values need that start to be known."""
    if value_ms is None:
        return None
    if value_ms > _EPOCH_MS:
        return round((value_ms - start_ms) / 1000.0, 3) if start_ms is not None else None
    return round(value_ms / 1000.0, 3)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None
