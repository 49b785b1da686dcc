"""Cleaning single source values: turn text, metadata-sized fields, audio file names."""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import unquote, urlparse


def clean_text(value: Any) -> str:
    """Text of a turn: whitespace collapsed; None/NaN -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ".join(str(value).split())


def small(value: Any, limit: int = 200) -> bool:
    """Whether a source field is small enough to keep in metadata."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return not isinstance(value, str) or len(value) <= limit
    try:
        return len(json.dumps(value, default=str)) <= limit
    except (TypeError, ValueError):
        return False


def audio_file_name(value: Any) -> str | None:
    """The audio file's name from a URL or path; the query string (and any access token in it) is dropped."""
    if not isinstance(value, str) or not value.strip() or value.strip() == "...":
        return None
    path = urlparse(value.strip()).path or value.strip()
    name = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    return name[:200] or None


def as_dict(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one: optional sub-objects read without a check at each use."""
    return value if isinstance(value, dict) else {}
