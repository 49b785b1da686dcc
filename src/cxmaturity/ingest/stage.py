"""The `ingest` source stage: the first stage of every pipeline.

The runner calls `expand(inputs)` once, then `read(path)` per file (in workers); the
stage's YAML config becomes `IngestOptions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.reader import expand_inputs, read_path
from cxmaturity.ingest.registry import available_formats
from cxmaturity.model import Conversation, Rejected


class IngestStage:
    """Source stage: input arguments -> files -> conversations."""

    name: ClassVar[str] = "ingest"

    def __init__(self, **config: Any) -> None:
        self.options = IngestOptions.from_config(config)

    def expand(
        self, inputs: list[str], *, exclude: Iterable[Path] = (), skipped: list[tuple[Path, str]] | None = None
    ) -> list[Path]:
        """Files to read, from files/folders/globs (IngestError on a missing input).

        Files passed over (no reader handles their suffix) go to `skipped` with the reason.
        """
        return expand_inputs(inputs, exclude=exclude, skipped=skipped)

    def read(self, path: Path, *, name: str | None = None) -> Iterator[Conversation | Rejected]:
        """Conversations and per-record rejections from one file (IngestError: whole file)."""
        return read_path(path, self.options, name=name)

    def model_info(self) -> dict[str, Any]:
        return {"formats": available_formats()}
