"""The nightly store: an embedded DuckDB database that an analytics stack can query as it is.

Tables (`docs/nightly.md` documents every column):
- `conversations`: one row per conversation, the columns of `calls.parquet` plus the store's own keys
  (`content_hash`, `run_id`, `ingested_at`, `activity_date`);
- `turns`: one row per turn, the columns of `turns.parquet` plus `run_id`;
- `runs`: one row per run (start, end, files seen, conversations added, replaced, skipped, rejected, status);
- `evidence_snapshots`: the maturity verdicts recomputed after a run over the window, one row per framework,
  each with the full evidence JSON;
- `store_meta`: schema version and the key of the content hashes.

Every change is a transaction, so a run killed at any moment leaves each batch either wholly in or wholly out,
and a run is marked `completed` in the same transaction that stores its snapshot. Columns are added as the
pipeline's stages produce them (a custom stage's new column needs no migration).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from cxmaturity.errors import CxmError, describe_exception
from cxmaturity.model import Conversation

SCHEMA_VERSION = "1"
STORE_KEY_COLUMNS = ("content_hash", "run_id", "ingested_at", "activity_date")
RUN_STATUSES = ("running", "completed", "snapshot_failed", "failed", "aborted")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR, value VARCHAR);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, status VARCHAR, engine VARCHAR,
    inputs VARCHAR, pipeline_sha256 VARCHAR, tool_version VARCHAR, window_days INTEGER,
    files_seen INTEGER, files_rejected INTEGER, rejected_files VARCHAR,
    conversations_added INTEGER, conversations_replaced INTEGER, conversations_skipped INTEGER,
    conversations_rejected INTEGER, snapshot_run_id VARCHAR, error VARCHAR, manifest VARCHAR);
CREATE TABLE IF NOT EXISTS conversations (
    conversation_id VARCHAR, content_hash VARCHAR, run_id VARCHAR, ingested_at TIMESTAMPTZ, activity_date DATE);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id VARCHAR, turn_index INTEGER, speaker VARCHAR, "start" DOUBLE, "end" DOUBLE, text VARCHAR,
    sentiment VARCHAR, sentiment_score DOUBLE, pii_types VARCHAR[], run_id VARCHAR);
CREATE TABLE IF NOT EXISTS evidence_snapshots (
    run_id VARCHAR, created_at TIMESTAMPTZ, framework VARCHAR, framework_name VARCHAR, level INTEGER,
    level_name VARCHAR, score DOUBLE, confidence DOUBLE, window_start DATE, window_end DATE, window_days INTEGER,
    conversations INTEGER, store_fingerprint VARCHAR, pipeline_sha256 VARCHAR, evidence_json VARCHAR);
"""

_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                  "UBIGINT"}


class StoreError(CxmError):
    """The store cannot be opened or written; the message names the file, never transcript text."""


def activity_date(started_at: str | None, fallback: date) -> date:
    """The day a conversation counts for: its start (UTC), else the day it was ingested."""
    if started_at:
        try:
            moment = datetime.fromisoformat(str(started_at).replace("Z", "+00:00"))
        except ValueError:
            return fallback
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc)
        return moment.date()
    return fallback


class Store:
    """One DuckDB store file. Use as a context manager; hold `store_lock` around any writer."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such store (run `cxm nightly` first)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except (OSError, duckdb.Error) as exc:
            raise StoreError(f"{self.path}: cannot open the store ({type(exc).__name__}: {exc})") from None
        if not read_only:
            self.con.execute(_SCHEMA)
            self._init_meta()
        self._key = (self.meta("hash_key") or "").encode()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- metadata and keys

    def meta(self, key: str) -> str | None:
        try:
            row = self.con.execute("SELECT value FROM store_meta WHERE key = ?", [key]).fetchone()
        except duckdb.CatalogException:
            raise StoreError(f"{self.path}: not a cxmaturity store") from None
        return row[0] if row else None

    def _init_meta(self) -> None:
        version = self.meta("schema_version")
        if version is None:
            self.con.execute("INSERT INTO store_meta VALUES ('schema_version', ?), ('hash_key', ?)",
                             [SCHEMA_VERSION, secrets.token_hex(32)])
        elif version != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: store schema version {version}, this cxmaturity writes {SCHEMA_VERSION}")

    def content_hash(self, conversation: Conversation) -> str:
        """HMAC-SHA256 of the conversation as read (before redaction), keyed per store.

        Keyed so that the hash of a short raw transcript cannot be confirmed by guessing its text.
        """
        payload = json.dumps(conversation.to_canonical(), sort_keys=True, ensure_ascii=False, default=str)
        return hmac.new(self._key, payload.encode("utf-8"), hashlib.sha256).hexdigest()

    def known(self) -> dict[str, str]:
        """conversation_id -> content_hash of every stored conversation."""
        return dict(self.con.execute("SELECT conversation_id, content_hash FROM conversations").fetchall())

    def fingerprint(self) -> str:
        """Changes whenever a conversation is added, replaced or removed (order-independent)."""
        count, mixed = self.con.execute(
            "SELECT count(*), coalesce(bit_xor(hash(conversation_id, content_hash)), 0) FROM conversations").fetchone()
        return f"{count}:{mixed}"

    # -- runs

    def abort_stale_runs(self) -> int:
        """Mark runs left `running` by a killed process as `aborted` (call only while holding the lock)."""
        with self._transaction("mark stale runs"):
            stale = self.con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0]
            self.con.execute("UPDATE runs SET status = 'aborted', error = 'the process ended before the run finished' "
                             "WHERE status = 'running'")
        return int(stale)

    def begin_run(self, run_id: str, started_at: datetime, inputs: Sequence[str], pipeline_sha256: str,
                  tool_version: str, engine: str, window_days: int) -> None:
        with self._transaction("start the run"):
            self.con.execute(
                "INSERT INTO runs (run_id, started_at, status, engine, inputs, pipeline_sha256, tool_version, "
                "window_days, files_seen, files_rejected, conversations_added, conversations_replaced, "
                "conversations_skipped, conversations_rejected) "
                "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0)",
                [run_id, started_at, engine, json.dumps(list(inputs)), pipeline_sha256, tool_version, window_days])

    def _update_run(self, run_id: str, fields: dict[str, Any]) -> None:
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self.con.execute(f"UPDATE runs SET {assignments} WHERE run_id = ?", [*fields.values(), run_id])

    def finish_run(self, run_id: str, status: str, counts: dict[str, Any],
                   snapshot_rows: Sequence[dict[str, Any]] = ()) -> None:
        """Store the snapshot and mark the run finished, in one transaction."""
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        with self._transaction("finish the run"):
            for row in snapshot_rows:
                self._insert_rows("evidence_snapshots", [row])
            self._update_run(run_id, {**counts, "status": status, "finished_at": datetime.now(timezone.utc)})

    def runs(self):  # -> pandas.DataFrame
        return self.con.execute("SELECT * FROM runs ORDER BY started_at").df()

    # -- conversations

    def write_batch(self, run_id: str, call_rows: list[dict[str, Any]], turn_rows: list[dict[str, Any]],
                    counts: dict[str, Any]) -> None:
        """Land a batch of analysed conversations whole, replacing any stored ones with the same ids,
        and record the run's progress in the same transaction."""
        ids = [row["conversation_id"] for row in call_rows]
        with self._transaction("write a batch of conversations"):
            if ids:
                id_list = pa.table({"conversation_id": pa.array(ids, pa.string())})
                self.con.register("batch_ids", id_list)
                try:
                    self.con.execute("DELETE FROM turns WHERE conversation_id IN "
                                     "(SELECT conversation_id FROM batch_ids)")
                    self.con.execute("DELETE FROM conversations WHERE conversation_id IN "
                                     "(SELECT conversation_id FROM batch_ids)")
                finally:
                    self.con.unregister("batch_ids")
                self._insert_rows("conversations", call_rows)
                self._insert_rows("turns", turn_rows)
            self._update_run(run_id, counts)

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
                wider = _wider_type(have[name], kind)
                if wider != have[name]:
                    self.con.execute(f'ALTER TABLE "{table}" ALTER COLUMN {column} TYPE {wider}')

    # -- windows and snapshots

    def window(self, days: int) -> tuple[date, date] | None:
        """The last `days` days of conversations, counted back from the newest conversation's day."""
        newest = self.con.execute("SELECT max(activity_date) FROM conversations").fetchone()[0]
        if newest is None:
            return None
        return newest - timedelta(days=max(1, days) - 1), newest

    def export_window(self, out_dir: Path, start: date, end: date) -> int:
        """Write the window's `calls.parquet` and `turns.parquet` (the shape `cxm analyze` writes)."""
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        keys = ", ".join(STORE_KEY_COLUMNS)
        where = "activity_date BETWEEN ? AND ?"
        self.con.execute(f"COPY (SELECT * EXCLUDE ({keys}) FROM conversations WHERE {where} ORDER BY conversation_id) "
                         f"TO '{_sql_path(out_dir / 'calls.parquet')}' (FORMAT PARQUET)", [start, end])
        self.con.execute(
            f"COPY (SELECT t.* EXCLUDE (run_id) FROM turns t JOIN (SELECT conversation_id FROM conversations "
            f"WHERE {where}) w USING (conversation_id) ORDER BY t.conversation_id, t.turn_index) "
            f"TO '{_sql_path(out_dir / 'turns.parquet')}' (FORMAT PARQUET)", [start, end])
        return int(self.con.execute(f"SELECT count(*) FROM conversations WHERE {where}", [start, end]).fetchone()[0])

    def latest_snapshot(self) -> dict[str, Any] | None:
        """The newest snapshot's window and evidence (from its first framework row)."""
        row = self.con.execute(
            "SELECT run_id, created_at, window_start, window_end, window_days, conversations, store_fingerprint, "
            "pipeline_sha256, evidence_json FROM evidence_snapshots ORDER BY created_at DESC LIMIT 1").fetchone()
        if row is None:
            return None
        keys = ("run_id", "created_at", "window_start", "window_end", "window_days", "conversations",
                "store_fingerprint", "pipeline_sha256", "evidence_json")
        return dict(zip(keys, row))

    def snapshots(self):  # -> pandas.DataFrame
        """Every snapshot's per-framework verdict, oldest first (the report's trend)."""
        return self.con.execute(
            "SELECT run_id, created_at, framework, framework_name, level, level_name, score, confidence, "
            "window_start, window_end, conversations FROM evidence_snapshots ORDER BY created_at, framework").df()

    def run_manifest(self, run_id: str) -> dict[str, Any] | None:
        row = self.con.execute("SELECT manifest FROM runs WHERE run_id = ?", [run_id]).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    # -- plumbing

    def _transaction(self, what: str) -> _Transaction:
        return _Transaction(self, what)


class _Transaction:
    """BEGIN/COMMIT, ROLLBACK on any error; a database error is described without its message
    (it may quote a value from a transcript)."""

    def __init__(self, store: Store, what: str) -> None:
        self.store, self.what = store, what

    def __enter__(self) -> None:
        self.store.con.execute("BEGIN TRANSACTION")

    def __exit__(self, kind, exc, tb) -> bool:
        if exc is None:
            self.store.con.execute("COMMIT")
            return False
        self.store.con.execute("ROLLBACK")
        if isinstance(exc, duckdb.Error):
            raise StoreError(f"{self.store.path}: could not {self.what} ({describe_exception(exc)}); "
                             "nothing of it was written") from None
        return False


def _wider_type(have: str, batch: str) -> str:
    """The column type that holds both: integers widen to DOUBLE, anything else unlike becomes VARCHAR."""
    numeric = _INTEGER_TYPES | {"FLOAT", "DOUBLE"}
    if have in numeric and batch in numeric:
        return "DOUBLE" if "DOUBLE" in (have, batch) or "FLOAT" in (have, batch) else "BIGINT"
    return "VARCHAR"


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")

