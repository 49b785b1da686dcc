"""Writer registry: one writer per export format, registered by name, like `cxmaturity.ingest` readers.

A writer is a function `write(dialogues, out) -> list[Written]` registered with
`@register_writer(name, label=..., reader=...)`; `name` is the value dialogues give as
`export_format`, `reader` the `cxmaturity` reader (`--format`) that reads its files back.
Writer modules live in `tools.sample_data.writers`, one per reader module of
`cxmaturity.ingest.formats`, and are imported on first use. The registry is a `catalogue`
registry, the mechanism `cxmaturity.registries` uses for readers and stages.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import catalogue

from tools.sample_data.dialogue import Dialogue


@dataclass(frozen=True)
class Written:
    """One file a writer wrote, and the dialogues in it (in file order)."""

    path: Path
    dialogues: tuple[Dialogue, ...]


WriteFunction = Callable[[Sequence[Dialogue], Path], list[Written]]


@dataclass(frozen=True)
class Writer:
    name: str  # `export_format` of the dialogues it writes
    label: str  # how sample_data/README.md describes the format
    reader: str  # the cxmaturity reader that reads the files back
    write: WriteFunction


#: Dev-tool namespace, apart from the package's `cxmaturity` registries; no entry points.
_WRITERS = catalogue.create("cxmaturity_tools", "sample_data_writers")


def register_writer(name: str, *, label: str, reader: str) -> Callable[[WriteFunction], WriteFunction]:
    """Function decorator: make a writer available as `export_format: name`."""

    def decorate(write: WriteFunction) -> WriteFunction:
        if name in _WRITERS:
            raise ValueError(f"writer {name!r} is registered twice")
        _WRITERS.register(name, func=Writer(name, label, reader, write))
        return write

    return decorate


def writers() -> dict[str, Writer]:
    """Every registered writer by name (importing the writer modules registers them)."""
    importlib.import_module("tools.sample_data.writers")
    return dict(sorted(_WRITERS.get_all().items()))


def get_writer(name: str) -> Writer:
    known = writers()
    try:
        return known[name]
    except KeyError:
        raise KeyError(f"unknown export_format {name!r}; known: {', '.join(sorted(known))}") from None
