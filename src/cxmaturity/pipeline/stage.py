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
from typing import Any, ClassVar

from cxmaturity.model import Conversation


class ConversationStage:
    """Base for per-conversation stages. Subclasses take their config as keyword arguments."""

    name: ClassVar[str] = ""

    def __call__(self, conversation: Conversation) -> Conversation:
        raise NotImplementedError

    def pipe(self, conversations: Iterable[Conversation]) -> Iterator[Conversation]:
        """Process a stream; override to batch. Must yield every conversation it is given."""
        for conversation in conversations:
            yield self(conversation)

    def model_info(self) -> dict[str, Any]:
        """Models and versions/hashes this stage uses, recorded in the manifest."""
        return {}


@dataclass
class Corpus:
    """What corpus stages see: the run's output folder and its tables, loaded on demand."""

    out_dir: Path
    options: dict[str, Any] = field(default_factory=dict)  # e.g. self_assessment path
    manifest: dict[str, Any] = field(default_factory=dict)
    artifacts: dict[str, Any] = field(default_factory=dict)  # e.g. "evidence": dict
    _tables: dict[str, Any] = field(default_factory=dict, repr=False)

    def table(self, name: str):  # -> pandas.DataFrame
        """`calls` or `turns`, read once from the output folder."""
        if name not in self._tables:
            import pandas as pd

            self._tables[name] = pd.read_parquet(self.out_dir / f"{name}.parquet")
        return self._tables[name]

    def replace_table(self, name: str, frame) -> None:
        """Rewrite a table (a corpus stage that adds columns, e.g. repeat contacts)."""
        frame.to_parquet(self.out_dir / f"{name}.parquet", index=False)
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
