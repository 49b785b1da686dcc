"""The contract's canonical JSON Lines (also a single canonical object, or an array of them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations
from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.jsondocs import first_json_line_is_object, json_head_has, json_shape
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.speakers import normalise_label
from cxmaturity.ingest.times import to_iso, to_seconds
from cxmaturity.ingest.values import as_dict, clean_text
from cxmaturity.ingest.vocabularies import map_channel, map_direction
from cxmaturity.model import SPEAKERS, Conversation, Rejected, Turn

# Top-level keys the contract defines (and the camelCase id some exports use).
CONTRACT_FIELDS = frozenset(
    {
        "conversation_id",
        "conversationId",
        "channel",
        "started_at",
        "customer_id",
        "agent_id",
        "queue",
        "direction",
        "turns",
        "metadata",
        "source_annotations",
    }
)


class RecordError(ValueError):
    """One record is unusable; the message names the problem without quoting content."""


@register_reader("jsonl")
class CanonicalReader(Reader):
    suffixes = (".jsonl", ".ndjson", ".json")

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            if not isinstance(shape.get("turns"), list):
                return 0.0
            return 0.95 if "conversation_id" in shape or "conversationId" in shape else 0.5
        if not json_head_has(text, "turns"):
            return 0.0
        if json_head_has(text, "conversation_id") or json_head_has(text, "conversationId"):
            return 0.95
        return 0.5

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        parsed = source.parsed_json
        if parsed.error is None:
            records = parsed.value if isinstance(parsed.value, list) else [parsed.value]
            for index, record in enumerate(records, start=1):
                location = f"record {index}" if isinstance(parsed.value, list) else None
                yield _convert_or_reject(record, source, options, location)
            return
        if not first_json_line_is_object(source.text):
            raise IngestError(source.name, parsed.error)
        for number, line in enumerate(source.text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                yield Rejected(source.name, "invalid JSON on this line", location=f"line {number}")
                continue
            yield _convert_or_reject(record, source, options, f"line {number}")


def _convert_or_reject(
    record: Any, source: Source, options: IngestOptions, location: str | None
) -> Conversation | Rejected:
    conversation_id = record.get("conversation_id") if isinstance(record, dict) else None
    try:
        return conversation_from_record(record, options)
    except RecordError as exc:
        return Rejected(
            source.name,
            str(exc),
            conversation_id=str(conversation_id) if conversation_id not in (None, "") else None,
            location=location,
        )


def conversation_from_record(record: Any, options: IngestOptions) -> Conversation:
    """A canonical record -> Conversation; RecordError names what is wrong."""
    if not isinstance(record, dict):
        raise RecordError("record is not a JSON object")
    conversation_id = record.get("conversation_id", record.get("conversationId"))
    if conversation_id is None or str(conversation_id).strip() == "":
        raise RecordError("missing conversation_id")
    raw_turns = record.get("turns")
    if not isinstance(raw_turns, list):
        raise RecordError("'turns' is missing or not a list")
    override = {normalise_label(k): v for k, v in options.speaker_map.items()}
    turns: list[Turn] = []
    for index, raw in enumerate(raw_turns):
        if not isinstance(raw, dict):
            raise RecordError(f"turn {index} is not a JSON object")
        speaker = raw.get("speaker")
        role = _canonical_role(speaker, override)
        if role is None:
            raise RecordError(
                f"turn {index}: speaker is not one of {', '.join(SPEAKERS)} (map source labels with ingest.speaker_map)"
            )
        text = raw.get("text")
        if text is not None and not isinstance(text, str):
            raise RecordError(f"turn {index}: text is not a string")
        metadata = as_dict(raw.get("metadata"))
        if role != speaker:
            metadata = {**metadata, "source_speaker": speaker}
        turns.append(Turn(role, clean_text(text), to_seconds(raw.get("start")), to_seconds(raw.get("end")), metadata))
    metadata = dict(record.get("metadata") or {}) if isinstance(record.get("metadata"), dict) else {}
    started_at = to_iso(record.get("started_at"))
    if record.get("started_at") not in (None, "") and started_at is None:
        metadata["source_started_at"] = str(record["started_at"])[:64]
    annotations = SourceAnnotations()
    if isinstance(record.get("source_annotations"), list):
        annotations.update(record["source_annotations"])
    # Analytics some exports put beside the contract's fields rather than under metadata;
    # metadata itself (conversation and turn level) is mapped when the reader finishes.
    annotations.add_mapping({k: v for k, v in record.items() if k not in CONTRACT_FIELDS}, "record")
    conversation = Conversation(
        conversation_id=str(conversation_id),
        turns=turns,
        channel=map_channel(record.get("channel"), metadata) or options.default_channel,
        started_at=started_at,
        customer_id=_opt_str(record.get("customer_id")),
        agent_id=_opt_str(record.get("agent_id")),
        queue=_opt_str(record.get("queue")),
        direction=map_direction(record.get("direction"), metadata) or options.default_direction,
        metadata=metadata,
        source_annotations=annotations.names,
        annotation_fields=annotations.fields,
    )
    return conversation


def _canonical_role(speaker: Any, override: dict[str, str]) -> str | None:
    if not isinstance(speaker, str):
        return None
    norm = normalise_label(speaker)
    if norm in override:
        return override[norm]
    return norm if norm in SPEAKERS else None


def _opt_str(value: Any) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value)
