"""The PostgreSQL store (`--store postgresql://user@host/db`), through SQLAlchemy and psycopg.

For a centre whose warehouse is PostgreSQL: the same tables and transactions as the DuckDB store. One writer
at a time is enforced by a session advisory lock, which the server drops when the holder's connection ends
(so a killed run leaves no stale lock). Needs the `postgres` extra: `pip install 'cxmaturity[postgres]'`.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cxmaturity.pipeline.outputs import CALLS_FILE, TURNS_FILE
from cxmaturity.store.base import STORE_KEY_COLUMNS, BaseStore, StoreError, StoreLocked, wider_type

NUMERIC_RANK = {"smallint": 0, "integer": 1, "bigint": 2, "real": 3, "double precision": 4}
LOCK_KEY = 0x63786D6E  # "cxmn": the advisory lock every cxm nightly writer takes


def is_postgres_url(target: object) -> bool:
    return str(target).startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))


class PostgresStore(BaseStore):
    def __init__(self, url: str, read_only: bool = False) -> None:
        try:
            import sqlalchemy
        except ImportError:
            raise StoreError(
                "a PostgreSQL store needs the postgres extra: pip install 'cxmaturity[postgres]'"
            ) from None
        self._sa = sqlalchemy
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        parsed = sqlalchemy.engine.make_url(url)
        self.name = parsed.render_as_string(hide_password=True)
        try:
            self.engine = sqlalchemy.create_engine(parsed, poolclass=sqlalchemy.pool.NullPool)
            self.con = self.engine.connect()
        except sqlalchemy.exc.SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: cannot connect ({type(exc.__cause__ or exc).__name__})") from None
        self.con.commit()  # leave SQLAlchemy's implicit transaction; ours are explicit
        if not read_only:
            self._create()
        elif not self._execute("SELECT to_regclass('store_meta') IS NOT NULL")[0][0]:
            raise StoreError(f"{self.name}: not a cxmaturity store (run `cxm nightly` first)")

    def lock(self) -> None:
        """Take the writer's advisory lock for this connection's lifetime, or raise `StoreLocked`."""
        holder = self._execute("SELECT pg_try_advisory_lock(:key)", {"key": LOCK_KEY})
        self.con.commit()
        if not holder[0][0]:
            pids = self._execute(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND granted", {"key": LOCK_KEY}
            )
            self.con.commit()
            who = f" (server process {pids[0][0]})" if pids else ""
            raise StoreLocked(
                f"{self.name}: another cxm run is using this store{who}; this run did nothing. "
                "Try again when that run has finished."
            )

    def close(self) -> None:
        self.con.close()
        self.engine.dispose()

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        return (self._sa.exc.SQLAlchemyError,)

    def _execute(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        result = self.con.execute(self._sa.text(sql), {k: _plain(v) for k, v in (params or {}).items()})
        return [tuple(row) for row in result] if result.returns_rows else []

    def _begin(self) -> None:
        if self.con.in_transaction():
            self.con.commit()
        self.con.begin()

    def _commit(self) -> None:
        self.con.commit()

    def _rollback(self) -> None:
        self.con.rollback()

    def _columns(self, table: str) -> dict[str, str]:
        rows = self._execute(
            "SELECT column_name, data_type, udt_name FROM information_schema.columns "
            "WHERE table_name = :table AND table_schema = current_schema()",
            {"table": table},
        )
        named = {"ARRAY": "text[]", "character varying": "text"}
        return {name: named.get(kind, kind) for name, kind, _ in rows}

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        rows = [{k: _plain(v) for k, v in row.items()} for row in rows]
        have = self._columns(table)
        names: list[str] = []
        for name in dict.fromkeys(k for row in rows for k in row):
            kind = next((_pg_type(row[name]) for row in rows if row.get(name) is not None), None)
            if kind is None:
                if name in have:
                    names.append(name)
                continue  # all-null and unknown: left NULL until a batch has a value
            quoted = '"' + name.replace('"', '""') + '"'
            if name not in have:
                self._execute(f'ALTER TABLE "{table}" ADD COLUMN {quoted} {kind}')
                have[name] = kind
            elif have[name] != kind:
                wider = wider_type(have[name], kind, NUMERIC_RANK, "text")
                if wider != have[name]:
                    cast = "to_json(" + quoted + ")::text" if have[name] == "text[]" else f"{quoted}::{wider}"
                    self._execute(f'ALTER TABLE "{table}" ALTER COLUMN {quoted} TYPE {wider} USING {cast}')
                    have[name] = wider
            names.append(name)
        columns = ", ".join('"' + n.replace('"', '""') + '"' for n in names)
        values = ", ".join(f":p{i}" for i in range(len(names)))
        statement = self._sa.text(f'INSERT INTO "{table}" ({columns}) VALUES ({values})')
        self.con.execute(
            statement, [{f"p{i}": _as_column(row.get(n), have[n]) for i, n in enumerate(names)} for row in rows]
        )

    def fingerprint(self) -> str:
        count, mixed = self._execute(
            "SELECT count(*), coalesce(bit_xor(hashtextextended(conversation_id || ':' || content_hash, 0)), 0) "
            "FROM conversations"
        )[0]
        return f"{count}:{mixed}"

    def export_window(self, out_dir: Path, start: date, end: date) -> int:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        window = {"start": start, "end": end}
        calls = self._frame(
            "SELECT * FROM conversations WHERE activity_date BETWEEN :start AND :end ORDER BY conversation_id", window
        )
        calls = calls.drop(columns=[c for c in STORE_KEY_COLUMNS if c in calls.columns])
        turns = self._frame(
            "SELECT t.* FROM turns t JOIN conversations c USING (conversation_id) "
            "WHERE c.activity_date BETWEEN :start AND :end ORDER BY t.conversation_id, t.turn_index",
            window,
        ).drop(columns=["run_id"])
        calls.to_parquet(out_dir / CALLS_FILE, index=False)
        turns.to_parquet(out_dir / TURNS_FILE, index=False)
        return len(calls)

    def _frame(self, sql: str, params: dict[str, Any]):  # -> pandas.DataFrame
        import pandas as pd

        result = self.con.execute(self._sa.text(sql), params)
        return pd.DataFrame([tuple(r) for r in result], columns=list(result.keys()))


def _plain(value: Any) -> Any:
    """numpy scalars and arrays as Python values (psycopg adapts only Python's own types)."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    elif hasattr(value, "item") and not isinstance(value, (str, bytes, datetime, date)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return json.dumps(value, default=str, sort_keys=True)
    return value


def _pg_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, float):
        return "double precision"
    if isinstance(value, datetime):
        return "timestamp with time zone"
    if isinstance(value, date):
        return "date"
    if isinstance(value, (list, tuple)):
        return "text[]"
    return "text"


def _as_column(value: Any, kind: str) -> Any:
    """A value for its column: into text, lists go as JSON and numbers as text; into text[], items as text."""
    if value is None:
        return None
    if kind == "text" and not isinstance(value, str):
        return json.dumps(value, default=str) if isinstance(value, (list, tuple)) else str(value)
    if kind == "text[]" and isinstance(value, (list, tuple)):
        return [None if v is None else str(v) for v in value]
    return value
