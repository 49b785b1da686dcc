"""The run's tables: their base schemas, the rows a conversation becomes, and writing them in bounded memory.

Rows arrive chunk by chunk; each chunk becomes a part file, and `finish()` merges the parts
into one Parquet file under a schema unified across parts (a column absent or all-null in
one chunk is still typed from the others), reading one part at a time.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cxmaturity.model import Conversation


class TableSink:
    """One table written as part files while rows stream in, merged into one file at the end."""

    def __init__(self, final_path: Path, parts_dir: Path, flush_rows: int = 5000) -> None:
        self.final_path = final_path
        self.parts_dir = parts_dir
        self.flush_rows = flush_rows
        self._rows: list[dict[str, Any]] = []
        self._parts: list[Path] = []
        self.rows_written = 0

    def add(self, rows: list[dict[str, Any]]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= self.flush_rows:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        part = self.parts_dir / f"{self.final_path.stem}-{len(self._parts):05d}.parquet"
        pq.write_table(pa.Table.from_pylist(self._rows), part)
        self._parts.append(part)
        self.rows_written += len(self._rows)
        self._rows = []

    def finish(self, empty_schema: pa.Schema) -> int:
        """Merge parts into the final file; an empty run still gets a file with the base columns."""
        self._flush()
        if not self._parts:
            pq.write_table(empty_schema.empty_table(), self.final_path)
            return 0
        schemas = [pq.read_schema(p) for p in self._parts]
        schema = pa.unify_schemas([empty_schema, *schemas], promote_options="permissive")
        schema = pa.schema([_concrete(f) for f in schema])
        tmp = self.final_path.with_suffix(".parquet.tmp")
        with pq.ParquetWriter(tmp, schema) as writer:
            for part in self._parts:
                writer.write_table(_conform(pq.read_table(part), schema))
        tmp.replace(self.final_path)
        for part in self._parts:
            part.unlink()
        return self.rows_written


def _concrete(field: pa.Field) -> pa.Field:
    """A column that was null in every chunk is written as string rather than Parquet's null type."""
    if pa.types.is_null(field.type):
        return field.with_type(pa.string())
    return field


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, type=field.type))
    return pa.Table.from_arrays(columns, schema=schema)


# Per-call working data that conversation stages hand to corpus stages and that is never an output:
# the reason turn's sentence vector, which the `topics` stage clusters.
WORKING_COLUMNS = ("reason_embedding",)


def drop_working_columns(path: Path) -> None:
    """Rewrite `path` without the working columns, if it has any (atomically: temp file, then rename)."""
    if not path.exists():
        return
    names = pq.read_schema(path).names
    keep = [name for name in names if name not in WORKING_COLUMNS]
    if len(keep) == len(names):
        return
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(pq.read_table(path, columns=keep), tmp)
    tmp.replace(path)


def remove_parts(parts_dir: Path) -> None:
    shutil.rmtree(parts_dir, ignore_errors=True)


TURN_SCHEMA = pa.schema(
    [
        ("conversation_id", pa.string()),
        ("turn_index", pa.int32()),
        ("speaker", pa.string()),
        ("start", pa.float64()),
        ("end", pa.float64()),
        ("text", pa.string()),
        ("sentiment", pa.string()),
        ("sentiment_score", pa.float64()),
        ("pii_types", pa.list_(pa.string())),
    ]
)

CALL_SCHEMA = pa.schema(
    [
        ("conversation_id", pa.string()),
        ("source_file", pa.string()),
        ("source_format", pa.string()),
        ("channel", pa.string()),
        ("direction", pa.string()),
        ("queue", pa.string()),
        ("started_at", pa.string()),
        ("customer_id", pa.string()),
        ("agent_id", pa.string()),
        ("n_turns", pa.int32()),
        ("n_agent_turns", pa.int32()),
        ("n_customer_turns", pa.int32()),
        ("n_bot_turns", pa.int32()),
        ("n_ivr_turns", pa.int32()),
        ("source_annotations", pa.list_(pa.string())),
        ("source_annotation_fields", pa.string()),
    ]
)


def turn_rows(conversation: Conversation) -> list[dict[str, Any]]:
    """Rows of turns.parquet. Text is written only when the redact stage has run on it."""
    return [
        {
            "conversation_id": conversation.conversation_id,
            "turn_index": index,
            "speaker": turn.speaker,
            "start": turn.start,
            "end": turn.end,
            "text": turn.text if conversation.redacted else None,
            "sentiment": turn.sentiment,
            "sentiment_score": turn.sentiment_score,
            "pii_types": list(turn.pii_types),
        }
        for index, turn in enumerate(conversation.turns)
    ]


def call_row(conversation: Conversation) -> dict[str, Any]:
    """The row of calls.parquet: the CALL_SCHEMA columns from the conversation, then every stage's `call` columns."""
    speakers = Counter(turn.speaker for turn in conversation.turns)
    row: dict[str, Any] = {
        "conversation_id": conversation.conversation_id,
        "source_file": conversation.source_file,
        "source_format": conversation.source_format,
        "channel": conversation.channel,
        "direction": conversation.direction,
        "queue": conversation.queue,
        "started_at": conversation.started_at,
        "customer_id": conversation.customer_id,
        "agent_id": conversation.agent_id,
        "n_turns": len(conversation.turns),
        "n_agent_turns": speakers["agent"],
        "n_customer_turns": speakers["customer"],
        "n_bot_turns": speakers["bot"],
        "n_ivr_turns": speakers["ivr"],
        "source_annotations": sorted(conversation.source_annotations),
        "source_annotation_fields": json.dumps(conversation.annotation_fields, sort_keys=True),
    }
    row.update(conversation.call)
    return row
