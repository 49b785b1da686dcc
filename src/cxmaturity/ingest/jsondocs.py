"""JSON exports: cheap shape checks for sniffers, and the documents of a file for readers.

Everything here works from a `Source`, whose `parsed_json` is computed once per file, so
detection and reading share one parse.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from cxmaturity.ingest.errors import IngestError, SchemaError
from cxmaturity.ingest.source import Source
from cxmaturity.model import Conversation, Rejected


def looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def first_json_line_is_object(text: str) -> bool:
    """JSON Lines: the first non-blank line is a complete JSON object on its own."""
    for line in text.splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line), dict)
            except (json.JSONDecodeError, RecursionError):
                return False
    return False


def json_shape(source: Source) -> dict[str, Any] | None:
    """The first JSON object of a document, array or JSON Lines file; None if unparseable.

    Sniffers look at structure when they can and fall back to `json_head_has` for
    truncated files (so the right reader reports the truncation).
    """
    text = source.text
    if not looks_like_json(text):
        return None
    parsed = source.parsed_json
    if parsed.error is None:
        value = parsed.value
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, dict)), None)
        return value if isinstance(value, dict) else None
    for line in text.splitlines():
        if line.strip():
            try:
                value = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                return None
            return value if isinstance(value, dict) else None
    return None


def json_head_has(text: str, *keys: str, head: int = 20000) -> bool:
    """Cheap check that every key appears quoted in the first `head` characters."""
    part = text[:head]
    return all(f'"{key}"' in part for key in keys)


def parsed_document(source: Source) -> Any:
    """The file's JSON value; IngestError (invalid or truncated JSON) when it does not parse."""
    parsed = source.parsed_json
    if parsed.error:
        raise IngestError(source.name, parsed.error)
    return parsed.value


def json_documents(
    source: Source, problem_of: Callable[[Any], str | None]
) -> Iterator[tuple[dict[str, Any], int | None] | Rejected]:
    """Each document of a file holding one vendor JSON object or an array of them.

    `problem_of(document)` names what breaks the format's schema ("deepgram: missing 'results'
    object"). A lone document with a problem fails the file (IngestError); in an array, that
    record is rejected and the others are read. Yields (document, record number or None); a
    document without a problem is a JSON object, so `problem_of` must refuse anything else.
    """
    value = parsed_document(source)
    documents = value if isinstance(value, list) else [value]
    several = len(documents) > 1
    for index, document in enumerate(documents, start=1):
        problem = problem_of(document)
        if problem is not None:
            if not several:
                raise IngestError(source.name, problem)
            yield Rejected(source.name, problem, location=f"record {index}")
            continue
        yield document, index if several else None


def json_records(
    source: Source, convert: Callable[[Any, int | None], Conversation]
) -> Iterator[Conversation | Rejected]:
    """Conversations of a file holding one JSON document or an array of them (each one a record).

    `convert(document, record number or None)` raises SchemaError for a record that breaks the
    format: a lone document fails the file (IngestError), a record of an array is rejected and the
    others are read.
    """
    value = parsed_document(source)
    many = isinstance(value, list)
    documents = value if many else [value]
    for index, document in enumerate(documents, start=1):
        try:
            yield convert(document, index if many else None)
        except SchemaError as exc:
            if not many:
                raise IngestError(source.name, str(exc)) from None
            yield Rejected(source.name, str(exc), location=f"record {index}")
