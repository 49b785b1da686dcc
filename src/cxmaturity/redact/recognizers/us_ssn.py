"""US Social Security numbers: "123-45-6789" on its own, nine bare or spoken digits with context."""

from __future__ import annotations

from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer


@register_recognizer
class UsSsnRecognizer(ViewPatternRecognizer):
    ENTITY = "US_SSN"
    PATTERNS = [
        Pattern("ssn grouped", r"(?<![\d-])\d{3}[- .]\d{2}[- .]\d{4}(?![\d-])", 0.6),
        Pattern("ssn nine digits", r"(?<!\d)\d{9}(?!\d)", 0.2),
    ]
    MIN_DIGITS = 9  # "ssn grouped" 3+2+4, "ssn nine digits" 9
    CONTEXT = ["ssn", "social", "socials", "security"]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Numbers the SSA never issues: area 000/666/9xx, group 00, serial 0000, one repeated digit."""
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        if len(digits) != 9 or len(set(digits)) == 1:
            return True
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        return area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000"
