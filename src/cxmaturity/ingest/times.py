"""Times in exports: offsets in seconds (numbers, numeric strings, clocks) and ISO 8601 timestamps."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")


def to_seconds(value: Any, *, millis: bool = False) -> float | None:
    """Seconds from a number, numeric string ('4.87'), or clock ('00:01:02.500', '01:02')."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        clock = _CLOCK.match(text)
        if clock:
            hours, minutes, seconds = clock.groups()
            return round(int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", ".")), 3)
        try:
            number = float(text.rstrip("sS"))
        except ValueError:
            return None
    if math.isnan(number) or math.isinf(number):
        return None
    return round(number / 1000.0 if millis else number, 3)


def to_iso(value: Any) -> str | None:
    """ISO 8601 (UTC 'Z' when the source gives a zone or epoch) from common timestamp forms."""
    if value is None or isinstance(value, bool):
        return None
    if hasattr(value, "isoformat") and not isinstance(value, str):  # datetime / pandas Timestamp
        dt = value if isinstance(value, datetime) else value.to_pydatetime()
        return _iso(dt)
    if isinstance(value, (int, float)):
        if math.isnan(value):
            return None
        seconds = value / 1000.0 if value > 1e11 else float(value)
        return _iso(datetime.fromtimestamp(seconds, tz=UTC))
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return to_iso(float(text))
    candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2})?", candidate):
        candidate = candidate.replace(" ", "T", 1)
    try:
        return _iso(datetime.fromisoformat(candidate))
    except ValueError:
        pass
    for fmt in (
        "%d/%m/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%m/%d/%Y %H:%M",
        "%d %b %Y %H:%M:%S",
        "%d %B %Y %H:%M",
        "%a, %d %b %Y %H:%M:%S %z",
        "%Y/%m/%d %H:%M:%S",
    ):
        try:
            return _iso(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


def _iso(dt: datetime) -> str:
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
        return dt.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    return dt.isoformat(timespec="seconds")
