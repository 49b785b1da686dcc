"""The two commands that run a pipeline over inputs: `cxm analyze` and `cxm redact`.

`analyze` streams conversations through the conversation stages, writes the tables, runs the
corpus stages and accounts for every input in `manifest.json`. Every stage is checked and built
before the first input is read (pipeline/plan.py). The parts live beside this module: reading
inputs (`inputs.py`), running stages (`execute.py`), the tables (`tables.py`), the manifest
(`manifest.py`), the progress line (`progress.py`) and the output file names (`outputs.py`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cxmaturity.errors import CorpusStagesFailed, RunError
from cxmaturity.model import Conversation
from cxmaturity.pipeline.config import PipelineConfig
from cxmaturity.pipeline.execute import PipelineRun, corpus_for, run_corpus_stages
from cxmaturity.pipeline.manifest import FileRecord, write_manifest
from cxmaturity.pipeline.outputs import (
    CALLS_FILE,
    CORPUS_STAGE_FILES,
    PARTS_DIR,
    REDACTED_FILE,
    TURNS_FILE,
    WRITE_PROBE,
)
from cxmaturity.pipeline.plan import RunOptions, build_stage, split_stages
from cxmaturity.pipeline.progress import conversation_progress
from cxmaturity.pipeline.tables import (
    CALL_SCHEMA,
    TURN_SCHEMA,
    TableSink,
    call_row,
    drop_working_columns,
    remove_parts,
    turn_rows,
)

# Names other modules and scripts import from here, from before the runner was split by concern.
__all__ = [
    "FileRecord",
    "PipelineRun",
    "RunError",
    "RunOptions",
    "analyze",
    "build_stage",
    "call_row",
    "redact",
    "run_corpus_stages",
    "split_stages",
    "turn_rows",
    "write_manifest",
]

RunFactory = Callable[[PipelineConfig, RunOptions], PipelineRun]


def prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder and prove it is writable, before any work."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / WRITE_PROBE
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise RunError(f"{out_dir}: output folder is not writable ({exc.strerror})") from None


def analyze(
    config: PipelineConfig,
    inputs: list[str],
    options: RunOptions,
    run_factory: RunFactory = PipelineRun,
) -> dict[str, Any]:
    """`cxm analyze`: tables, corpus stages (evidence, report) and the manifest. Returns the manifest.

    `run_factory` picks the engine: a `PipelineRun` subclass that overrides `process` (the Ray
    engine, pipeline/ray_engine.py); the tables, corpus stages and manifest around it are shared.
    """
    started = time.time()
    out_dir = options.out_dir
    prepare_out_dir(out_dir)
    run = run_factory(config, options)  # every stage checked, built and prepared: config errors before any work
    parts = out_dir / PARTS_DIR
    remove_parts(parts)
    turns = TableSink(out_dir / TURNS_FILE, parts)
    calls = TableSink(out_dir / CALLS_FILE, parts)
    count = 0

    try:
        with conversation_progress(options.progress) as show_count:

            def write(conversation: Conversation) -> None:
                nonlocal count
                turns.add(turn_rows(conversation))
                calls.add([call_row(conversation)])
                count += 1
                show_count(count)

            run.process(inputs, write)
        n_turns = turns.finish(TURN_SCHEMA)
        n_calls = calls.finish(CALL_SCHEMA)
    finally:
        remove_parts(parts)
    process_s = time.time() - started

    outputs: dict[str, Any] = {TURNS_FILE: {"rows": n_turns}, CALLS_FILE: {"rows": n_calls}}
    if not run.redacting:
        outputs[TURNS_FILE]["text"] = "not written: the pipeline has no redact stage"
    manifest = run.manifest(started, outputs, {"conversation_stages_s": round(process_s, 3)})
    # Written now and again after the corpus stages: a run killed during them (out of memory, a
    # cancelled job) still leaves every input accounted for, the unfinished stages marked as such.
    manifest["corpus_stages"] = {stage.name: {"status": "not_finished"} for stage in run.plan.corpus_stages}
    write_manifest(out_dir, manifest)
    failures = run_corpus_stages(run.plan.corpus_stages, corpus_for(out_dir, options, manifest), manifest)
    drop_working_columns(out_dir / CALLS_FILE)  # a pipeline without `topics` must not ship the vectors
    for name in CORPUS_STAGE_FILES:
        if (out_dir / name).exists():
            outputs[name] = {}
    manifest["timings"]["total_s"] = round(time.time() - started, 3)
    write_manifest(out_dir, manifest)
    if failures:
        raise CorpusStagesFailed(failures)
    return manifest


def redact(config: PipelineConfig, inputs: list[str], options: RunOptions) -> dict[str, Any]:
    """`cxm redact`: ingest + redact only, writing `redacted.jsonl` in canonical shape."""
    started = time.time()
    redact_spec = config.stage("redact")
    if redact_spec is None:
        raise RunError(f"{config.path}: the pipeline has no 'redact' stage; cannot redact")
    redact_only = PipelineConfig(config.path, (config.stages[0], redact_spec), config.sha256)
    prepare_out_dir(options.out_dir)
    run = PipelineRun(redact_only, options)
    target = options.out_dir / REDACTED_FILE
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
    manifest = run.manifest(started, {REDACTED_FILE: {"rows": written}}, {"total_s": round(time.time() - started, 3)})
    write_manifest(options.out_dir, manifest)
    return manifest
