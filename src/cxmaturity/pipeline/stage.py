"""The two calling conventions a stage can have.

Like spaCy's components (`Doc -> Doc`), a conversation stage maps `Conversation ->
Conversation` and may override `pipe` to batch (the encoder does). Conversation stages run
in streaming fashion, in worker processes, before anything is written. Corpus stages run
once at the end over the written tables (`Corpus -> Corpus`): maturity inference, report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from cxmaturity.model import Conversation, Rejected
from cxmaturity.pipeline.outputs import table_file

if TYPE_CHECKING:
    import pandas as pd


class ConversationStage:
    """Base for per-conversation stages. Subclasses take their config as keyword arguments.

    The contract of `pipe`, which the runner relies on:
    - it yields exactly one item per conversation it is given, in the order given: the conversation
      (changed in place, or a new one), or a `Rejected` in place of one it cannot process (its
      `reason` must not quote transcript text);
    - the stage is idempotent: when a batch raises, the runner runs the stage again on each of the
      batch's conversations alone (some of which it may already have changed), so running it twice
      on a conversation must leave what running it once does.
    """

    name: ClassVar[str] = ""

    def __call__(self, conversation: Conversation) -> Conversation:
        raise NotImplementedError

    def pipe(self, conversations: Iterable[Conversation]) -> Iterator[Conversation | Rejected]:
        """Process a stream; override to batch. Yield one item per conversation, in order (see the class)."""
        for conversation in conversations:
            yield self(conversation)

    def model_info(self) -> dict[str, Any]:
        """Models and versions/hashes this stage uses, recorded in the manifest."""
        return {}


@dataclass
class Corpus:
    """What corpus stages see: the run's output folder and its tables, loaded on demand."""

    out_dir: Path
    manifest: dict[str, Any] = field(default_factory=dict)
    artifacts: dict[str, Any] = field(default_factory=dict)  # e.g. "evidence": dict
    self_assessment: Path | None = None  # `--self-assessment`: the centre's own claims, checked by `maturity`
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        """`calls` or `turns`, read once from the output folder."""
        if name not in self._tables:
            import pandas as pd

            self._tables[name] = pd.read_parquet(self.out_dir / table_file(name))
        return self._tables[name]

    def replace_table(self, name: str, frame: pd.DataFrame) -> None:
        """Rewrite a table (a corpus stage that adds columns, e.g. repeat contacts)."""
        frame.to_parquet(self.out_dir / table_file(name), index=False)
        self._tables[name] = frame


class CorpusStage:
    """Base for stages that run once over the finished tables.

    The runner builds corpus stages and calls `prepare` before it reads the first input, so a
    bad config or a bad file the stage will need fails in a second, not after the night's work.
    """

    name: ClassVar[str] = ""

    def prepare(self, options: dict[str, Any]) -> None:
        """Check what `__call__` will need (e.g. the self-assessment file); raise to stop the run."""

    def __call__(self, corpus: Corpus) -> Corpus:
        raise NotImplementedError

    def model_info(self) -> dict[str, Any]:
        return {}
