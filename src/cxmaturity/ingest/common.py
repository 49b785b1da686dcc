"""Helpers shared by the format readers: JSON parsing with file-level errors, times,
channel/direction vocabularies, and labelled fragments -> turns."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlparse

from cxmaturity.ingest.echo import merge_echo_fragments
from cxmaturity.ingest.errors import IngestError, SchemaError
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.speakers import is_structural_label, normalise_label, resolve_roles
from cxmaturity.model import Conversation, Rejected, Turn


# --------------------------------------------------------------------------- JSON
@dataclass(frozen=True)
class JsonParse:
    value: Any = None
    error: str | None = None  # file-level problem, never quoting content


@lru_cache(maxsize=4)
def parse_json_text(text: str) -> JsonParse:
    """Parse a whole-file JSON document once (sniffers and readers share the result)."""
    try:
        return JsonParse(value=json.loads(text))
    except json.JSONDecodeError as exc:
        return JsonParse(error=describe_json_error(text, exc))
    except RecursionError:
        return JsonParse(error="invalid JSON (nested too deeply)")


def describe_json_error(text: str, exc: json.JSONDecodeError) -> str:
    """'truncated JSON (unexpected end at line 12)' or 'invalid JSON (... at line 3, column 5)'."""
    content_end = len(text.rstrip())
    if exc.pos >= content_end or exc.msg.startswith("Unterminated string"):
        line = text.count("\n", 0, content_end) + 1
        return f"truncated JSON (unexpected end at line {line})"
    return f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"


def looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def first_json_line_is_object(text: str) -> bool:
    """JSON Lines: the first non-blank line is a complete JSON object on its own."""
    for line in text.splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line), dict)
            except (json.JSONDecodeError, RecursionError):
                return False
    return False


def json_shape(text: str) -> dict[str, Any] | None:
    """The first JSON object of a document, array or JSON Lines file; None if unparseable.

    Sniffers look at structure when they can and fall back to `json_head_has` for
    truncated files (so the right reader reports the truncation).
    """
    if not looks_like_json(text):
        return None
    parsed = parse_json_text(text)
    if parsed.error is None:
        value = parsed.value
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, dict)), None)
        return value if isinstance(value, dict) else None
    for line in text.splitlines():
        if line.strip():
            try:
                value = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                return None
            return value if isinstance(value, dict) else None
    return None


def json_head_has(text: str, *keys: str, head: int = 20000) -> bool:
    """Cheap check that every key appears quoted in the first `head` characters."""
    part = text[:head]
    return all(f'"{key}"' in part for key in keys)


# --------------------------------------------------------------------------- time
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")


def to_seconds(value: Any, *, millis: bool = False) -> float | None:
    """Seconds from a number, numeric string ('4.87'), or clock ('00:01:02.500', '01:02')."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        clock = _CLOCK.match(text)
        if clock:
            hours, minutes, seconds = clock.groups()
            return round(int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", ".")), 3)
        try:
            number = float(text.rstrip("sS"))
        except ValueError:
            return None
    if math.isnan(number) or math.isinf(number):
        return None
    return round(number / 1000.0 if millis else number, 3)


def to_iso(value: Any) -> str | None:
    """ISO 8601 (UTC 'Z' when the source gives a zone or epoch) from common timestamp forms."""
    if value is None or isinstance(value, bool):
        return None
    if hasattr(value, "isoformat") and not isinstance(value, str):  # datetime / pandas Timestamp
        dt = value if isinstance(value, datetime) else value.to_pydatetime()
        return _iso(dt)
    if isinstance(value, (int, float)):
        if math.isnan(value):
            return None
        seconds = value / 1000.0 if value > 1e11 else float(value)
        return _iso(datetime.fromtimestamp(seconds, tz=UTC))
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return to_iso(float(text))
    candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2})?", candidate):
        candidate = candidate.replace(" ", "T", 1)
    try:
        return _iso(datetime.fromisoformat(candidate))
    except ValueError:
        pass
    for fmt in (
        "%d/%m/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%m/%d/%Y %H:%M",
        "%d %b %Y %H:%M:%S",
        "%d %B %Y %H:%M",
        "%a, %d %b %Y %H:%M:%S %z",
        "%Y/%m/%d %H:%M:%S",
    ):
        try:
            return _iso(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


def _iso(dt: datetime) -> str:
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
        return dt.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    return dt.isoformat(timespec="seconds")


# --------------------------------------------------------------------------- vocabularies
_CHANNELS = {
    "voice": "voice",
    "call": "voice",
    "phone": "voice",
    "telephony": "voice",
    "audio": "voice",
    "callback": "voice",
    "inbound call": "voice",
    "outbound call": "voice",
    "telephone": "voice",
    "chat": "chat",
    "webchat": "chat",
    "web chat": "chat",
    "livechat": "chat",
    "live chat": "chat",
    "message": "chat",
    "messaging": "chat",
    "web messaging": "chat",
    "webmessaging": "chat",
    "in-app": "chat",
    "app chat": "chat",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "sms": "sms",
    "text": "sms",
    "text message": "sms",
    "mms": "sms",
    "social": "social",
    "facebook": "social",
    "twitter": "social",
    "x": "social",
    "instagram": "social",
    "whatsapp": "social",
    "messenger": "social",
    "facebook messenger": "social",
    "line": "social",
    "wechat": "social",
}
_DIRECTIONS = {
    "inbound": "inbound",
    "in": "inbound",
    "incoming": "inbound",
    "inbound call": "inbound",
    "outbound": "outbound",
    "out": "outbound",
    "outgoing": "outbound",
    "outbound call": "outbound",
}


def map_channel(value: Any, metadata: dict[str, Any]) -> str | None:
    """Contract channel for a source value; unknown values become 'other' (original kept)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return None
    key = " ".join(str(value).strip().lower().replace("_", " ").split())
    if key in _CHANNELS:
        return _CHANNELS[key]
    metadata["source_channel"] = str(value)[:64]
    return "other"


def map_direction(value: Any, metadata: dict[str, Any]) -> str | None:
    """Contract direction; unknown values become None with the original in metadata."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return None
    key = " ".join(str(value).strip().lower().replace("_", " ").split())
    if key in _DIRECTIONS:
        return _DIRECTIONS[key]
    metadata["source_direction"] = str(value)[:64]
    return None


# --------------------------------------------------------------------------- turns
@dataclass
class Fragment:
    """A piece of speech with the source's speaker label, before roles are decided."""

    label: str
    text: str
    start: float | None = None
    end: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def merge_fragments(fragments: Sequence[Fragment], max_gap_s: float) -> list[Fragment]:
    """Join consecutive fragments of one speaker (subtitle cues, ASR segments, phrases).

    A gap longer than `max_gap_s` keeps them apart: long silences (holds) must stay visible.
    Fragments without times merge whenever the speaker is the same.
    """
    merged: list[Fragment] = []
    for frag in fragments:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.label == frag.label
            and (prev.end is None or frag.start is None or frag.start - prev.end <= max_gap_s)
        ):
            prev.text = f"{prev.text} {frag.text}".strip()
            if frag.end is not None:
                prev.end = frag.end
            for key, value in frag.metadata.items():
                prev.metadata.setdefault(key, value)
        else:
            merged.append(Fragment(frag.label, frag.text, frag.start, frag.end, dict(frag.metadata)))
    return merged


def fragments_to_turns(
    fragments: Sequence[Fragment],
    options: IngestOptions,
    *,
    agent_names: Iterable[str] = (),
    customer_names: Iterable[str] = (),
    conversation_metadata: dict[str, Any] | None = None,
) -> list[Turn]:
    """Decide each label's role (see `speakers`) and build turns (empty fragments and echoes dropped)."""
    spoken = [f for f in fragments if f.text.strip()]
    if conversation_metadata is not None and len(spoken) < len(fragments):
        conversation_metadata["empty_turns_dropped"] = len(fragments) - len(spoken)
    fragments, echoes = merge_echo_fragments(spoken)
    if conversation_metadata is not None and echoes:
        conversation_metadata["echo_turns_merged"] = echoes
    assignment = resolve_roles(
        [(f.label, f.text) for f in fragments],
        speaker_map=options.speaker_map,
        agent_names=[*options.agent_names, *agent_names],
        customer_names=customer_names,
    )
    turns = []
    for frag in fragments:
        metadata = dict(frag.metadata)
        if is_structural_label(frag.label):
            metadata["source_speaker"] = frag.label
        turns.append(Turn(assignment.roles[frag.label], frag.text, frag.start, frag.end, metadata))
    if conversation_metadata is not None and assignment.methods:
        methods = sorted(set(assignment.methods.values()))
        conversation_metadata["speaker_role_method"] = methods[0] if len(methods) == 1 else methods
    return turns


def clean_text(value: Any) -> str:
    """Text of a turn: whitespace collapsed; None/NaN -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ".join(str(value).split())


def small(value: Any, limit: int = 200) -> bool:
    """Whether a source field is small enough to keep in metadata."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return not isinstance(value, str) or len(value) <= limit
    try:
        return len(json.dumps(value, default=str)) <= limit
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------- vendor JSON documents
def json_documents(
    text: str, name: str, problem_of: Callable[[Any], str | None]
) -> Iterator[tuple[dict[str, Any], int | None] | Rejected]:
    """Each document of a file holding one vendor JSON object or an array of them.

    `problem_of(document)` names what breaks the format's schema ("deepgram: missing 'results'
    object"). A lone document with a problem fails the file (IngestError); in an array, that
    record is rejected and the others are read. Yields (document, record number or None).
    """
    parsed = parse_json_text(text)
    if parsed.error:
        raise IngestError(name, parsed.error)
    documents = parsed.value if isinstance(parsed.value, list) else [parsed.value]
    several = len(documents) > 1
    for index, document in enumerate(documents, start=1):
        problem = problem_of(document)
        if problem is not None:
            if not several:
                raise IngestError(name, problem)
            yield Rejected(name, problem, location=f"record {index}")
            continue
        yield document, index if several else None


def json_records(
    text: str, name: str, convert: Callable[[Any, int | None], Conversation]
) -> Iterator[Conversation | Rejected]:
    """Conversations of a file holding one JSON document or an array of them (each one a record).

    `convert(document, record number or None)` raises SchemaError for a record that breaks the
    format: a lone document fails the file (IngestError), a record of an array is rejected and the
    others are read.
    """
    parsed = parse_json_text(text)
    if parsed.error:
        raise IngestError(name, parsed.error)
    many = isinstance(parsed.value, list)
    documents = parsed.value if many else [parsed.value]
    for index, document in enumerate(documents, start=1):
        try:
            yield convert(document, index if many else None)
        except SchemaError as exc:
            if not many:
                raise IngestError(name, str(exc)) from None
            yield Rejected(name, str(exc), location=f"record {index}")


def speaker_map_with_aliases(options: IngestOptions, aliases: dict[str, str]) -> IngestOptions:
    """Options whose `speaker_map` also names speakers by the vendor's bare id ("1", "A").

    `aliases` maps the vendor's id to our label ("1" -> "speaker_1"); an entry the user wrote for
    our label wins over one for the bare id.
    """
    if not options.speaker_map:
        return options
    mapped = {normalise_label(k): v for k, v in options.speaker_map.items()}
    extra = {
        label: mapped[normalise_label(raw)]
        for raw, label in aliases.items()
        if normalise_label(raw) in mapped and normalise_label(label) not in mapped
    }
    return replace(options, speaker_map={**options.speaker_map, **extra}) if extra else options


def audio_file_name(value: Any) -> str | None:
    """The audio file's name from a URL or path; the query string (and any access token in it) is dropped."""
    if not isinstance(value, str) or not value.strip() or value.strip() == "...":
        return None
    path = urlparse(value.strip()).path or value.strip()
    name = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    return name[:200] or None
