"""Google CCAI Insights (Customer Experience Insights) conversation JSON: chat-style transcripts.

Shape (Google Cloud docs, "Conversation data format":
<https://cloud.google.com/contact-center/insights/docs/conversation-data-format>): a top-level
object with `entries` (required, chronologically ordered messages) and optional
`conversation_info{categories[{display_name}]}`. Each entry has `text`, `role` ("AGENT",
"AUTOMATED_AGENT", "CUSTOMER", "END_USER"), `user_id` (an integer per participant) and
`start_timestamp_usec` (UTC microseconds since the epoch). Google's own converters
(conversational-insights-devkit) write this shape from Contact Lens and Genesys exports, and
hand-written samples often leave out the timestamps, so the reader accepts that too. A JSON
array of such objects is read as one conversation per element.

Mapped to the canonical shape:
- `role` -> `speaker`: AGENT (and the API's HUMAN_AGENT) -> agent, AUTOMATED_AGENT -> bot,
  CUSTOMER / END_USER -> customer, anything else (ROLE_UNSPECIFIED, ANY_AGENT, missing) ->
  unknown. The platform states the role, so no content heuristic is applied; an
  `ingest.speaker_map` entry for the role value (e.g. {"AUTOMATED_AGENT": "ivr"}) still wins.
  The role value is kept as turn metadata `source_speaker`.
- `text` -> turn `text` (whitespace collapsed). An entry without a `text` field is a schema
  error: the whole file is refused with one `IngestError` naming the entry and the field.
- `start_timestamp_usec` -> turn `start`, seconds since the earliest entry; `end` stays None
  (the format has no end times, and the next message's time is a reply, not an end).
  `started_at` is the earliest timestamp in UTC when it is a plausible epoch (after 2001);
  small values such as the docs' `1000000` are offsets and only give relative starts.
- `user_id` -> turn metadata `source_user_id`; the ids per role are kept in metadata
  `participants`. They are not promoted to `agent_id` / `customer_id`: Google's converters
  write the constants 1 (agent) and 2 (customer) for every conversation.
- `uid` (seen in Google's samples) -> turn metadata `source_id`.
- Consecutive entries of the same participant (role and user_id) are joined into one turn,
  as the Genesys reader joins phrases, so a converted export yields the same turns as its
  original. Without end times a pause cannot be measured, so entries whose starts lie more
  than `_SEPARATE_AFTER_S` apart stay separate turns (holds stay visible).
- `conversation_info.categories[].display_name` -> metadata `categories`, annotation
  `categories`. Other fields of `conversation_info` and unknown entry fields are mapped by
  name through `annotations` (e.g. a `sentiment` field records the `sentiment` annotation);
  their values are not copied.
- `medium` (PHONE_CALL / CHAT, top level or in `conversation_info`, as in the Insights API)
  -> `channel`; otherwise `ingest.default_channel`.
- `conversation_id` (top level, if a converter adds one) or the last part of an Insights
  resource `name` (".../conversations/ID") -> `conversation_id`, else the file name's stem.

Known gaps: the Insights API's own `Conversation` resource (`transcript.transcriptSegments`,
`latestAnalysis`) and BigQuery exports are different shapes and are not read here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations
from cxmaturity.ingest.errors import SchemaError
from cxmaturity.ingest.jsondocs import json_head_has, json_records, json_shape
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.speakers import resolve_roles
from cxmaturity.ingest.times import to_iso
from cxmaturity.ingest.values import as_dict, clean_text, small
from cxmaturity.ingest.vocabularies import map_channel
from cxmaturity.model import Conversation, Rejected, Turn

FORMAT = "google_ccai"
_ROLES = {
    "agent": "agent",
    "human_agent": "agent",
    "automated_agent": "bot",
    "customer": "customer",
    "end_user": "customer",
}
_MEDIUM = {"phone_call": "voice", "phone": "voice", "voice": "voice", "chat": "chat"}
_KNOWN_ENTRY_FIELDS = {"text", "role", "user_id", "start_timestamp_usec", "uid"}
_ENTRY_HINTS = ("role", "user_id", "start_timestamp_usec")
#: Microseconds: timestamps below this (2001-09-09) are offsets, not epoch times.
_EPOCH_USEC = 1e15
#: Same-participant entries starting further apart than this stay separate turns.
_SEPARATE_AFTER_S = 30.0
_MAX_CATEGORIES = 30


def is_ccai_conversation(document: Any) -> bool:
    """An object whose `entries` are dicts carrying the CCAI entry fields (`role` plus one more)."""
    if not isinstance(document, dict):
        return False
    entries = document.get("entries")
    if not isinstance(entries, list) or not entries:
        return False
    sample = [e for e in entries[:50] if isinstance(e, dict)]
    return bool(sample) and any(
        "role" in e and any(k in e for k in ("text", "user_id", "start_timestamp_usec")) for e in sample
    )


@register_reader(FORMAT)
class GoogleCcaiReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            return 0.95 if is_ccai_conversation(shape) else 0.0
        if (
            json_head_has(text, "entries")
            and json_head_has(text, "role")
            and any(json_head_has(text, key) for key in ("start_timestamp_usec", "user_id"))
        ):
            return 0.9
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        def convert(document: Any, index: int | None) -> Conversation:
            if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
                raise SchemaError(f"not a {FORMAT} conversation (no 'entries' list)")
            return _conversation(document, source, options, index)

        yield from json_records(source, convert)


def _conversation(document: dict[str, Any], source: Source, options: IngestOptions, index: int | None) -> Conversation:
    entries = document["entries"]
    annotations = SourceAnnotations()
    metadata: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    participants: dict[str, list[Any]] = {}
    unlabelled = 0
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise SchemaError(f"{FORMAT} export: entries[{position}] is not an object")
        if "text" not in entry:
            raise SchemaError(f"{FORMAT} export: entries[{position}] has no 'text' field (required)")
        role_value = str(entry.get("role") or "").strip()
        if not role_value:
            unlabelled += 1
        user_id = entry.get("user_id")
        if user_id is not None and small(user_id, 64):
            seen = participants.setdefault(role_value[:64] or "unknown", [])
            if user_id not in seen:
                seen.append(user_id)
        for key, value in entry.items():
            if key not in _KNOWN_ENTRY_FIELDS:
                annotations.add_field(f"entries[].{key}", value, str(key))
        rows.append(
            {
                "role": role_value,
                "user_id": user_id,
                "usec": _usec(entry.get("start_timestamp_usec")),
                "text": clean_text(entry.get("text")),
                "uid": entry.get("uid"),
            }
        )
    if unlabelled:
        metadata["entries_without_role"] = unlabelled
    if participants:
        metadata["participants"] = {role: ids[:10] for role, ids in participants.items()}

    times = [row["usec"] for row in rows if row["usec"] is not None]
    first = min(times) if times else None
    started_at = to_iso(first / 1e6) if first is not None and first >= _EPOCH_USEC else None
    if len(times) > 1:
        metadata["duration_s"] = round((max(times) - first) / 1e6, 3)

    roles, methods = _roles({row["role"] for row in rows}, options)
    turns: list[Turn] = []
    last_key: tuple[str, Any] | None = None
    last_start_s: float | None = None
    dropped = 0
    for row in rows:
        if not row["text"]:
            dropped += 1
            continue
        start = round((row["usec"] - first) / 1e6, 3) if row["usec"] is not None and first is not None else None
        key = (row["role"], row["user_id"])
        previous = turns[-1] if turns else None
        if (
            previous is not None
            and key == last_key
            and (start is None or last_start_s is None or start - last_start_s <= _SEPARATE_AFTER_S)
        ):
            previous.text = f"{previous.text} {row['text']}"
            previous.metadata["entries_joined"] = previous.metadata.get("entries_joined", 1) + 1
        else:
            turn_metadata: dict[str, Any] = {}
            if row["role"]:
                turn_metadata["source_speaker"] = row["role"][:64]
            if row["user_id"] is not None and small(row["user_id"], 64):
                turn_metadata["source_user_id"] = row["user_id"]
            if row["uid"] is not None and small(row["uid"], 64):
                turn_metadata["source_id"] = str(row["uid"])
            turns.append(Turn(roles[row["role"]], row["text"], start, None, turn_metadata))
        last_key = key
        if start is not None:
            last_start_s = start
    if dropped:
        metadata["empty_turns_dropped"] = dropped

    info = as_dict(document.get("conversation_info"))
    categories = [
        str(c.get("display_name")).strip()
        for c in info.get("categories") or []
        if isinstance(c, dict) and c.get("display_name")
    ]
    if categories:
        metadata["categories"] = categories[:_MAX_CATEGORIES]
        annotations.add("categories", "conversation_info.categories")
    annotations.add_mapping({k: v for k, v in info.items() if k != "categories"}, "conversation_info")

    medium = document.get("medium") or info.get("medium")
    channel = _MEDIUM.get(str(medium).strip().lower()) if medium else None
    if medium and channel is None:
        channel = map_channel(medium, metadata)
    conversation_id = _conversation_id(document) or (f"{source.path.stem}-{index}" if index else source.path.stem)
    used = sorted(set(methods.values()))
    metadata["speaker_role_method"] = used[0] if len(used) == 1 else used
    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=channel or options.default_channel,
        started_at=started_at,
        direction=options.default_direction,
        metadata=metadata,
        source_annotations=annotations.names,
        annotation_fields=annotations.fields,
    )


def _conversation_id(document: dict[str, Any]) -> str | None:
    """A converter's `conversation_id`, or the id at the end of an Insights resource `name`."""
    for key in ("conversation_id", "conversationId"):
        value = document.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()[:200]
    name = document.get("name")
    if isinstance(name, str) and "/conversations/" in name:
        return name.rsplit("/", 1)[-1][:200] or None
    return None


def _fixed_role(role_value: str) -> str:
    return _ROLES.get("_".join(role_value.lower().replace("-", " ").split()), "unknown")


def _roles(role_values: set[str], options: IngestOptions) -> tuple[dict[str, str], dict[str, str]]:
    """Role and method per `role` value: `speaker_map` first, then the fixed CCAI table (no guessing)."""
    roles = {value: _fixed_role(value) for value in role_values}
    methods = {value: "role" if roles[value] != "unknown" else "undecided" for value in role_values}
    if options.speaker_map:
        labelled = sorted(value for value in role_values if value)
        assignment = resolve_roles([(value, "") for value in labelled], speaker_map=options.speaker_map)
        for value in labelled:
            if assignment.methods.get(value) == "override":
                roles[value], methods[value] = assignment.roles[value], "override"
    return roles, methods


def _usec(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number >= 0 else None
