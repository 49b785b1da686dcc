"""Dates of birth: any date form, but only where the talk is about birth ("date of birth", "born").

A date alone is not a date of birth ("I called yesterday", "it arrived on the 3rd"), so
patterns score 0.2 and need a birth context word (in the turn or the turns just before it).
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL = (
    r"(?:(?:20|30)\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|thirtieth"
)
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL})"
_YEAR = r"(?:(?:19|20)\d{2}|'?\d{2})"


@register_recognizer
class DateOfBirthRecognizer(ViewPatternRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = [
        Pattern("numeric date", r"(?<![\d/])\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:19|20)?\d{2}(?![\d/])", 0.2),
        # Spoken "oh five oh three nineteen eighty five" collapses to "05031985".
        Pattern(
            "compact date", r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2]|[12]\d|3[01])(?:19|20)\d{2}(?!\d)", 0.2
        ),
        Pattern("day month year", rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", 0.2),
        Pattern("month day year", rf"\b{_MONTH}\s+(?:the\s+)?{_DAY},?\s+{_YEAR}\b", 0.2),
    ]
    MIN_DIGITS = 2  # a spelled day ("the third of may") still needs the year's two digits
    CONTEXT = ["birth", "born", "dob", "birthday", "d.o.b", "d.o.b."]

    def invalidate_result(self, pattern_text: str) -> bool:
        """A numeric date whose day or month is impossible ("40-47-84" is a sort code)."""
        parts = re.split(r"\s?[/.-]\s?", pattern_text.strip())
        if len(parts) != 3 or not all(part.isdigit() for part in parts):
            return False
        first, second = int(parts[0]), int(parts[1])
        day_month = 1 <= first <= 31 and 1 <= second <= 12
        month_day = 1 <= first <= 12 and 1 <= second <= 31
        return not (day_month or month_day)
