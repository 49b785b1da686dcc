"""One row per turn, as CSV and as Parquet, read back by `cxmaturity.ingest.formats.tabular`."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.registry import Written, register_writer
from tools.sample_data.render import timed_turns
from tools.sample_data.writers._common import output_path, write_text

TABLE_COLUMNS = [
    "conversation_id",
    "turn_index",
    "started_at",
    "channel",
    "direction",
    "queue",
    "customer_id",
    "agent_id",
    "speaker",
    "text",
    "start",
    "end",
]


def table_rows(dialogues: Sequence[Dialogue]) -> list[dict[str, Any]]:
    """Turn rows; a second agent after a transfer gets its own agent id."""
    rows: list[dict[str, Any]] = []
    for d in dialogues:
        for i, t in enumerate(timed_turns(d)):
            agent_id = d.agent2_id if (t.prefix == "A2" and d.agent2_id) else d.agent_id
            rows.append(
                {
                    "conversation_id": d.conversation_id,
                    "turn_index": i,
                    "started_at": d.started_at,
                    "channel": d.channel,
                    "direction": d.direction,
                    "queue": d.queue,
                    "customer_id": d.customer_id,
                    "agent_id": agent_id,
                    "speaker": t.speaker,
                    "text": t.text,
                    "start": t.start,
                    "end": t.end,
                }
            )
    return rows


@register_writer("csv", label="CSV, one row per turn", reader="csv")
def write_csv(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    path = output_path(out, "csv", "turns_2026-11_week45.csv")
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=TABLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in table_rows(dialogues):
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    write_text(path, buf.getvalue())
    return [Written(path, tuple(dialogues))]


@register_writer("parquet", label="Parquet, one row per turn", reader="parquet")
def write_parquet(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    import pyarrow as pa  # imported here: only this writer needs it
    import pyarrow.parquet as pq

    path = output_path(out, "parquet", "turns_2026-11_week46.parquet")
    schema = pa.schema(
        [
            ("conversation_id", pa.string()),
            ("turn_index", pa.int32()),
            ("started_at", pa.timestamp("s", tz="UTC")),
            ("channel", pa.string()),
            ("direction", pa.string()),
            ("queue", pa.string()),
            ("customer_id", pa.string()),
            ("agent_id", pa.string()),
            ("speaker", pa.string()),
            ("text", pa.string()),
            ("start", pa.float64()),
            ("end", pa.float64()),
        ]
    )
    rows = table_rows(dialogues)
    for row in rows:
        row["started_at"] = datetime.strptime(row["started_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path, compression="zstd", write_statistics=False)
    return [Written(path, tuple(dialogues))]
