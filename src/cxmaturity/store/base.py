"""What every nightly store does, in SQL both backends speak (DuckDB, PostgreSQL).

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
pipeline's stages produce them (a custom stage's new column needs no migration). A backend supplies how to
execute, how to insert a batch of rows, the change fingerprint and the window export.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from cxmaturity.errors import CxmError, describe_exception
from cxmaturity.model import Conversation

SCHEMA_VERSION = "1"
STORE_KEY_COLUMNS = ("content_hash", "run_id", "ingested_at", "activity_date")
RUN_STATUSES = ("running", "completed", "snapshot_failed", "failed", "aborted")

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, status VARCHAR, engine VARCHAR,
        inputs VARCHAR, pipeline_sha256 VARCHAR, tool_version VARCHAR, window_days INTEGER,
        files_seen INTEGER, files_rejected INTEGER, rejected_files VARCHAR,
        conversations_added INTEGER, conversations_replaced INTEGER, conversations_skipped INTEGER,
        conversations_rejected INTEGER, snapshot_run_id VARCHAR, error VARCHAR, manifest VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS conversations (
        conversation_id VARCHAR, content_hash VARCHAR, run_id VARCHAR, ingested_at TIMESTAMPTZ, activity_date DATE)""",
    """CREATE TABLE IF NOT EXISTS turns (
        conversation_id VARCHAR, turn_index INTEGER, speaker VARCHAR, "start" DOUBLE PRECISION,
        "end" DOUBLE PRECISION, text VARCHAR, sentiment VARCHAR, sentiment_score DOUBLE PRECISION,
        pii_types VARCHAR[], run_id VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS evidence_snapshots (
        run_id VARCHAR, created_at TIMESTAMPTZ, framework VARCHAR, framework_name VARCHAR, level INTEGER,
        level_name VARCHAR, score DOUBLE PRECISION, confidence DOUBLE PRECISION, window_start DATE, window_end DATE,
        window_days INTEGER, conversations INTEGER, store_fingerprint VARCHAR, basis_sha256 VARCHAR,
        evidence_json VARCHAR)""",
]
SNAPSHOT_KEYS = (
    "run_id",
    "created_at",
    "window_start",
    "window_end",
    "window_days",
    "conversations",
    "store_fingerprint",
    "basis_sha256",
    "evidence_json",
)


class StoreError(CxmError):
    """The store cannot be opened or written; the message names the store, never transcript text."""


class StoreLocked(CxmError):
    """Another run holds the store; the message says which, where it can."""


def activity_date(started_at: str | None, fallback: date) -> date:
    """The day a conversation counts for: its start (UTC), else the day it was ingested."""
    if started_at:
        try:
            moment = datetime.fromisoformat(str(started_at).replace("Z", "+00:00"))
        except ValueError:
            return fallback
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return moment.date()
    return fallback


def content_hash(conversation: Conversation, key: bytes) -> str:
    """HMAC-SHA256 of the conversation as read (before redaction), keyed per store.

    Keyed so that the hash of a short raw transcript cannot be confirmed by guessing its text.
    """
    payload = json.dumps(conversation.to_canonical(), sort_keys=True, ensure_ascii=False, default=str)
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass
class UnseenContent:
    """`PipelineRun.admit` for a store: False for a conversation stored with the same content; otherwise
    True, with the hash put in `call["content_hash"]` so it travels with the conversation (to a Ray actor
    and back too) and lands in the store's column of that name. Picklable: Ray's read tasks run it."""

    key: bytes
    known: dict[str, str]  # conversation_id -> content_hash of every stored conversation

    def __call__(self, conversation: Conversation) -> bool:
        digest = content_hash(conversation, self.key)
        if self.known.get(conversation.conversation_id) == digest:
            return False
        conversation.call["content_hash"] = digest
        return True


class BaseStore(ABC):
    """A nightly store. Named parameters are written `:name` in the SQL below."""

    name: str  # how messages and the run summary name the store (a URL without its password)

    # -- what a backend supplies

    @abstractmethod
    def _execute(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        """Run one statement; the rows it returns (empty for statements that return none)."""

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows whose keys are column names, adding or widening columns the rows need."""

    @abstractmethod
    def fingerprint(self) -> str:
        """Changes whenever a conversation is added, replaced or removed (order-independent)."""

    @abstractmethod
    def export_window(self, out_dir: Path, start: date, end: date) -> int:
        """Write the window's `calls.parquet` and `turns.parquet` (the shape `cxm analyze` writes)."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        """The database driver's exception types (described without their messages)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- set-up and keys

    def _create(self) -> None:
        with self.transaction("create the store's tables"):
            for statement in SCHEMA:
                self._execute(statement)
            if self.meta("schema_version") is None:
                self._execute(
                    "INSERT INTO store_meta VALUES ('schema_version', :version), ('hash_key', :key)",
                    {"version": SCHEMA_VERSION, "key": secrets.token_hex(32)},
                )
        version = self.meta("schema_version")
        if version != SCHEMA_VERSION:
            raise StoreError(f"{self.name}: store schema version {version}, this cxmaturity writes {SCHEMA_VERSION}")

    def meta(self, key: str) -> str | None:
        rows = self._execute("SELECT value FROM store_meta WHERE key = :key", {"key": key})
        return rows[0][0] if rows else None

    def unseen_filter(self) -> UnseenContent:
        """The filter that lets through only conversations this store lacks or holds with other content."""
        key = (self.meta("hash_key") or "").encode()
        return UnseenContent(key, dict(self._execute("SELECT conversation_id, content_hash FROM conversations")))

    # -- runs

    def abort_stale_runs(self) -> int:
        """Mark runs left `running` by a killed process as `aborted` (call only while holding the lock)."""
        with self.transaction("mark stale runs"):
            stale = self._execute("SELECT count(*) FROM runs WHERE status = 'running'")[0][0]
            self._execute(
                "UPDATE runs SET status = 'aborted', error = 'the process ended before the run finished' "
                "WHERE status = 'running'"
            )
        return int(stale)

    def begin_run(
        self,
        run_id: str,
        started_at: datetime,
        inputs: Sequence[str],
        pipeline_sha256: str,
        tool_version: str,
        engine: str,
        window_days: int,
    ) -> None:
        with self.transaction("start the run"):
            self._execute(
                "INSERT INTO runs (run_id, started_at, status, engine, inputs, pipeline_sha256, tool_version, "
                "window_days, files_seen, files_rejected, conversations_added, conversations_replaced, "
                "conversations_skipped, conversations_rejected) VALUES (:run_id, :started_at, 'running', :engine, "
                ":inputs, :sha, :version, :window_days, 0, 0, 0, 0, 0, 0)",
                {
                    "run_id": run_id,
                    "started_at": started_at,
                    "engine": engine,
                    "inputs": json.dumps(list(inputs)),
                    "sha": pipeline_sha256,
                    "version": tool_version,
                    "window_days": window_days,
                },
            )

    def _update_run(self, run_id: str, fields: dict[str, Any]) -> None:
        if fields:
            assignments = ", ".join(f"{name} = :{name}" for name in fields)
            self._execute(f"UPDATE runs SET {assignments} WHERE run_id = :run_id", {**fields, "run_id": run_id})

    def finish_run(
        self, run_id: str, status: str, counts: dict[str, Any], snapshot_rows: Sequence[dict[str, Any]] = ()
    ) -> None:
        """Store the snapshot and mark the run finished, in one transaction."""
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        with self.transaction("finish the run"):
            self._insert_rows("evidence_snapshots", list(snapshot_rows))
            self._update_run(run_id, {**counts, "status": status, "finished_at": datetime.now(UTC)})

    def run_manifest(self, run_id: str) -> dict[str, Any] | None:
        rows = self._execute("SELECT manifest FROM runs WHERE run_id = :run_id", {"run_id": run_id})
        return json.loads(rows[0][0]) if rows and rows[0][0] else None

    # -- conversations

    def write_batch(
        self, run_id: str, call_rows: list[dict[str, Any]], turn_rows: list[dict[str, Any]], counts: dict[str, Any]
    ) -> None:
        """Land a batch of analysed conversations whole, replacing any stored ones with the same ids,
        and record the run's progress in the same transaction."""
        ids = [row["conversation_id"] for row in call_rows]
        with self.transaction("write a batch of conversations"):
            if ids:
                for table in ("turns", "conversations"):
                    self._execute(
                        f"DELETE FROM {table} WHERE conversation_id IN (SELECT unnest(CAST(:ids AS VARCHAR[])))",
                        {"ids": ids},
                    )
                self._insert_rows("conversations", call_rows)
                self._insert_rows("turns", turn_rows)
            self._update_run(run_id, counts)

    # -- windows and snapshots

    def window(self, days: int) -> tuple[date, date] | None:
        """The last `days` days of conversations, counted back from the newest conversation's day."""
        newest = self._execute("SELECT max(activity_date) FROM conversations")[0][0]
        if newest is None:
            return None
        return newest - timedelta(days=max(1, days) - 1), newest

    def latest_snapshot(self) -> dict[str, Any] | None:
        """The newest snapshot's window and evidence (from its first framework row)."""
        rows = self._execute(
            f"SELECT {', '.join(SNAPSHOT_KEYS)} FROM evidence_snapshots ORDER BY created_at DESC LIMIT 1"
        )
        return dict(zip(SNAPSHOT_KEYS, rows[0], strict=True)) if rows else None

    def snapshots(self):  # -> pandas.DataFrame
        """Every snapshot's per-framework verdict, oldest first (the report's trend)."""
        import pandas as pd

        columns = [
            "run_id",
            "created_at",
            "framework",
            "framework_name",
            "level",
            "level_name",
            "score",
            "confidence",
            "window_start",
            "window_end",
            "conversations",
        ]
        rows = self._execute(f"SELECT {', '.join(columns)} FROM evidence_snapshots ORDER BY created_at, framework")
        return pd.DataFrame(rows, columns=columns)

    # -- transactions

    @contextmanager
    def transaction(self, what: str) -> Iterator[None]:
        """BEGIN/COMMIT, ROLLBACK on any error; a driver error is described without its message
        (it may quote a value from a transcript)."""
        self._begin()
        try:
            yield
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, self._driver_errors()):
                raise StoreError(
                    f"{self.name}: could not {what} ({describe_exception(exc)}); nothing of it was written"
                ) from None
            raise
        self._commit()


def wider_type(have: str, batch: str, numeric_rank: dict[str, int], text: str) -> str:
    """The column type that holds both: the wider of two numeric types, text for anything else unlike."""
    if have in numeric_rank and batch in numeric_rank:
        return max(have, batch, key=numeric_rank.__getitem__)
    return text
