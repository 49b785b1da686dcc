"""CSV/TSV and Parquet exports with one row per turn.

Column names are matched against common export names (see `DEFAULT_COLUMNS`) after
normalising case and punctuation, so `Contact ID`, `contactId` and `contact_id` all match;
`ingest.columns` maps any other name. Rows are grouped by conversation and ordered by turn
index, else start time, else file order.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations, annotation_for_field, carries_value
from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.formats.text import split_labelled_text
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns
from cxmaturity.ingest.jsondocs import looks_like_json
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.times import to_iso, to_seconds
from cxmaturity.ingest.values import clean_text, small
from cxmaturity.ingest.vocabularies import map_channel, map_direction
from cxmaturity.model import Conversation, Rejected

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "conversation_id": (
        "conversation_id",
        "conversationid",
        "call_id",
        "callid",
        "contact_id",
        "contactid",
        "interaction_id",
        "interactionid",
        "session_id",
        "sessionid",
        "chat_id",
        "ticket_id",
        "transcript_id",
        "conversation",
        "call",
        "contact",
        "interaction",
    ),
    "speaker": (
        "speaker",
        "role",
        "participant",
        "party",
        "speaker_role",
        "participant_role",
        "participantrole",
        "participant_purpose",
        "participantpurpose",
        "speaker_label",
        "speaker_type",
        "speaker_name",
        "sender",
        "sender_type",
        "author",
        "from",
        "who",
    ),
    "text": (
        "text",
        "utterance",
        "transcript",
        "message",
        "content",
        "body",
        "sentence",
        "message_text",
        "utterance_text",
        "verbatim",
        "phrase",
        "transcript_text",
        "line",
    ),
    "start": (
        "start",
        "start_time",
        "starttime",
        "begin_offset",
        "begin_offset_ms",
        "begin_offset_millis",
        "beginoffsetmillis",
        "start_offset",
        "start_offset_ms",
        "start_s",
        "start_sec",
        "start_seconds",
        "start_ms",
        "begin",
        "begin_time",
        "offset",
        "offset_ms",
        "start_time_ms",
        "starttimems",
    ),
    "end": (
        "end",
        "end_time",
        "endtime",
        "end_offset",
        "end_offset_ms",
        "end_offset_millis",
        "endoffsetmillis",
        "end_s",
        "end_sec",
        "end_seconds",
        "end_ms",
        "stop",
        "end_time_ms",
    ),
    "timestamp": (
        "timestamp",
        "time",
        "datetime",
        "sent_at",
        "sent_time",
        "created_at",
        "message_time",
        "utterance_time",
        "event_time",
    ),
    "turn_index": (
        "turn_index",
        "turn",
        "turn_number",
        "turn_no",
        "seq",
        "sequence",
        "sequence_number",
        "utterance_index",
        "message_index",
        "line_number",
        "position",
        "order",
        "index",
    ),
    "channel": ("channel", "media_type", "mediatype", "medium", "contact_channel", "channel_type"),
    "direction": ("direction", "call_direction", "initial_direction", "initialdirection"),
    "queue": ("queue", "queue_name", "queuename", "skill", "department", "routing_queue"),
    "agent_id": ("agent_id", "agentid", "agent_login", "user_id", "agent"),
    "customer_id": ("customer_id", "customerid", "client_id", "member_id", "customer_number", "customer"),
    "started_at": (
        "started_at",
        "start_timestamp",
        "contact_start",
        "conversation_start",
        "call_start",
        "initiation_timestamp",
        "initiationtimestamp",
        "call_date",
        "start_date",
        "started",
        "date",
    ),
}
CONVERSATION_FIELDS = ("channel", "direction", "queue", "agent_id", "customer_id", "started_at")
_MAX_EXTRA_COLUMNS = 20
# Columns never copied into metadata: their values are personal data.
_PII_COLUMN = re.compile(
    r"(^|_)(ani|dnis|ssn|dob|iban|zip|ip)($|_)|name|phone|mobile|email|address|postcode|birth|card|account_number"
)


def normalise_column(name: str) -> str:
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", str(name).strip())
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def resolve_columns(header: list[str], overrides: dict[str, str]) -> dict[str, str]:
    """Canonical field -> actual column name, from overrides then the defaults."""
    by_norm: dict[str, str] = {}
    for column in header:
        by_norm.setdefault(normalise_column(column), column)
    resolved: dict[str, str] = {}
    for fieldname, column in overrides.items():
        if column in header:
            resolved[fieldname] = column
        elif normalise_column(column) in by_norm:
            resolved[fieldname] = by_norm[normalise_column(column)]
    taken = set(resolved.values())
    for fieldname, candidates in DEFAULT_COLUMNS.items():
        if fieldname in resolved:
            continue
        for candidate in candidates:
            found = by_norm.get(candidate)
            if found is not None and found not in taken:
                resolved[fieldname] = found
                taken.add(found)
                break
    return resolved


class _TabularReader(Reader):
    def rows(self, source: Source, options: IngestOptions) -> tuple[list[str], Iterator[dict[str, Any]]]:
        raise NotImplementedError

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        header, rows = self.rows(source, options)
        columns = resolve_columns(header, options.columns)
        for required in ("text",):
            if required not in columns:
                listed = ", ".join(normalise_column(c) for c in header[:12])
                raise IngestError(
                    source.name,
                    f"no {required} column (columns: {listed}); map one with ingest.columns.{required}",
                )
        yield from _conversations(source, options, header, columns, rows)


@register_reader("csv")
class CsvReader(_TabularReader):
    suffixes = (".csv", ".tsv", ".tab")

    def sniff(self, source: Source) -> float:
        text = source.text
        if not text or looks_like_json(text) or text.lstrip().startswith("WEBVTT"):
            return 0.0
        header_line = text.lstrip("\ufeff").split("\n", 1)[0]
        dialect = _dialect(text)
        if dialect is None:
            return 0.0
        header = next(csv.reader([header_line], dialect))
        if len(header) < 2:
            return 0.0
        columns = resolve_columns([h.strip() for h in header], {})
        if "text" in columns and ("speaker" in columns or "conversation_id" in columns):
            return 0.9
        if "text" in columns:
            return 0.6
        return 0.2

    def rows(self, source: Source, options: IngestOptions) -> tuple[list[str], Iterator[dict[str, Any]]]:
        text = source.text.lstrip("\ufeff")
        if options.delimiter:
            dialect: Any = csv.excel
            delimiter = options.delimiter
        else:
            dialect = _dialect(text)
            if dialect is None:
                raise IngestError(source.name, "not a delimited table (no comma, tab, semicolon or pipe header)")
            delimiter = dialect.delimiter
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise IngestError(source.name, "empty table") from None
        except csv.Error as exc:
            raise IngestError(source.name, f"malformed CSV header ({exc})") from None

        def generate() -> Iterator[dict[str, Any]]:
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise IngestError(source.name, f"malformed CSV at line {reader.line_num} ({exc})") from None
                if not any(v.strip() for v in values):
                    continue
                # strict=False: a row of another width is kept, flagged and rejected by `_conversations`
                row: dict[str, Any] = dict(zip(header, values, strict=False))
                row["__line__"] = reader.line_num
                if len(values) != len(header):
                    row["__width_error__"] = True
                yield row

        return header, generate()


@register_reader("parquet")
class ParquetReader(_TabularReader):
    suffixes = (".parquet", ".pq")
    binary = True

    def sniff(self, source: Source) -> float:
        return 0.0  # recognised by its magic bytes in detection, never by text

    def rows(self, source: Source, options: IngestOptions) -> tuple[list[str], Iterator[dict[str, Any]]]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(io.BytesIO(source.data))
        except (pa.ArrowException, OSError) as exc:
            raise IngestError(source.name, f"unreadable Parquet ({type(exc).__name__})") from None
        header = [str(n) for n in table.column_names]

        def generate() -> Iterator[dict[str, Any]]:
            for number, row in enumerate(table.to_pylist(), start=1):
                row["__line__"] = number
                yield row

        return header, generate()


def _dialect(text: str) -> type[csv.Dialect] | None:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",\t;|")
    except csv.Error:
        return None


def _conversations(
    source: Source,
    options: IngestOptions,
    header: list[str],
    columns: dict[str, str],
    rows: Iterator[dict[str, Any]],
) -> Iterator[Conversation | Rejected]:
    id_column = columns.get("conversation_id")
    groups: dict[str, list[dict[str, Any]]] = {}
    rejected_rows: list[Rejected] = []
    unit = "line" if source.text else "row"
    for row in rows:
        location = f"{unit} {row['__line__']}"
        if row.get("__width_error__"):
            rejected_rows.append(
                Rejected(source.name, "row has a different number of fields than the header", location=location)
            )
            continue
        if id_column is None:
            conversation_id = source.path.stem
        else:
            value = row.get(id_column)
            if value is None or str(value).strip() == "" or str(value) == "nan":
                rejected_rows.append(Rejected(source.name, "row has no conversation id", location=location))
                continue
            conversation_id = _id_string(value)
        groups.setdefault(conversation_id, []).append(row)
    yield from rejected_rows

    annotation_columns = [
        (name, column)
        for column in header
        if column not in columns.values() and (name := annotation_for_field(str(column))) is not None
    ]
    extra_columns = [c for c in header if c not in columns.values() and not _PII_COLUMN.search(normalise_column(c))][
        :_MAX_EXTRA_COLUMNS
    ]
    for conversation_id, group in groups.items():
        yield _conversation(conversation_id, group, columns, annotation_columns, extra_columns, options)


def _conversation(
    conversation_id: str,
    group: list[dict[str, Any]],
    columns: dict[str, str],
    annotation_columns: list[tuple[str, str]],
    extra_columns: list[str],
    options: IngestOptions,
) -> Conversation:
    def value(row: dict[str, Any], fieldname: str) -> Any:
        column = columns.get(fieldname)
        return None if column is None else row.get(column)

    millis = {
        f: bool(re.search(r"(^|_)(ms|millis)($|_)|millis", normalise_column(columns.get(f, ""))))
        for f in ("start", "end")
    }
    items = []
    first_timestamp = None
    for order, row in enumerate(group):
        start = to_seconds(value(row, "start"), millis=millis["start"])
        end = to_seconds(value(row, "end"), millis=millis["end"])
        timestamp = to_iso(value(row, "timestamp"))
        if start is None and value(row, "start") not in (None, "") and timestamp is None:
            timestamp = to_iso(value(row, "start"))  # a start *time of day*, not an offset
        turn_index = to_seconds(value(row, "turn_index"))
        items.append((row, start, end, timestamp, turn_index, order))
        if timestamp is not None and (first_timestamp is None or timestamp < first_timestamp):
            first_timestamp = timestamp

    if all(item[4] is not None for item in items):
        items.sort(key=lambda item: (item[4], item[5]))
    elif all(item[1] is not None for item in items):
        items.sort(key=lambda item: (item[1], item[5]))
    elif all(item[3] is not None for item in items):
        items.sort(key=lambda item: (item[3], item[5]))

    fragments = []
    for row, start, end, timestamp, _, _ in items:
        if start is None and timestamp is not None and first_timestamp is not None:
            start = _seconds_between(first_timestamp, timestamp)
        whole = split_labelled_text(value(row, "text") or "") if "speaker" not in columns else None
        if whole:  # one row holds the whole conversation, written "Agent: ... Customer: ..."
            fragments.extend(whole)
            continue
        label = clean_text(value(row, "speaker")) or "unknown"
        fragments.append(Fragment(label, clean_text(value(row, "text")), start, end))

    metadata: dict[str, Any] = {}
    turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)
    conversation_values = {}
    for fieldname in CONVERSATION_FIELDS:
        conversation_values[fieldname] = next(
            (v for row in group if (v := value(row, fieldname)) not in (None, "") and str(v) != "nan"), None
        )
    started_at = to_iso(conversation_values["started_at"]) or first_timestamp
    for column in extra_columns:
        values = {str(row.get(column)) for row in group if row.get(column) not in (None, "")}
        if len(values) == 1:
            single = next(v for row in group if (v := row.get(column)) not in (None, ""))
            if small(single, 100):
                metadata[column] = single if isinstance(single, (int, float, bool)) else str(single)
    annotations = SourceAnnotations()
    for name, column in annotation_columns:
        if any(carries_value(row.get(column)) for row in group):
            annotations.add(name, f"column:{column}")
    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=map_channel(conversation_values["channel"], metadata) or options.default_channel,
        started_at=started_at,
        customer_id=_opt_id(conversation_values["customer_id"]),
        agent_id=_opt_id(conversation_values["agent_id"]),
        queue=_opt_id(conversation_values["queue"]),
        direction=map_direction(conversation_values["direction"], metadata) or options.default_direction,
        metadata=metadata,
        source_annotations=annotations.names,
        annotation_fields=annotations.fields,
    )


def _seconds_between(first_iso: str, later_iso: str) -> float | None:
    from datetime import datetime

    try:
        a = datetime.fromisoformat(first_iso.replace("Z", "+00:00"))
        b = datetime.fromisoformat(later_iso.replace("Z", "+00:00"))
        return round((b - a).total_seconds(), 3)
    except (ValueError, TypeError):
        return None


def _id_string(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _opt_id(value: Any) -> str | None:
    return None if value is None or str(value).strip() == "" else _id_string(value)
