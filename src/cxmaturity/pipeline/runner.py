"""Run a pipeline over inputs: stream conversations through the stages, write the tables,
run the corpus stages, and account for every input in `manifest.json`.

Memory stays flat with corpus size: the parent reads files lazily, hands chunks of
conversations to the conversation stages (in-process, or in a process pool with a bounded
number of chunks in flight), and writes each chunk's rows to part files at once.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from cxmaturity import __version__
from cxmaturity.errors import CorpusStagesFailed, StageFailed, describe_exception
from cxmaturity.model import Conversation, Rejected
from cxmaturity.pipeline.config import PipelineConfig, StageSpec
from cxmaturity.pipeline.registry import get_stage
from cxmaturity.pipeline.stage import ConversationStage, Corpus, CorpusStage
from cxmaturity.pipeline.tables import CALL_SCHEMA, TURN_SCHEMA, TableSink, drop_working_columns, remove_parts

log = logging.getLogger("cxmaturity")


class RunError(RuntimeError):
    """The run itself cannot proceed (bad pipeline, unwritable output folder, no inputs)."""


@dataclass
class RunOptions:
    out_dir: Path
    workers: int = 1
    self_assessment: Path | None = None
    format: str | None = None  # overrides ingest's detection
    progress: bool = False
    chunk_size: int = 32
    command: str = "analyze"


@dataclass
class _FileRecord:
    path: str
    status: str = "ok"
    reason: str | None = None
    format: str | None = None
    conversations_read: int = 0
    conversations_written: int = 0
    echo_turns_merged: int = 0  # copies of an utterance heard on both channels, kept once (ingest/echo.py)
    conversations_skipped: int = 0  # already in the nightly store with the same content (not processed again)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, item: Rejected) -> None:
        self.rejected.append(
            {
                k: v
                for k, v in (
                    ("conversation_id", item.conversation_id),
                    ("location", item.location),
                    ("stage", item.stage),
                    ("reason", item.reason),
                )
                if v is not None
            }
        )

    def as_dict(self) -> dict[str, Any]:
        if self.status == "ok" and self.rejected:
            self.status = "partial" if self.conversations_written else "rejected"
        if self.status == "rejected" and self.reason is None and self.rejected:
            self.reason = "no conversation could be accepted"
        return {
            "path": self.path,
            "status": self.status,
            "reason": self.reason,
            "format": self.format,
            "conversations_read": self.conversations_read,
            "conversations_written": self.conversations_written,
            "echo_turns_merged": self.echo_turns_merged,
            "conversations_skipped": self.conversations_skipped,
            "rejected": self.rejected,
        }


@dataclass
class _ChunkResult:
    items: list[Conversation | Rejected]
    stage_seconds: dict[str, float]
    model_info: dict[str, Any]


# ---------------------------------------------------------------- stage building


def split_stages(config: PipelineConfig) -> tuple[StageSpec, list[StageSpec], list[StageSpec]]:
    """(ingest, conversation stages, corpus stages), checking the order makes sense."""
    ingest, rest = config.stages[0], list(config.stages[1:])
    conversation, corpus = [], []
    for spec in rest:
        try:
            cls = get_stage(spec.name)
        except KeyError as exc:
            raise RunError(f"{config.path}: {exc.args[0]}") from None
        if issubclass(cls, ConversationStage):
            if corpus:
                raise RunError(
                    f"{config.path}: conversation stage {spec.name!r} comes after corpus stage {corpus[-1].name!r}"
                )
            conversation.append(spec)
        elif issubclass(cls, CorpusStage):
            corpus.append(spec)
        else:
            raise RunError(f"{config.path}: stage {spec.name!r} is neither a conversation nor a corpus stage")
    return ingest, conversation, corpus


def build_stage(spec: StageSpec):
    cls = get_stage(spec.name)
    try:
        return cls(**spec.config)
    except TypeError as exc:
        raise RunError(f"stage {spec.name!r}: bad config ({exc})") from None


_WORKER_STAGES: list[ConversationStage] | None = None


def _init_worker(specs: list[StageSpec], threads: int | None) -> None:
    """Load every conversation stage (and its models) once per worker process."""
    global _WORKER_STAGES
    if threads:
        try:
            import torch

            torch.set_num_threads(threads)
        except ImportError:
            pass
    _WORKER_STAGES = [build_stage(spec) for spec in specs]


def _process_chunk(conversations: list[Conversation]) -> _ChunkResult:
    """Run the chunk through every stage; a conversation a stage fails on is rejected, never passed on raw."""
    assert _WORKER_STAGES is not None, "worker not initialised"
    items: list[Conversation | Rejected] = list(conversations)
    seconds: dict[str, float] = {}
    for stage in _WORKER_STAGES:
        started = time.perf_counter()
        items = _run_stage(stage, items)
        seconds[stage.name] = time.perf_counter() - started
    info = {stage.name: stage.model_info() for stage in _WORKER_STAGES}
    return _ChunkResult(items, seconds, {k: v for k, v in info.items() if v})


def _run_stage(stage: ConversationStage, items: list[Conversation | Rejected]) -> list[Conversation | Rejected]:
    live = [c for c in items if isinstance(c, Conversation)]
    try:
        produced = list(stage.pipe(live))
        if len(produced) != len(live):
            raise RuntimeError(f"stage {stage.name!r} returned {len(produced)} items for {len(live)}")
    except Exception:
        # Isolate the conversation that failed; report the exception type and our frame only
        # (messages may hold text).
        produced = []
        for conversation in live:
            try:
                produced.extend(stage.pipe([conversation]))
            except Exception as exc:  # noqa: BLE001 - any failure rejects this conversation
                produced.append(
                    Rejected(
                        source_file=conversation.source_file or "",
                        conversation_id=conversation.conversation_id,
                        stage=stage.name,
                        reason=f"{stage.name} failed: {describe_exception(exc)}",
                    )
                )
    by_id = iter(produced)
    out: list[Conversation | Rejected] = []
    for item in items:
        out.append(item if isinstance(item, Rejected) else next(by_id))
    return out


# ---------------------------------------------------------------- rows


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


# ---------------------------------------------------------------- the run


class PipelineRun:
    """One execution of a pipeline over a set of inputs."""

    def __init__(self, config: PipelineConfig, options: RunOptions) -> None:
        self.config = config
        self.options = options
        self.ingest_spec, self.conversation_specs, self.corpus_specs = split_stages(config)
        ingest_config = dict(self.ingest_spec.config)
        if options.format:
            ingest_config["format"] = options.format
        self.ingest = build_stage(StageSpec("ingest", ingest_config))
        self.files: dict[str, _FileRecord] = {}
        self.seen_ids: dict[str, str] = {}
        self.files_found = 0
        self.skipped: list[dict[str, str]] = []
        self.stage_seconds: Counter[str] = Counter()
        self.model_info: dict[str, Any] = {}
        self.redacting = any(s.name == "redact" for s in self.conversation_specs)
        # Set by `cxm nightly`: False for a conversation the store already holds with the same content,
        # which is then counted as skipped and never processed again.
        self.admit: Callable[[Conversation], bool] | None = None

    # -- reading

    def expand(self, inputs: list[str]) -> list[Path]:
        """The files to read, in order and once each. An input that names nothing is recorded as
        rejected; files no reader handles go to `skipped`."""
        from cxmaturity.ingest import IngestError

        paths: list[Path] = []
        skipped: list[tuple[Path, str]] = []
        for pattern in inputs:
            try:
                paths.extend(self.ingest.expand([pattern], exclude=[self.options.out_dir], skipped=skipped))
            except IngestError as exc:
                record = _FileRecord(path=pattern, status="rejected", reason=str(exc))
                self.files[pattern] = record
                log.error("%s", exc)
        self.skipped = [{"path": str(path), "reason": reason} for path, reason in dict(skipped).items()]
        paths = list(dict.fromkeys(paths))
        self.files_found = len(paths)
        return paths

    def read_file(self, path: Path, record: _FileRecord) -> Iterator[Conversation]:
        """One file's conversations that pass the checks; its rejections and counts go to `record`."""
        from cxmaturity.ingest import IngestError

        try:
            for item in self.ingest.read(path):
                if isinstance(item, Rejected):
                    record.reject(item)
                    log.error("%s: %s%s", path, f"{item.location}: " if item.location else "", item.reason)
                    continue
                record.format = record.format or item.source_format
                record.conversations_read += 1
                problem = self._check(item, path)
                if problem:
                    rejected = Rejected(str(path), problem, item.conversation_id, stage="ingest")
                    record.reject(rejected)
                    log.error("%s: conversation %s: %s", path, item.conversation_id, problem)
                    continue
                if self.admit is not None and not self.admit(item):
                    record.conversations_skipped += 1
                    continue
                yield item
        except IngestError as exc:
            record.status = "partial" if record.conversations_read else "rejected"
            record.reason = str(exc)
            log.error("%s", exc)

    def _conversations(self, inputs: list[str]) -> Iterator[tuple[_FileRecord, Conversation]]:
        for path in self.expand(inputs):
            record = _FileRecord(path=str(path))
            self.files[str(path)] = record
            for item in self.read_file(path, record):
                yield record, item

    def _check(self, conversation: Conversation, path: Path) -> str | None:
        if not conversation.turns:
            return "conversation has no turns"
        first = self.seen_ids.get(conversation.conversation_id)
        if first is not None:
            return f"duplicate conversation_id (already read from {first})"
        self.seen_ids[conversation.conversation_id] = str(path)
        conversation.source_file = conversation.source_file or str(path)
        return None

    # -- processing

    def _chunks(self, inputs: list[str]) -> Iterator[list[tuple[_FileRecord, Conversation]]]:
        chunk: list[tuple[_FileRecord, Conversation]] = []
        for pair in self._conversations(inputs):
            chunk.append(pair)
            if len(chunk) >= self.options.chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def process(self, inputs: list[str], on_conversation) -> None:
        """Stream every conversation through the conversation stages and hand results to `on_conversation`."""
        workers = max(1, self.options.workers)
        if workers == 1:
            _init_worker(self.conversation_specs, None)
            for chunk in self._chunks(inputs):
                self._collect(chunk, _process_chunk([c for _, c in chunk]), on_conversation)
            return
        ctx = get_context("spawn")
        threads = max(1, (os.cpu_count() or 1) // workers)
        with ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(self.conversation_specs, threads)
        ) as pool:
            pending: list[tuple[list, Future]] = []
            for chunk in self._chunks(inputs):
                pending.append((chunk, pool.submit(_process_chunk, [c for _, c in chunk])))
                while len(pending) >= 2 * workers:
                    done_chunk, future = pending.pop(0)
                    self._collect(done_chunk, future.result(), on_conversation)
            for done_chunk, future in pending:
                self._collect(done_chunk, future.result(), on_conversation)

    def _collect(self, chunk, result: _ChunkResult, on_conversation) -> None:
        self.stage_seconds.update(result.stage_seconds)
        self.model_info.update(result.model_info)
        for (record, _), item in zip(chunk, result.items):
            if isinstance(item, Rejected):
                record.reject(item)
                log.error("%s: conversation %s rejected: %s", record.path, item.conversation_id, item.reason)
                continue
            on_conversation(item)
            record.conversations_written += 1
            record.echo_turns_merged += int(item.metadata.get("echo_turns_merged") or 0)

    # -- manifest

    def manifest(self, started: float, outputs: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        files = [record.as_dict() for record in self.files.values()]
        statuses = Counter(f["status"] for f in files)
        return {
            "tool": {"name": "cxmaturity", "version": __version__, "python": platform.python_version()},
            "command": self.options.command,
            "started_at": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "pipeline": {
                "path": str(self.config.path),
                "sha256": self.config.sha256,
                "stages": [s.name for s in self.config.stages],
            },
            "models": self.model_info,
            "totals": {
                "files": len(files),
                "files_found": self.files_found,
                "files_ok": statuses["ok"],
                "files_partial": statuses["partial"],
                "files_rejected": statuses["rejected"],
                "conversations_read": sum(f["conversations_read"] for f in files),
                "conversations_written": sum(f["conversations_written"] for f in files),
                "conversations_rejected": sum(len(f["rejected"]) for f in files),
                "echo_turns_merged": sum(f["echo_turns_merged"] for f in files),
                "conversations_skipped": sum(f["conversations_skipped"] for f in files),
            },
            "inputs": files,
            "skipped": self.skipped,
            "outputs": outputs,
            "timings": {"stages_s": {k: round(v, 3) for k, v in self.stage_seconds.items()}, **extra},
        }


def _prepare_out_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".cxm-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise RunError(f"{out_dir}: output folder is not writable ({exc.strerror})") from None


def _progress(enabled: bool):
    """A rich progress display on a TTY; a no-op otherwise."""
    if enabled and sys.stderr.isatty():
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True)
    return None


def analyze(
    config: PipelineConfig,
    inputs: list[str],
    options: RunOptions,
    run_factory: Callable[[PipelineConfig, RunOptions], PipelineRun] = PipelineRun,
) -> dict[str, Any]:
    """`cxm analyze`: tables, corpus stages (evidence, report) and the manifest. Returns the manifest.

    `run_factory` picks the engine: a `PipelineRun` subclass that overrides `process` (the Ray
    engine, pipeline/ray_engine.py); the tables, corpus stages and manifest around it are shared.
    """
    started = time.time()
    out_dir = options.out_dir
    _prepare_out_dir(out_dir)
    run = run_factory(config, options)
    corpus_options = {"self_assessment": options.self_assessment}
    corpus_stages = [build_stage(spec) for spec in run.corpus_specs]  # config errors before any work
    for stage in corpus_stages:
        stage.prepare(corpus_options)
    parts = out_dir / ".parts"
    remove_parts(parts)
    turns = TableSink(out_dir / "turns.parquet", parts)
    calls = TableSink(out_dir / "calls.parquet", parts)
    progress = _progress(options.progress)
    task = None
    if progress:
        progress.start()
        task = progress.add_task("analysing: 0 conversations", total=None)

    count = 0

    def write(conversation: Conversation) -> None:
        nonlocal count
        turns.add(turn_rows(conversation))
        calls.add([call_row(conversation)])
        count += 1
        if progress is not None:
            progress.update(task, description=f"analysing: {count} conversations")

    try:
        run.process(inputs, write)
        n_turns = turns.finish(TURN_SCHEMA)
        n_calls = calls.finish(CALL_SCHEMA)
    finally:
        if progress:
            progress.stop()
        remove_parts(parts)
    process_s = time.time() - started

    outputs: dict[str, Any] = {"turns.parquet": {"rows": n_turns}, "calls.parquet": {"rows": n_calls}}
    if not run.redacting:
        outputs["turns.parquet"]["text"] = "not written: the pipeline has no redact stage"
    manifest = run.manifest(started, outputs, {"conversation_stages_s": round(process_s, 3)})
    failures = run_corpus_stages(
        corpus_stages, Corpus(out_dir=out_dir, options=corpus_options, manifest=manifest), manifest
    )
    drop_working_columns(out_dir / "calls.parquet")  # a pipeline without `topics` must not ship the vectors
    for name in ("evidence.json", "report.html", "topics.parquet"):
        if (out_dir / name).exists():
            outputs[name] = {}
    manifest["timings"]["total_s"] = round(time.time() - started, 3)
    write_manifest(out_dir, manifest)
    if failures:
        raise CorpusStagesFailed(failures)
    return manifest


def run_corpus_stages(stages: list[CorpusStage], corpus: Corpus, manifest: dict[str, Any]) -> list[StageFailed]:
    """Each corpus stage in turn; one that raises is recorded in the manifest and the rest still run.

    The tables are already written, so a crash in `maturity` must not cost the report, nor the
    manifest that accounts for every input. The failure is described by type and our frame only.
    """
    failures: list[StageFailed] = []
    seconds: dict[str, float] = {}
    status: dict[str, dict[str, Any]] = {}
    for stage in stages:
        stage_started = time.perf_counter()
        try:
            corpus = stage(corpus)
            status[stage.name] = {"status": "ok"}
        except Exception as exc:  # noqa: BLE001 - recorded; the run goes on to the next stage
            failures.append(StageFailed(stage.name, exc))
            status[stage.name] = {"status": "error", "reason": failures[-1].reason}
            log.error("%s", failures[-1])
        seconds[stage.name] = round(time.perf_counter() - stage_started, 3)
        info = stage.model_info()
        if info:
            manifest["models"][stage.name] = info
    manifest["corpus_stages"] = status
    manifest["timings"]["corpus_stages_s"] = seconds
    return failures


def redact(config: PipelineConfig, inputs: list[str], options: RunOptions) -> dict[str, Any]:
    """`cxm redact`: ingest + redact only, writing `redacted.jsonl` in canonical shape."""
    started = time.time()
    if config.stage("redact") is None:
        raise RunError(f"{config.path}: the pipeline has no 'redact' stage; cannot redact")
    redact_only = PipelineConfig(config.path, (config.stages[0], config.stage("redact")), config.sha256)
    _prepare_out_dir(options.out_dir)
    run = PipelineRun(redact_only, options)
    target = options.out_dir / "redacted.jsonl"
    tmp = target.with_suffix(".jsonl.tmp")
    written = 0
    with open(tmp, "w", encoding="utf-8") as handle:

        def write(conversation: Conversation) -> None:
            nonlocal written
            if not conversation.redacted:  # fail closed
                raise RunError("internal error: an unredacted conversation reached the writer")
            handle.write(json.dumps(conversation.to_canonical(), ensure_ascii=False) + "\n")
            written += 1

        run.process(inputs, write)
    tmp.replace(target)
    manifest = run.manifest(
        started, {"redacted.jsonl": {"rows": written}}, {"total_s": round(time.time() - started, 3)}
    )
    write_manifest(options.out_dir, manifest)
    return manifest


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> Path:
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    return path
