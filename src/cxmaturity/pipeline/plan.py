"""From a pipeline file to stages ready to run, with every check made before any input is read.

`build_plan` resolves every stage name, checks their order (ingest, then conversation stages,
then corpus stages), checks every stage's config against its constructor, and builds every
stage once in this process, corpus stages included (and `prepare`s those), so a typo anywhere in
the file fails in about a second with a message naming the file, the stage and the field, not
after the night's work or inside a worker process. With `--workers N` the conversation stages
are built by the workers instead (while this process checks the rest), and the first worker's
build error is raised here, still before any input is read (`execute.PipelineRun`).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmaturity.errors import ConfigError, CxmError
from cxmaturity.pipeline.config import PipelineConfig, PipelineConfigError, StageSpec
from cxmaturity.pipeline.registry import get_stage
from cxmaturity.pipeline.stage import ConversationStage, CorpusStage

if TYPE_CHECKING:
    from cxmaturity.ingest.stage import IngestStage


@dataclass
class RunOptions:
    """How one command runs a pipeline (`cxm analyze`, `cxm redact`, and `cxm nightly` underneath)."""

    out_dir: Path
    workers: int = 1
    self_assessment: Path | None = None  # handed to the corpus stages' `prepare` and to `Corpus`
    format: str | None = None  # overrides ingest's detection
    progress: bool = False
    chunk_size: int = 32
    command: str = "analyze"


@dataclass
class RunPlan:
    """The checked pipeline: its stage specs in running order, and the stages built from them."""

    config: PipelineConfig
    ingest: IngestStage
    conversation_specs: list[StageSpec]
    corpus_specs: list[StageSpec]
    # Built here to check their config; empty when the stages run in other processes, which build their own.
    conversation_stages: list[ConversationStage] = field(default_factory=list)
    corpus_stages: list[CorpusStage] = field(default_factory=list)

    def corpus_stages_except(self, names: tuple[str, ...]) -> list[CorpusStage]:
        """The corpus stages, in order, without those the pipeline file names in `names`."""
        return [
            stage for spec, stage in zip(self.corpus_specs, self.corpus_stages, strict=True) if spec.name not in names
        ]


def split_stages(config: PipelineConfig) -> tuple[StageSpec, list[StageSpec], list[StageSpec]]:
    """(ingest, conversation stages, corpus stages), checking every name is known and the order makes sense."""
    ingest, rest = config.stages[0], list(config.stages[1:])
    conversation: list[StageSpec] = []
    corpus: list[StageSpec] = []
    for spec in rest:
        try:
            cls = get_stage(spec.name)
        except KeyError as exc:
            raise PipelineConfigError(f"{config.path}: {exc.args[0]}") from None
        if issubclass(cls, ConversationStage):
            if corpus:
                raise PipelineConfigError(
                    f"{config.path}: conversation stage {spec.name!r} comes after corpus stage {corpus[-1].name!r}"
                )
            conversation.append(spec)
        elif issubclass(cls, CorpusStage):
            corpus.append(spec)
        else:
            raise PipelineConfigError(
                f"{config.path}: stage {spec.name!r} is neither a conversation nor a corpus stage"
            )
    return ingest, conversation, corpus


def check_stage_options(spec: StageSpec, source: Path | str = "pipeline") -> None:
    """Refuse config keys the stage's constructor does not take, before building anything.

    A constructor that takes `**config` checks its own keys when built.
    """
    parameters = inspect.signature(get_stage(spec.name)).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return
    known = sorted(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
    unknown = sorted(set(spec.config) - set(known))
    if unknown:
        raise ConfigError(f"{source}: stage {spec.name!r}: unknown option(s) {unknown}; known: {known}")


@contextmanager
def config_errors(where: str) -> Iterator[None]:
    """Problems raised inside as one ConfigError prefixed with `where` (file and stage). Our other errors
    (a model failing its hash check) pass through as they are. Nothing has been read yet, so a message can
    only quote the config, never a transcript."""
    try:
        yield
    except CxmError as exc:
        if not isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"{where}: {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def build_stage(spec: StageSpec, source: Path | str = "pipeline") -> Any:
    """The stage `spec` names, built from its config; a bad config is a ConfigError naming `source`, the stage and
    the field."""
    cls = get_stage(spec.name)
    with config_errors(f"{source}: stage {spec.name!r}"):
        return cls(**spec.config)


def prepare_stage(stage: CorpusStage, spec: StageSpec, options: dict[str, Any]) -> None:
    """`stage.prepare(options)`, its problems with the files it checks (a self-assessment) as ConfigErrors."""
    with config_errors(f"stage {spec.name!r}"):
        stage.prepare(options)


def build_plan(
    config: PipelineConfig,
    *,
    format: str | None = None,
    self_assessment: Path | None = None,
    keep_conversation_stages: bool = True,
    build_conversation_stages: bool = True,
) -> RunPlan:
    """Check and build the whole pipeline before any input is read.

    `format` overrides ingest's detection (`--format`). The cheap checks come first (every name,
    the order, every stage's config keys), then ingest and the corpus stages (built and prepared
    with `self_assessment`), then the conversation stages, whose models may take seconds to load.
    With `keep_conversation_stages=False` (the stages will run in worker processes or Ray actors)
    each is built once to check it and then let go; with `build_conversation_stages=False` not even
    that, for a caller whose workers build them and report their errors before any input is read.
    """
    ingest_spec, conversation_specs, corpus_specs = split_stages(config)
    ingest_config = dict(ingest_spec.config)
    if format:
        ingest_config["format"] = format
    ingest_spec = StageSpec(ingest_spec.name, ingest_config)
    for spec in (ingest_spec, *conversation_specs, *corpus_specs):
        check_stage_options(spec, config.path)
    ingest = build_stage(ingest_spec, config.path)
    corpus_stages: list[CorpusStage] = [build_stage(spec, config.path) for spec in corpus_specs]
    corpus_options = {"self_assessment": self_assessment}
    for spec, stage in zip(corpus_specs, corpus_stages, strict=True):
        prepare_stage(stage, spec, corpus_options)
    conversation_stages: list[ConversationStage] = []
    for spec in conversation_specs if build_conversation_stages else ():
        stage = build_stage(spec, config.path)
        if keep_conversation_stages:
            conversation_stages.append(stage)
    return RunPlan(config, ingest, conversation_specs, corpus_specs, conversation_stages, corpus_stages)
