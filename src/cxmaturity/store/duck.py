"""The default store: one embedded DuckDB file that an analytics stack can query as it is (no server).

A batch of rows goes in as an Arrow table (`INSERT ... BY NAME`), so a column a stage adds appears in the
table at its first non-null value and a column the batch lacks stays NULL.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from cxmaturity.pipeline.outputs import CALLS_FILE, TURNS_FILE
from cxmaturity.store.base import STORE_KEY_COLUMNS, BaseStore, StoreError, wider_type

NUMERIC_RANK = {"TINYINT": 0, "SMALLINT": 1, "INTEGER": 2, "BIGINT": 3, "HUGEINT": 4, "FLOAT": 5, "DOUBLE": 6}
_NAMED = re.compile(r"(?<!:):([a-z_]+)")


class Store(BaseStore):
    """One DuckDB store file. Hold `store_lock` around any writer (DuckDB allows one writing process)."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.name = str(self.path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such store (run `cxm nightly` first)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except (OSError, duckdb.Error) as exc:
            raise StoreError(f"{self.path}: cannot open the store ({type(exc).__name__}: {exc})") from None
        if not read_only:
            self._create()
        elif self._execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'store_meta'")[0][0] == 0:
            raise StoreError(f"{self.path}: not a cxmaturity store")

    def close(self) -> None:
        self.con.close()

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        return (duckdb.Error,)

    def _execute(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        if params:
            return self.con.execute(_NAMED.sub(r"$\1", sql), params).fetchall()
        return self.con.execute(sql).fetchall()

    def _begin(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def _commit(self) -> None:
        self.con.execute("COMMIT")

    def _rollback(self) -> None:
        self.con.execute("ROLLBACK")

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        batch = pa.Table.from_pylist(rows)
        batch = batch.select([f.name for f in batch.schema if not pa.types.is_null(f.type)])  # all-null: left NULL
        self.con.register("batch_rows", batch)
        try:
            self._conform_columns(table, "batch_rows")
            self.con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM batch_rows')
        finally:
            self.con.unregister("batch_rows")

    def _conform_columns(self, table: str, view: str) -> None:
        """Add the batch's new columns to the table, and widen a column whose type the batch outgrows."""
        have = {name: kind for name, kind, *_ in self.con.execute(f'DESCRIBE "{table}"').fetchall()}
        for name, kind, *_ in self.con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall():
            column = '"' + name.replace('"', '""') + '"'
            if name not in have:
                self.con.execute(f'ALTER TABLE "{table}" ADD COLUMN {column} {kind}')
            elif have[name] != kind:
                wider = wider_type(have[name], kind, NUMERIC_RANK, "VARCHAR")
                if wider != have[name]:
                    self.con.execute(f'ALTER TABLE "{table}" ALTER COLUMN {column} TYPE {wider}')

    def fingerprint(self) -> str:
        count, mixed = self._execute(
            "SELECT count(*), coalesce(bit_xor(hash(conversation_id, content_hash)), 0) FROM conversations"
        )[0]
        return f"{count}:{mixed}"

    def export_window(self, out_dir: Path, start: date, end: date) -> int:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        keys = ", ".join(STORE_KEY_COLUMNS)
        where = "activity_date BETWEEN $start AND $end"
        window = {"start": start, "end": end}
        self.con.execute(
            f"COPY (SELECT * EXCLUDE ({keys}) FROM conversations WHERE {where} ORDER BY conversation_id) "
            f"TO '{sql_path(out_dir / CALLS_FILE)}' (FORMAT PARQUET)",
            window,
        )
        self.con.execute(
            f"COPY (SELECT t.* EXCLUDE (run_id) FROM turns t JOIN (SELECT conversation_id FROM conversations "
            f"WHERE {where}) w USING (conversation_id) ORDER BY t.conversation_id, t.turn_index) "
            f"TO '{sql_path(out_dir / TURNS_FILE)}' (FORMAT PARQUET)",
            window,
        )
        counted = self.con.execute(f"SELECT count(*) FROM conversations WHERE {where}", window).fetchone()
        return int(counted[0]) if counted else 0


def sql_path(path: Path) -> str:
    """A path inside a single-quoted SQL literal."""
    return str(path).replace("'", "''")
