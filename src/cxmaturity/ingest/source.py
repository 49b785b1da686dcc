"""One input file as the readers see it, with its JSON parsed at most once.

Sniffers (every reader's, during detection) and the chosen reader all need the parsed JSON of
a file. It is parsed on first use and kept on the `Source`, so it lives exactly as long as the
file is being read. A module-level cache would instead keep raw, unredacted transcripts alive
for the whole process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class JsonParse:
    """A whole-file JSON parse: the value, or a file-level problem (never quoting content)."""

    value: Any = None
    error: str | None = None


def parse_json_text(text: str) -> JsonParse:
    """Parse a whole-file JSON document; errors become a one-line description, not an exception."""
    try:
        return JsonParse(value=json.loads(text))
    except json.JSONDecodeError as exc:
        return JsonParse(error=describe_json_error(text, exc))
    except RecursionError:
        return JsonParse(error="invalid JSON (nested too deeply)")


def describe_json_error(text: str, exc: json.JSONDecodeError) -> str:
    """'truncated JSON (unexpected end at line 12)' or 'invalid JSON (... at line 3, column 5)'."""
    content_end = len(text.rstrip())
    if exc.pos >= content_end or exc.msg.startswith("Unterminated string"):
        line = text.count("\n", 0, content_end) + 1
        return f"truncated JSON (unexpected end at line {line})"
    return f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"


@dataclass(frozen=True)
class Source:
    """One input file, read once: raw bytes, decoded text (empty for binary formats).

    Frozen: readers share it and must not change it. `parsed_json` is a `cached_property`, which
    stores its value in the instance `__dict__` and so works on a frozen dataclass.
    """

    path: Path
    name: str  # how messages and `source_file` name the file (as the user gave it)
    data: bytes
    text: str
    encoding: str | None

    @cached_property
    def parsed_json(self) -> JsonParse:
        """The whole text parsed as one JSON document, on first use; shared by sniffers and the reader."""
        return parse_json_text(self.text)
