"""Turning evidence values into the short strings a reader sees; missing values become "n/a".

One place for number, confidence and label formatting so every section of the report reads
the same way and a missing or odd value never raises.
"""

from __future__ import annotations

import math
from typing import Any

from cxmaturity.maturity.engine import confidence_label

NA = "n/a"

STATUS_LABELS = {
    "evidenced": "Evidenced",
    "partial": "Partial",
    "not_evidenced": "Not evidenced",
    "not_observable": "Not observable",
    "error": "Error",
}
VERDICT_LABELS = {
    "overclaimed": "Overclaimed",
    "supported": "Supported",
    "underclaimed": "Underclaimed",
    "unverifiable": "Unverifiable",
    "not_observable": "Not observable",
}
OBSERVABILITY_LABELS = {
    "direct": "Direct: seen in transcripts",
    "proxy": "Proxy: inferred from transcript signals",
    "none": "None: not visible in transcripts",
}


def as_dict(value: Any) -> dict[str, Any]:
    """A JSON object, or {} for anything else (evidence.json may be thin or odd)."""
    return value if isinstance(value, dict) else {}


def as_dicts(value: Any) -> list[dict[str, Any]]:
    """The objects of a JSON list, or [] for anything else."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def as_int(value: Any) -> int | None:
    number = as_float(value)
    return int(round(number)) if number is not None else None


def is_number(value: Any) -> bool:
    """A real, finite number (bools and NaN excluded)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def as_float(value: Any) -> float | None:
    if is_number(value):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def fmt_number(value: Any, digits: int = 2) -> str:
    """Integers as integers, floats rounded; anything else as text; None as n/a."""
    if value is None:
        return NA
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return NA
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.{digits}f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt_number(v, digits) for v in value) or NA
    if isinstance(value, dict):
        return fmt_threshold(value)
    text = str(value).strip()
    return text or NA


def fmt_confidence(value: Any) -> str:
    """Confidence 0..1 (or 0..100) as a percentage with a plain-word band."""
    number = as_float(value)
    if number is None:
        return NA
    if number > 1.0:
        number = number / 100.0
    number = min(max(number, 0.0), 1.0)
    return f"{number:.0%} ({confidence_label(number)})"  # the engine's own bands


def fmt_threshold(value: Any) -> str:
    """Thresholds come as numbers, strings like ">= 0.5", or dicts like {"min": 0.5}."""
    if value is None:
        return NA
    if isinstance(value, dict):
        symbols = {
            "min": "≥",
            "gte": "≥",
            "ge": "≥",
            "max": "≤",
            "lte": "≤",
            "le": "≤",
            "gt": ">",
            "lt": "<",
            "eq": "=",
            "equals": "=",
        }
        if "op" in value and "value" in value:
            return f"{value['op']} {fmt_number(value['value'])}"
        parts = [f"{symbols.get(str(key), str(key))} {fmt_number(val)}" for key, val in value.items()]
        return ", ".join(parts) or NA
    if is_number(value):
        return f"≥ {fmt_number(value)}"
    return fmt_number(value)


def humanize(identifier: Any) -> str:
    """`quality_assurance` -> `Quality assurance` for ids that come without a display name."""
    if identifier is None:
        return NA
    text = str(identifier).replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else NA


def status_key(value: Any) -> str:
    """A known status, or "unknown" (which renders as n/a)."""
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_") if value is not None else ""
    return text if text in STATUS_LABELS else "unknown"


def verdict_key(value: Any) -> str:
    text = str(value).strip().lower() if value is not None else ""
    return text if text in VERDICT_LABELS else "unknown"
