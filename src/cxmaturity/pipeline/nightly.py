"""`cxm nightly`: an incremental, idempotent, crash-safe run over drop folders into the store.

A conversation is keyed by its id and a hash of its content as read. Already stored with the same hash:
skipped before any stage runs. Stored with another hash: a re-export, which replaces the old rows. Analysed
conversations land in batches, each one transaction, so a run killed at any moment loses at most the batch
in flight, and rerunning finishes the job: the store ends as one clean run would leave it. After the
conversations, the maturity verdicts are recomputed over the last `window_days` days and stored as a
snapshot in the same transaction that marks the run completed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from cxmaturity import __version__
from cxmaturity.errors import ConfigError, describe_exception
from cxmaturity.model import Conversation
from cxmaturity.pipeline.config import PipelineConfig
from cxmaturity.pipeline.execute import PipelineRun, run_corpus_stages
from cxmaturity.pipeline.outputs import EVIDENCE_FILE
from cxmaturity.pipeline.plan import RunOptions
from cxmaturity.pipeline.stage import Corpus
from cxmaturity.pipeline.tables import call_row, turn_rows
from cxmaturity.store import BaseStore, writing_store
from cxmaturity.store.base import activity_date

log = logging.getLogger("cxmaturity")

# The pack is rendered from the store on demand (`cxm report --store`); topics are not part of the verdicts.
SNAPSHOT_SKIPPED_STAGES = ("report", "topics")


@runtime_checkable
class ScoresLandingRows(Protocol):
    """A corpus stage that also scores call rows as they land (`churn`), so stored rows carry its column."""

    def on_landing(self, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]: ...


@dataclass
class NightlyOptions:
    store: Path | str  # a DuckDB file, or a PostgreSQL URL
    window_days: int = 30
    quarantine: Path | None = None  # fully rejected files are moved here; None leaves them where they are
    self_assessment: Path | None = None  # validated in every snapshot when given
    workers: int = 1
    format: str | None = None
    progress: bool = False
    batch_size: int = 64  # conversations per store transaction: the most a kill can cost
    engine: str = "local"  # or "ray": the conversation stages on Ray Data (pipeline/ray_engine.py)
    ray_actors: int = 2
    ray_address: str | None = None


def nightly(config: PipelineConfig, inputs: list[str], options: NightlyOptions) -> dict[str, Any]:
    """Run once under the store's lock; returns the run's one-line summary (also stored in `runs`)."""
    if options.window_days < 1:
        raise ConfigError(f"--window-days must be at least 1, got {options.window_days}")
    # The whole pipeline is checked and built before the store is opened: a config typo creates no
    # store file and takes no lock (a second, overlapping run pays the model loads before it learns
    # that the store is busy).
    run = _NightlyRun(config, inputs, options)
    try:
        with writing_store(options.store) as store:
            return run.run(store)
    finally:
        shutil.rmtree(run.scratch, ignore_errors=True)


class _NightlyRun:
    store: BaseStore  # given to `run`, once the store is locked

    def __init__(self, config: PipelineConfig, inputs: list[str], options: NightlyOptions) -> None:
        self.config, self.inputs, self.options = config, inputs, options
        self.started = datetime.now(UTC)
        self.run_id = f"{self.started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
        self.scratch = Path(tempfile.mkdtemp(prefix="cxm-nightly-"))
        run_options = RunOptions(
            out_dir=self.scratch,
            workers=options.workers,
            format=options.format,
            progress=False,
            command="nightly",
            self_assessment=options.self_assessment,
        )
        try:
            if options.engine == "ray":
                from cxmaturity.pipeline.ray_engine import RayPipelineRun

                self.pipeline: PipelineRun = RayPipelineRun(
                    config, run_options, actors=options.ray_actors, address=options.ray_address
                )
            else:
                self.pipeline = PipelineRun(config, run_options)
            # Every stage, these included, was checked, built and prepared with the run (pipeline/plan.py).
            self.corpus_stages = self.pipeline.plan.corpus_stages_except(SNAPSHOT_SKIPPED_STAGES)
            # Churn risk per conversation as it lands (repeat contacts unknown until the snapshot).
            self.landing_scorers = [s for s in self.corpus_stages if isinstance(s, ScoresLandingRows)]
        except BaseException:
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise
        self.stored_ids: set[str] = set()  # ids in the store when the run began: a new version replaces them
        self.buffer: list[Conversation] = []
        self.added = self.replaced = 0
        self.today = self.started.date()

    # -- the run

    def run(self, store: BaseStore) -> dict[str, Any]:
        self.store = store
        began = time.perf_counter()
        aborted = self.store.abort_stale_runs()
        if aborted:
            log.warning(
                "%s: %d earlier run(s) had been killed before finishing; marked aborted", self.store.name, aborted
            )
        self.store.begin_run(
            self.run_id,
            self.started,
            self.inputs,
            self.config.sha256,
            __version__,
            self._engine(),
            self.options.window_days,
        )
        try:
            unseen = self.store.unseen_filter()
            self.stored_ids = set(unseen.known)
            self.pipeline.admit = unseen
            self.pipeline.process(self.inputs, self._collect)
            self._flush()
            manifest = self.pipeline.manifest(self.started.timestamp(), {}, {"total_s": 0.0})
            manifest["store"] = str(self.store.name)
            rejected_files = self._account_rejected_files(manifest)
            status, error, snapshot_id, rows = self._snapshot()
            manifest["timings"]["total_s"] = round(time.perf_counter() - began, 3)
            counts = {
                **self._counts(manifest),
                "rejected_files": json.dumps(rejected_files),
                "snapshot_run_id": snapshot_id,
                "error": error,
                "manifest": json.dumps(manifest, default=str),
            }
            self.store.finish_run(self.run_id, status, counts, rows)
        except BaseException as exc:
            self._mark_failed(exc)
            raise
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        return self._summary(status, counts, snapshot_id, rows, time.perf_counter() - began)

    def _engine(self) -> str:
        if self.options.engine == "ray":
            return f"ray ({self.options.ray_actors} actors)"
        return "local" if self.options.workers <= 1 else f"local ({self.options.workers} workers)"

    def _collect(self, conversation: Conversation) -> None:
        self.buffer.append(conversation)
        if len(self.buffer) >= self.options.batch_size:
            self._flush()

    def _flush(self) -> None:
        """One transaction: the batch's rows, replacing older versions, and the run's counters so far."""
        if not self.buffer:
            return
        calls: list[dict[str, Any]] = []
        turns: list[dict[str, Any]] = []
        added = replaced = 0
        ingested = datetime.now(UTC)
        for conversation in self.buffer:
            replaces = conversation.conversation_id in self.stored_ids
            row = call_row(conversation)  # carries content_hash, set when the conversation was admitted
            row.update(
                run_id=self.run_id,
                ingested_at=ingested,
                activity_date=activity_date(conversation.started_at, self.today),
            )
            calls.append(row)
            turns.extend(dict(turn, run_id=self.run_id) for turn in turn_rows(conversation))
            replaced += replaces
            added += not replaces
        for scorer in self.landing_scorers:
            calls = scorer.on_landing(calls)
        progress = {"conversations_added": self.added + added, "conversations_replaced": self.replaced + replaced}
        self.store.write_batch(self.run_id, calls, turns, progress)
        self.added += added
        self.replaced += replaced
        self.buffer = []

    # -- accounting

    def _account_rejected_files(self, manifest: dict[str, Any]) -> list[dict[str, Any]]:
        """Every file that was not fully accepted, with the reason; whole rejects go to quarantine if set."""
        out = []
        for record in manifest["inputs"]:
            if record["status"] == "ok":
                continue
            entry = {
                "path": record["path"],
                "status": record["status"],
                "reason": record["reason"],
                "conversations_rejected": len(record["rejected"]),
            }
            if record["status"] == "rejected" and self.options.quarantine is not None:
                entry["quarantined_to"] = self._quarantine(Path(record["path"]))
            out.append(entry)
        return out

    def _quarantine(self, path: Path) -> str | None:
        if not path.is_file() or self.options.quarantine is None:
            return None
        folder = Path(self.options.quarantine)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / path.name
        if target.exists():
            target = folder / f"{path.stem}.{self.run_id}{path.suffix}"
        try:
            shutil.move(str(path), target)
        except OSError as exc:
            log.error("%s: could not move to quarantine %s (%s)", path, folder, exc.strerror)
            return None
        log.warning("%s: moved to quarantine %s", path, target)
        return str(target)

    def _counts(self, manifest: dict[str, Any]) -> dict[str, int]:
        totals = manifest["totals"]
        return {
            "files_seen": totals["files_found"],
            "files_rejected": totals["files_rejected"],
            "conversations_added": self.added,
            "conversations_replaced": self.replaced,
            "conversations_skipped": totals["conversations_skipped"],
            "conversations_rejected": totals["conversations_rejected"],
        }

    # -- the evidence snapshot

    def _snapshot(self) -> tuple[str, str | None, str | None, list[dict[str, Any]]]:
        """(status, error, run id of the snapshot in force, new snapshot rows).

        Nothing changed since the last snapshot (same conversations, window and pipeline): that snapshot
        stays in force, so a rerun over the same inputs adds no rows anywhere but `runs`.
        """
        window = self.store.window(self.options.window_days)
        if window is None or not self.corpus_stages:
            return "completed", None, None, []
        fingerprint = self.store.fingerprint()
        latest = self.store.latest_snapshot()
        if (
            latest is not None
            and latest["store_fingerprint"] == fingerprint
            and latest["window_days"] == self.options.window_days
            and latest["basis_sha256"] == self._basis()
        ):
            return "completed", None, latest["run_id"], []
        start, end = window
        conversations = self.store.export_window(self.scratch, start, end)
        corpus = Corpus(
            out_dir=self.scratch,
            manifest={"models": {}, "timings": {}},
            self_assessment=self.options.self_assessment,
        )
        failures = run_corpus_stages(self.corpus_stages, corpus, corpus.manifest)
        evidence = corpus.artifacts.get("evidence")
        if not isinstance(evidence, dict) and (self.scratch / EVIDENCE_FILE).exists():
            evidence = json.loads((self.scratch / EVIDENCE_FILE).read_text(encoding="utf-8"))
        if failures:
            return "snapshot_failed", "; ".join(str(f) for f in failures), None, []
        if not isinstance(evidence, dict):  # a pipeline without a maturity stage has nothing to snapshot
            return "completed", None, None, []
        created = datetime.now(UTC)
        full = json.dumps(evidence, default=str)
        rows = [
            {
                "run_id": self.run_id,
                "created_at": created,
                "framework": framework_id,
                "framework_name": verdict.get("name"),
                "level": _int(verdict.get("level")),
                "level_name": verdict.get("level_name") or verdict.get("stage"),
                "score": _float(verdict.get("score")),
                "confidence": _float(verdict.get("confidence")),
                "window_start": start,
                "window_end": end,
                "window_days": self.options.window_days,
                "conversations": conversations,
                "store_fingerprint": fingerprint,
                "basis_sha256": self._basis(),
                "evidence_json": full,
            }
            for framework_id, verdict in sorted(evidence.get("frameworks", {}).items())
            if isinstance(verdict, dict)
        ]
        return "completed", None, self.run_id, rows

    def _basis(self) -> str:
        """What else a snapshot depends on: the pipeline file and the self-assessment, if any."""
        digest = hashlib.sha256(self.config.sha256.encode())
        if self.options.self_assessment is not None:
            digest.update(Path(self.options.self_assessment).read_bytes())
        return digest.hexdigest()

    # -- endings

    def _mark_failed(self, exc: BaseException) -> None:
        """Best effort: the run's row says it failed and why (type and our frame, never a message)."""
        try:
            self.store.finish_run(
                self.run_id,
                "failed",
                {
                    "error": describe_exception(exc),
                    "conversations_added": self.added,
                    "conversations_replaced": self.replaced,
                },
            )
        except Exception:  # noqa: BLE001 - the original error is the one to report
            log.debug("could not mark run %s failed", self.run_id)

    def _summary(
        self, status: str, counts: dict[str, Any], snapshot_id: str | None, rows: list[dict[str, Any]], seconds: float
    ) -> dict[str, Any]:
        levels = {row["framework"]: row["level_name"] for row in rows}
        return {
            "run_id": self.run_id,
            "status": status,
            "store": str(self.store.name),
            **{
                k: counts[k]
                for k in (
                    "files_seen",
                    "files_rejected",
                    "conversations_added",
                    "conversations_replaced",
                    "conversations_skipped",
                    "conversations_rejected",
                )
            },
            "snapshot_run_id": snapshot_id,
            "snapshot_new": bool(rows),
            "levels": levels,
            "seconds": round(seconds, 1),
        }


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
