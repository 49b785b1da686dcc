"""Reader registry: one reader per export format, registered by name with a decorator.

A reader is a class with a `name`, `sniff(path, text) -> float` (confidence 0..1 that the
content is its format) and `read(source, options)` yielding `Conversation | Rejected`.
Format modules live in `cxmaturity.ingest.formats` and are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from cxmaturity.ingest.options import IngestOptions
from cxmaturity.model import Conversation, Rejected

_READERS: dict[str, Reader] = {}
_LOADED = False


@dataclass(frozen=True)
class Source:
    """One input file, read once: raw bytes, decoded text (empty for binary formats)."""

    path: Path
    name: str  # how messages and `source_file` name the file (as the user gave it)
    data: bytes
    text: str
    encoding: str | None


class Reader:
    """Base class for format readers."""

    name: ClassVar[str] = ""
    #: Suffixes that break ties between equally confident sniffs.
    suffixes: ClassVar[tuple[str, ...]] = ()
    #: True when the reader works on bytes (Parquet), not decoded text.
    binary: ClassVar[bool] = False

    def sniff(self, path: Path, text: str) -> float:
        raise NotImplementedError

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        raise NotImplementedError


def register_reader(name: str):
    """Class decorator: make a reader available under `name` (`--format name`)."""

    def decorate(cls: type[Reader]) -> type[Reader]:
        cls.name = name
        _READERS[name] = cls()
        return cls

    return decorate


def _load() -> None:
    global _LOADED
    if not _LOADED:
        importlib.import_module("cxmaturity.ingest.formats")
        _LOADED = True


def readers() -> dict[str, Reader]:
    _load()
    return dict(_READERS)


def get_reader(name: str) -> Reader:
    _load()
    try:
        return _READERS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; known formats: {', '.join(sorted(_READERS))}") from None


def available_formats() -> list[str]:
    """Names accepted by `--format` / `ingest.format`."""
    _load()
    return sorted(_READERS)
