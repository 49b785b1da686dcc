"""Reader registry: one reader class per export format, registered by name with a decorator.

A reader is a `Reader` subclass with a `name`, `sniff(source) -> float` (confidence 0..1 that
the content is its format) and `read(source, options)` yielding `Conversation | Rejected`.
Registrations live in `cxmaturity.registries.readers` (catalogue, entry-point group
`cxmaturity_readers`), so an installed plugin package adds a format without an edit here: its
entry point names a class decorated with `@register_reader`. The built-in format modules in
`cxmaturity.ingest.formats` are imported on first lookup.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar

from cxmaturity import registries
from cxmaturity.errors import ConfigError
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.source import Source
from cxmaturity.model import Conversation, Rejected

__all__ = ["Reader", "Source", "available_formats", "get_reader", "readers", "register_reader"]


class Reader:
    """Base class for format readers. Readers keep no state: one instance is made per lookup."""

    name: ClassVar[str] = ""
    #: Suffixes that break ties between equally confident sniffs.
    suffixes: ClassVar[tuple[str, ...]] = ()
    #: True when the reader works on bytes (Parquet), not decoded text.
    binary: ClassVar[bool] = False

    def sniff(self, source: Source) -> float:
        """Confidence 0..1 that `source` is this format (`source.text` is empty for binary files)."""
        raise NotImplementedError

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        raise NotImplementedError


ReaderClass = TypeVar("ReaderClass", bound=type[Reader])


def register_reader(name: str) -> Callable[[ReaderClass], ReaderClass]:
    """Class decorator: make a reader available under `name` (`--format name`)."""

    def decorate(cls: ReaderClass) -> ReaderClass:
        cls.name = name
        registries.readers.register(name, func=cls)
        return cls

    return decorate


def _load_builtin_readers() -> None:
    # Importing the package registers every built-in reader; after the first call this is a
    # lookup in sys.modules, so no "loaded" flag is needed.
    importlib.import_module("cxmaturity.ingest.formats")


def _reader_class(name: str, registered: Any) -> type[Reader]:
    if not (isinstance(registered, type) and issubclass(registered, Reader)):
        raise ConfigError(
            f"reader {name!r} (entry-point group cxmaturity_readers) is not a Reader subclass: "
            f"{type(registered).__name__}"
        )
    return registered


def readers() -> dict[str, Reader]:
    """Every registered reader (built-in and from plugins), by format name."""
    _load_builtin_readers()
    registered = registries.readers.get_all()
    return {name: _reader_class(name, registered[name])() for name in sorted(registered)}


def get_reader(name: str) -> Reader:
    """The reader for `--format name`; KeyError naming the known formats otherwise."""
    _load_builtin_readers()
    if name not in registries.readers:
        raise KeyError(f"unknown format {name!r}; known formats: {', '.join(available_formats())}")
    return _reader_class(name, registries.readers.get(name))()


def available_formats() -> list[str]:
    """Names accepted by `--format` / `ingest.format`."""
    _load_builtin_readers()
    return sorted(registries.readers.get_all())
