"""`cxm analyze --engine ray`: the conversation stages on Ray Data, everything else as the local engine.

The driver (the process that runs `cxm analyze`) expands the inputs to files, exactly as the
local engine does. Ray Data then runs one dataset:

    from_items(files) -> flat_map(read one file, in a Ray task)
                      -> map_batches(conversation stages, in a fixed pool of actors)
                      -> back to the driver, in input order

Each actor builds the conversation stages once (models load once per actor, as in a local
`--workers` process) and runs its `execute.StageExecutor` on its batches, so a conversation a stage
fails on is rejected there, described by exception type and our frame only. The driver checks and
builds every stage once before any input is read (pipeline/plan.py), writes calls.parquet /
turns.parquet with the local engine's writer, runs the corpus stages once over them and writes
manifest.json: `runner.analyze` does all of that, with `RayPipelineRun` (a `PipelineRun` whose
`process` is this dataset) in place of the local run.

Only plain rows cross Ray boundaries: `kind`, `file_index` and a JSON `payload`.

| kind           | from -> to        | payload                                                        |
|----------------|-------------------|----------------------------------------------------------------|
| `conversation` | read -> actor     | the conversation as ingest read it (raw text: actors only)     |
| `file`         | read -> driver    | the file's `FileRecord`: format, counts, ingest rejections     |
| `written`      | actor -> driver   | the conversation after the stages: redacted, or text removed   |
| `rejected`     | actor -> driver   | a `Rejected` (stage and reason; never text)                    |
| `stats`        | actor -> driver   | stage seconds and model info of one batch                      |

A conversation's text leaves an actor only once the redact stage has redacted it; without a
redact stage the actor blanks every turn's text and the metadata before the row leaves.

Duplicate conversation ids are judged on the driver, which sees the rows in input order (the
dataset preserves order), so the first copy wins and the manifest names the same file as a
local run would. A read task only rejects what it can judge alone (unreadable records, no
turns).

Ray is an optional extra (`pip install 'cxmaturity[ray]'`); nothing here imports it until a
run starts. See docs/scale-out.md.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

import cxmaturity  # noqa: F401 - the package sets the offline env vars (HF, transformers) on import
from cxmaturity.errors import CxmError, RunError, describe_exception
from cxmaturity.model import WORKING_FIELDS, Conversation, Rejected, Turn
from cxmaturity.pipeline.config import PipelineConfig, StageSpec
from cxmaturity.pipeline.execute import ChunkResult, OnConversation, PipelineRun, StageExecutor
from cxmaturity.pipeline.inputs import Admit, InputReader
from cxmaturity.pipeline.manifest import FileRecord
from cxmaturity.pipeline.plan import RunOptions
from cxmaturity.pipeline.runner import analyze

if TYPE_CHECKING:
    from types import ModuleType

    from ray.data import Dataset

    from cxmaturity.ingest.stage import IngestStage

log = logging.getLogger("cxmaturity")

ROW_SCHEMA = pa.schema([("kind", pa.string()), ("file_index", pa.int64()), ("payload", pa.large_string())])
ACTOR_CPUS = 1.0  # logical CPUs each actor reserves; its torch uses as many threads
READ_CPUS = 0.5  # logical CPUs a read task reserves (parsing is light next to the models)
BLOCK_BYTES_PER_ROW = 8 * 1024  # blocks of about `chunk_size` conversations, so a big file feeds every actor
MAX_READ_BLOCKS = 1000  # files are spread over at most this many read tasks' inputs


# ---------------------------------------------------------------- the public entry point


def analyze_on_ray(
    config: PipelineConfig, inputs: list[str], options: RunOptions, actors: int = 2, address: str | None = None
) -> dict[str, Any]:
    """`runner.analyze` with the conversation stages on Ray Data; returns the manifest.

    `actors`: size of the actor pool (each loads the models once). `address`: None starts a
    local Ray instance (or uses `RAY_ADDRESS` when set); `auto` or `ray://head:10001` connects to
    a cluster. A Ray instance already initialised in this process is used as it is.
    """
    if actors < 1:
        raise RunError("the Ray engine needs at least one actor")

    def factory(cfg: PipelineConfig, opts: RunOptions) -> RayPipelineRun:
        return RayPipelineRun(cfg, opts, actors=actors, address=address)

    return analyze(config, inputs, options, run_factory=factory)


class RayPipelineRun(PipelineRun):
    """A `PipelineRun` whose conversation stages run on Ray Data; reading, accounting and the
    manifest are the local engine's own."""

    def __init__(
        self, config: PipelineConfig, options: RunOptions, *, actors: int = 2, address: str | None = None
    ) -> None:
        super().__init__(config, options)
        self.actors = actors
        self.address = address
        self.engine: dict[str, Any] = {"name": "ray", "actors": actors, "address": address}
        self.actor_peak_kib: dict[int, int] = {}  # peak RSS of each actor process that reported

    def runs_stages_here(self) -> bool:
        return False  # the actors build their own; the driver builds each once only to check it

    def uses_pool(self) -> bool:
        return False  # `--workers` belongs to the local engine

    def manifest(self, started: float, outputs: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        manifest = super().manifest(started, outputs, extra)
        manifest["engine"] = self.engine
        return manifest

    def process(self, inputs: list[str], on_conversation: OnConversation) -> None:
        paths = self.reader.expand(inputs)
        records = [self.reader.record(path) for path in paths]
        if not records:
            return
        block_bytes = BLOCK_BYTES_PER_ROW * max(1, self.options.chunk_size)
        with _ray_session(self.address, self.actors, block_bytes) as (ray, info):
            self.engine.update(info)
            try:
                for batch in self._dataset(ray, paths).iter_batches(batch_format="pyarrow", batch_size=None):
                    if not isinstance(batch, pa.Table):  # what batch_format="pyarrow" promises
                        raise RunError(f"internal error: the Ray engine returned a {type(batch).__name__} batch")
                    for row in batch.to_pylist():
                        if row["file_index"] < 0:
                            self._take_stats(row["kind"], row["payload"])
                        else:
                            self._take(records[row["file_index"]], row["kind"], row["payload"], on_conversation)
            except Exception as exc:  # noqa: BLE001 - re-raised as our own, without remote messages
                raise _engine_failure(exc) from None
        self.engine["actor_peak_rss_mib"] = [round(kib / 1024) for kib in sorted(self.actor_peak_kib.values())]

    def _dataset(self, ray: ModuleType, paths: list[Path]) -> Dataset:
        items = [{"file_index": index, "path": str(path)} for index, path in enumerate(paths)]
        ds = ray.data.from_items(items, override_num_blocks=min(len(items), MAX_READ_BLOCKS))
        ds = ds.flat_map(_read_file, fn_kwargs={"ingest": self.plan.ingest, "admit": self.admit}, num_cpus=READ_CPUS)
        return ds.map_batches(
            _StageActor,
            fn_constructor_kwargs={"specs": self.conversation_specs, "threads": max(1, int(ACTOR_CPUS))},
            batch_size=self.options.chunk_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=self.actors),
            num_cpus=ACTOR_CPUS,
        )

    def _take_stats(self, kind: str, payload: str) -> None:
        """A batch's stage timings and model info, and its actor's peak memory."""
        if kind != "stats":
            raise RunError(f"internal error: the Ray engine returned a {kind!r} row without a file")
        data = json.loads(payload)
        self.record_stats(ChunkResult([], data["stage_seconds"], data["model_info"]))
        self.actor_peak_kib[data["pid"]] = max(self.actor_peak_kib.get(data["pid"], 0), data["peak_rss_kib"])

    def _take(self, record: FileRecord, kind: str, payload: str, on_conversation: OnConversation) -> None:
        """One row of a file back from the dataset: account for it exactly as the local engine would."""
        data = json.loads(payload)
        if kind == "file":
            _merge_file_record(record, data)
            return
        item: Conversation | Rejected
        if kind == "written":
            item = _decode_conversation(data)
        elif kind == "rejected":
            item = Rejected(**data)
        else:
            raise RunError(f"internal error: the Ray engine returned a {kind!r} row")
        # The first copy of an id in input order wins, as in the local engine (`InputReader.check`).
        problem = self.reader.claim(item.conversation_id, record.path)
        if problem:
            record.reject(Rejected(record.path, problem, item.conversation_id, stage="ingest"))
            log.error("%s: conversation %s: %s", record.path, item.conversation_id, problem)
            return
        self.accept(record, item, on_conversation)


def _merge_file_record(record: FileRecord, shipped: dict[str, Any]) -> None:
    """Fold a read task's `FileRecord` into the driver's: counts add up, the task's rejections
    (made while reading) go first, its error and format are the task's."""
    for field in dataclasses.fields(FileRecord):
        if field.name == "path" or field.name not in shipped:
            continue
        mine, theirs = getattr(record, field.name), shipped[field.name]
        if isinstance(mine, int) and not isinstance(mine, bool):
            setattr(record, field.name, mine + int(theirs or 0))
        elif isinstance(mine, list):
            setattr(record, field.name, list(theirs) + mine)
        else:
            setattr(record, field.name, theirs)
    for rejected in shipped.get("rejected", []):
        where = f"{rejected['location']}: " if rejected.get("location") else ""
        who = f"conversation {rejected['conversation_id']}: " if rejected.get("conversation_id") else ""
        log.error("%s: %s%s%s", record.path, where, who, rejected["reason"])
    if shipped.get("error"):
        log.error("%s", shipped["error"])


# ---------------------------------------------------------------- reading (Ray tasks)


def _read_file(row: dict[str, Any], ingest: IngestStage, admit: Admit | None = None) -> Iterator[dict[str, Any]]:
    """flat_map: one file's conversations as `conversation` rows, then its `file` row.

    The task holds the ingest stage only (a whole PipelineRun would import every stage's libraries,
    torch and spaCy, into each task process). Duplicate ids across the corpus are judged on the driver,
    which sees every file in order; `admit` (`cxm nightly`) skips what the store holds before any stage runs.
    """
    path, index = Path(row["path"]), int(row["file_index"])
    record = FileRecord(path=str(path))
    reader = InputReader(ingest, admit=admit, judge_duplicates=False)
    try:
        for conversation in reader.read_file(path, record):
            yield {"kind": "conversation", "file_index": index, "payload": _encode_conversation(conversation)}
    except Exception as exc:  # noqa: BLE001 - a reader bug (not IngestError): fail the run, quoting no text
        raise RunError(f"{path}: reading failed: {describe_exception(exc)}") from None
    yield {"kind": "file", "file_index": index, "payload": json.dumps(dataclasses.asdict(record), default=_plain)}


# ---------------------------------------------------------------- the stages (Ray actors)


class _StageActor:
    """map_batches callable class: every conversation stage, built once per actor."""

    def __init__(self, specs: list[StageSpec], threads: int) -> None:
        try:
            self.executor = StageExecutor.from_specs(specs, threads)
        except CxmError:
            raise  # our messages are safe to show
        except Exception as exc:  # noqa: BLE001 - anything else by type and frame only
            raise RunError(f"building the conversation stages failed: {describe_exception(exc)}") from None

    def __call__(self, batch: pa.Table) -> pa.Table:
        try:
            return self._run(batch.to_pylist())
        except CxmError:
            raise
        except Exception as exc:  # noqa: BLE001 - the message may quote text: type and frame only
            raise RunError(f"the Ray engine's stage actor failed: {describe_exception(exc)}") from None

    def _run(self, rows: list[dict[str, Any]]) -> pa.Table:
        conversations = [_decode_conversation(json.loads(r["payload"])) for r in rows if r["kind"] == "conversation"]
        result = self.executor.process_chunk(conversations)
        items = iter(result.items)
        out: list[dict[str, Any]] = []
        for row in rows:
            if row["kind"] != "conversation":
                out.append(row)  # a `file` row, passed through in order
                continue
            item = next(items)
            if isinstance(item, Rejected):
                out.append(
                    {
                        "kind": "rejected",
                        "file_index": row["file_index"],
                        "payload": json.dumps(dataclasses.asdict(item)),
                    }
                )
            else:
                out.append(
                    {
                        "kind": "written",
                        "file_index": row["file_index"],
                        "payload": _encode_conversation(_outbound(item)),
                    }
                )
        stats = {
            "stage_seconds": result.stage_seconds,
            "model_info": result.model_info,
            "pid": os.getpid(),
            "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }  # KiB on Linux
        out.append({"kind": "stats", "file_index": -1, "payload": json.dumps(stats, default=_plain)})
        return pa.Table.from_pylist(out, schema=ROW_SCHEMA)


def _outbound(conversation: Conversation) -> Conversation:
    """What may leave an actor: a redacted conversation as it is; otherwise no text at all.

    The driver's writer needs only the annotations, the call results and the turns' timing and
    speakers (turns.parquet gets text only from a redacted conversation).
    """
    if conversation.redacted:
        return conversation
    for turn in conversation.turns:
        turn.text = ""
        turn.metadata = {}
    echo = conversation.metadata.get("echo_turns_merged")
    conversation.metadata = {"echo_turns_merged": echo} if echo else {}
    return conversation


# ---------------------------------------------------------------- rows <-> conversations

_NOT_SENT = ("turns", *WORKING_FIELDS)  # turns are encoded below; working state is never sent


def _encode_conversation(conversation: Conversation) -> str:
    data = {f.name: getattr(conversation, f.name) for f in dataclasses.fields(Conversation) if f.name not in _NOT_SENT}
    data["turns"] = [{f.name: getattr(turn, f.name) for f in dataclasses.fields(Turn)} for turn in conversation.turns]
    return json.dumps(data, default=_plain)  # ASCII: a lone surrogate from a lenient decode survives too


def _decode_conversation(data: dict[str, Any]) -> Conversation:
    turns = [Turn(**turn) for turn in data.pop("turns")]
    return Conversation(turns=turns, **data)


def _plain(value: Any) -> Any:
    """JSON for the few non-JSON values a reader or stage may hold (numpy scalars, dates, sets)."""
    if hasattr(value, "item") and callable(value.item) and getattr(value, "shape", None) == ():
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"a {type(value).__name__} cannot be sent between Ray processes")


# ---------------------------------------------------------------- the Ray instance


@contextmanager
def _ray_session(address: str | None, actors: int, block_bytes: int) -> Iterator[tuple[ModuleType, dict[str, Any]]]:
    """Ray, initialised for the run: a quiet local instance, or the cluster at `address` /
    `RAY_ADDRESS`. One this process already started is used as it is and left running."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise RunError("the Ray engine needs Ray: pip install 'cxmaturity[ray]'") from None

    started = False
    target = address or os.environ.get("RAY_ADDRESS") or None
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": logging.ERROR,
            "ignore_reinit_error": True,
        }
        if target is None or target == "local":
            # A private instance on this machine: room for every actor plus reading.
            kwargs.update(address="local", num_cpus=max(os.cpu_count() or 1, int(actors * ACTOR_CPUS) + 1))
        else:
            kwargs["address"] = target
        try:
            ray.init(**kwargs)
        except Exception as exc:  # noqa: BLE001 - e.g. no cluster at that address
            raise RunError(
                f"cannot start or reach Ray at {target or 'a local instance'}: {type(exc).__name__}"
            ) from None
        started = True
    info = {
        "address": target or "local",
        "ray_version": ray.__version__,
        "cluster_cpus": ray.cluster_resources().get("CPU"),
    }
    context = ray.data.DataContext.get_current()
    saved = (context.execution_options.preserve_order, context.target_max_block_size, context.enable_progress_bars)
    loggers = {name: logging.getLogger(name).level for name in ("ray", "ray.data")}
    context.execution_options.preserve_order = True  # the driver judges duplicates in input order
    context.target_max_block_size = min(saved[1] or block_bytes, block_bytes)
    context.enable_progress_bars = False
    for name in loggers:
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        yield ray, info
    finally:
        context.execution_options.preserve_order, context.target_max_block_size, context.enable_progress_bars = saved
        for name, level in loggers.items():
            logging.getLogger(name).setLevel(level)
        if started:
            ray.shutdown()


_OUR_ERROR_LINE = re.compile(r"^cxmaturity\.[\w.]+: (.+)$", re.MULTILINE)


def _engine_failure(exc: BaseException) -> Exception:
    """Our own error behind Ray's wrappers, else one naming the type only.

    Ray hands back a remote failure as RayTaskError (`.cause`), or, for an actor that died
    building its stages, as ActorDiedError whose text is the remote traceback. Everything our
    tasks and actors raise is a cxmaturity error whose message names files and problems, never
    text (they turn anything else into one); any other message is not repeated.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        cause = getattr(current, "cause", None)
        if isinstance(cause, CxmError):
            return RunError(str(cause))
        if type(current).__module__.startswith("cxmaturity"):
            return RunError(str(current))
        remote = getattr(current, "error_msg", None)
        found = _OUR_ERROR_LINE.findall(remote) if isinstance(remote, str) else []
        if found:
            return RunError(found[-1].strip())
        current = cause if isinstance(cause, BaseException) else (current.__cause__ or current.__context__)
    return RunError(f"the Ray engine failed: {type(exc).__name__}")
