"""Running the stages: conversation stages over chunks (here or in a process pool), corpus stages once.

A conversation a stage fails on is rejected, never passed on raw: when a batch raises, the
stage is run again on each of its conversations alone, and only the ones that still fail are
rejected (so stages must be idempotent, see `ConversationStage`). A corpus stage that raises is
recorded and the others still run. Failures are described by exception type and our code's
frame, never by their message, which may quote transcript text.

With `--workers N` the pool starts first and its workers build their stages while this process
checks the pipeline file; this process waits for a worker's build to succeed (or raises its error)
before reading any input, and does not build the conversation stages a second time itself.
Memory stays flat with corpus size: the parent reads files lazily and keeps a bounded number of
chunks in flight (two per worker process).
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, ClassVar

from cxmaturity.errors import CxmError, RunError, StageFailed, describe_exception
from cxmaturity.model import Conversation, Rejected
from cxmaturity.pipeline.config import PipelineConfig, StageSpec
from cxmaturity.pipeline.inputs import Admit, InputReader
from cxmaturity.pipeline.manifest import FileRecord, build_manifest
from cxmaturity.pipeline.plan import RunOptions, RunPlan, build_plan, build_stage, split_stages
from cxmaturity.pipeline.stage import ConversationStage, Corpus, CorpusStage

log = logging.getLogger("cxmaturity")

OnConversation = Callable[[Conversation], None]
Chunk = list[tuple[FileRecord, Conversation]]


@dataclass
class ChunkResult:
    """What a chunk became: one item per conversation, in order, plus the stages' timings and model info."""

    items: list[Conversation | Rejected]
    stage_seconds: dict[str, float]
    model_info: dict[str, Any]


class StageExecutor:
    """The conversation stages of one process, applied chunk by chunk with per-conversation isolation.

    A pool worker or Ray actor holds one, built once from the specs (models load once per
    process); the pool's per-process initializer keeps it on the class (`init_process`).
    """

    _in_this_process: ClassVar[StageExecutor | None] = None
    _build_error: ClassVar[CxmError | None] = None

    def __init__(self, stages: Sequence[ConversationStage]) -> None:
        self.stages = list(stages)

    @classmethod
    def from_specs(
        cls, specs: Sequence[StageSpec], threads: int | None = None, source: Path | str = "pipeline"
    ) -> StageExecutor:
        """Build the stages in this process; `threads` caps torch's threads (one share of the CPUs per worker)."""
        if threads:
            try:
                import torch

                torch.set_num_threads(threads)
            except ImportError:
                pass
        return cls([build_stage(spec, source) for spec in specs])

    @classmethod
    def init_process(cls, config: PipelineConfig, threads: int | None) -> None:
        """Process-pool initializer: build this worker's executor once from the pipeline file's conversation
        stages. It runs while the parent is still checking the file; a failure is kept for `build_error`
        (the parent's probe) rather than raised, which would only break the pool without saying why."""
        try:
            cls._in_this_process = cls.from_specs(split_stages(config)[1], threads, config.path)
        except CxmError as exc:
            cls._build_error = exc  # our messages name the file, the stage and the field, never a transcript
        except Exception as exc:  # noqa: BLE001 - anything else by type and frame only
            cls._build_error = RunError(f"building the conversation stages failed: {describe_exception(exc)}")

    @classmethod
    def build_error(cls) -> CxmError | None:
        """Process-pool task: why this worker could not build its stages, or None once they are built."""
        return cls._build_error

    @classmethod
    def run_in_process(cls, conversations: list[Conversation]) -> ChunkResult:
        """Process-pool task: the chunk through this worker's executor."""
        if cls._in_this_process is None:
            raise RuntimeError("StageExecutor.init_process has not run in this worker")
        return cls._in_this_process.process_chunk(conversations)

    def process_chunk(self, conversations: list[Conversation]) -> ChunkResult:
        """Run the chunk through every stage; a conversation a stage fails on is rejected, never passed on raw."""
        items: list[Conversation | Rejected] = list(conversations)
        seconds: dict[str, float] = {}
        for stage in self.stages:
            started = time.perf_counter()
            items = run_stage(stage, items)
            seconds[stage.name] = time.perf_counter() - started
        for item in items:
            if isinstance(item, Conversation):
                item.drop_working_state()
        info = {stage.name: stage.model_info() for stage in self.stages}
        return ChunkResult(items, seconds, {k: v for k, v in info.items() if v})


def run_stage(stage: ConversationStage, items: list[Conversation | Rejected]) -> list[Conversation | Rejected]:
    """`stage.pipe` over the live conversations in `items`; what it fails on becomes a `Rejected` in place."""
    live = [c for c in items if isinstance(c, Conversation)]
    try:
        produced = list(stage.pipe(live))
        if len(produced) != len(live):
            raise RuntimeError(f"stage {stage.name!r} returned {len(produced)} items for {len(live)}")
    except Exception:  # noqa: BLE001 - retried one conversation at a time below, where failures are rejected
        produced = [_one(stage, conversation) for conversation in live]
    results = iter(produced)
    return [item if isinstance(item, Rejected) else next(results) for item in items]


def _one(stage: ConversationStage, conversation: Conversation) -> Conversation | Rejected:
    """The stage on one conversation alone; any failure rejects it, naming the exception type and our frame only."""
    try:
        produced = list(stage.pipe([conversation]))
        if len(produced) != 1:
            raise RuntimeError(f"stage {stage.name!r} returned {len(produced)} items for 1")
        return produced[0]
    except Exception as exc:  # noqa: BLE001 - any failure rejects this conversation
        return Rejected(
            source_file=conversation.source_file or "",
            conversation_id=conversation.conversation_id,
            stage=stage.name,
            reason=f"{stage.name} failed: {describe_exception(exc)}",
        )


class PipelineRun:
    """One execution of a pipeline over a set of inputs, on the local engine (this process, or a pool).

    Built before any input is read: constructing it checks and builds every stage (`build_plan`).
    Other engines subclass it and override `process` (pipeline/ray_engine.py); the reading, the
    accounting and the manifest stay these.
    """

    def __init__(self, config: PipelineConfig, options: RunOptions) -> None:
        self.config = config
        self.options = options
        self.workers = max(1, options.workers)
        self.probes: list[Future[CxmError | None]] = []
        # The pool's workers load their models while this process checks the pipeline file.
        self.pool = self.start_pool() if self.uses_pool() else None
        try:
            self.plan: RunPlan = build_plan(
                config,
                format=options.format,
                self_assessment=options.self_assessment,
                keep_conversation_stages=self.runs_stages_here(),
                build_conversation_stages=self.pool is None,
            )
            self.wait_for_pool()
        except BaseException:
            self.stop_pool()
            raise
        self.reader = InputReader(self.plan.ingest, exclude=[options.out_dir])
        self.stage_seconds: Counter[str] = Counter()
        self.model_info: dict[str, Any] = {}
        self.redacting = any(s.name == "redact" for s in self.plan.conversation_specs)

    def runs_stages_here(self) -> bool:
        """Whether the conversation stages run in this process (else workers build their own)."""
        return self.workers == 1

    def uses_pool(self) -> bool:
        """Whether the conversation stages run in this engine's local process pool (`--workers N`, N > 1)."""
        return self.workers > 1

    def start_pool(self) -> ProcessPoolExecutor:
        """The worker processes, started now: each builds its stages in the pool's initializer."""
        pool = ProcessPoolExecutor(
            self.workers,
            mp_context=get_context("spawn"),
            initializer=StageExecutor.init_process,
            initargs=(self.config, max(1, (os.cpu_count() or 1) // self.workers)),
        )
        # Each task the pool cannot place starts another process, so all of them begin loading now.
        self.probes = [pool.submit(StageExecutor.build_error) for _ in range(self.workers)]
        return pool

    def wait_for_pool(self) -> None:
        """Before any input is read: a worker's build error, raised here as the parent's own build would have.
        Every worker builds the same stages from the same file, so the first answer speaks for all."""
        if self.pool is None:
            return
        error = self.probes[0].result()
        if error is not None:
            raise error

    def stop_pool(self) -> None:
        """Stop the pool without waiting for its workers to finish loading models: the run is not going ahead."""
        if self.pool is None:
            return
        # Python 3.11 has no public way to stop workers mid-initializer (3.14 adds terminate_workers).
        processes = list(getattr(self.pool, "_processes", {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        self.pool = None

    @property
    def conversation_specs(self) -> list[StageSpec]:
        return self.plan.conversation_specs

    @property
    def corpus_specs(self) -> list[StageSpec]:
        return self.plan.corpus_specs

    @property
    def files(self) -> dict[str, FileRecord]:
        return self.reader.files

    @property
    def admit(self) -> Admit | None:
        """Set by `cxm nightly`: False for a conversation the store already holds with the same content,
        which is then counted as skipped and never processed again."""
        return self.reader.admit

    @admit.setter
    def admit(self, admit: Admit | None) -> None:
        self.reader.admit = admit

    # -- processing

    def chunks(self, inputs: list[str]) -> Iterator[Chunk]:
        """The conversations that pass the checks, `chunk_size` at a time."""
        chunk: Chunk = []
        for pair in self.reader.conversations(inputs):
            chunk.append(pair)
            if len(chunk) >= self.options.chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def process(self, inputs: list[str], on_conversation: OnConversation) -> None:
        """Stream every conversation through the conversation stages and hand results to `on_conversation`."""
        workers = self.workers
        if self.pool is None:
            executor = StageExecutor(self.plan.conversation_stages)
            for chunk in self.chunks(inputs):
                self.collect(chunk, executor.process_chunk([c for _, c in chunk]), on_conversation)
            return
        pool, self.pool = self.pool, None
        with pool:
            pending: list[tuple[Chunk, Future[ChunkResult]]] = []
            for chunk in self.chunks(inputs):
                pending.append((chunk, pool.submit(StageExecutor.run_in_process, [c for _, c in chunk])))
                while len(pending) >= 2 * workers:
                    done_chunk, future = pending.pop(0)
                    self.collect(done_chunk, future.result(), on_conversation)
            for done_chunk, future in pending:
                self.collect(done_chunk, future.result(), on_conversation)

    def collect(self, chunk: Chunk, result: ChunkResult, on_conversation: OnConversation) -> None:
        """Account for a processed chunk: its timings, then each conversation written or rejected."""
        self.record_stats(result)
        for (record, _), item in zip(chunk, result.items, strict=True):
            self.accept(record, item, on_conversation)

    def record_stats(self, result: ChunkResult) -> None:
        """Add a chunk's stage timings and model info to the run's."""
        self.stage_seconds.update(result.stage_seconds)
        self.model_info.update(result.model_info)

    def accept(self, record: FileRecord, item: Conversation | Rejected, on_conversation: OnConversation) -> None:
        """One conversation after the stages: written through `on_conversation`, or rejected in its file's record."""
        if isinstance(item, Rejected):
            record.reject(item)
            log.error("%s: conversation %s rejected: %s", record.path, item.conversation_id, item.reason)
            return
        on_conversation(item)
        record.conversations_written += 1
        record.echo_turns_merged += int(item.metadata.get("echo_turns_merged") or 0)

    # -- manifest

    def manifest(self, started: float, outputs: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        """The run's manifest so far (`started`: Unix time); `extra` adds to its timings."""
        return build_manifest(
            command=self.options.command,
            config=self.config,
            started=started,
            files=list(self.reader.files.values()),
            files_found=self.reader.files_found,
            skipped=self.reader.skipped,
            models=self.model_info,
            stage_seconds=self.stage_seconds,
            outputs=outputs,
            timings=extra,
        )


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


def corpus_for(out_dir: Path, options: RunOptions, manifest: dict[str, Any]) -> Corpus:
    """What the corpus stages see of a run."""
    return Corpus(
        out_dir=out_dir,
        manifest=manifest,
        self_assessment=options.self_assessment,
    )
