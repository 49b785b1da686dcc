"""Street addresses: house number, street name, street type, optional flat/unit, spoken or written."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer

_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|boulevard|blvd|place|pl|crescent|"
    r"terrace|grove|gardens|parkway|pkwy|circle|cir|square|sq|mews|row|highway|hwy|trail|walk|hill|view"
)
_NAME_WORD = r"[a-z][a-z'’-]+"
# Words that cannot be part of a street name: "3 days on the road", "2 times this way".
_NOT_NAMES = {
    "the",
    "a",
    "an",
    "on",
    "in",
    "at",
    "of",
    "to",
    "my",
    "your",
    "our",
    "this",
    "that",
    "other",
    "same",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "times",
    "time",
    "hours",
    "hour",
    "minutes",
    "minute",
    "people",
    "items",
    "things",
    "ways",
    "and",
    "or",
    "but",
    "for",
    "is",
    "was",
    "different",
    "whole",
    "wrong",
    "right",
    "long",
    "short",
    "easy",
    "hard",
    "one",
    "cards",
    "accounts",
    "orders",
    "calls",
    "pounds",
    "dollars",
    "bucks",
    "quid",
    "percent",
    "miles",
    "more",
    "less",
    "by",
}


@register_recognizer
class StreetAddressRecognizer(ViewPatternRecognizer):
    ENTITY = "ADDRESS"
    PATTERNS = [
        Pattern(
            "street address",
            rf"(?:\b(?:flat|apartment|apt|unit|suite)\s+\d+[a-z]?,?\s+)?"
            rf"(?<![\d.,$£€])\b\d{{1,5}}[a-z]?,?\s+(?:{_NAME_WORD}\s+){{1,3}}(?:{_STREET_TYPES})\b\.?"
            rf"(?:,?\s+(?:flat|apartment|apt|unit|suite)\s+\d+[a-z]?)?",
            0.6,
        )
    ]
    MIN_DIGITS = 1  # "street address" starts with a house number
    CONTEXT = ["address", "live", "street", "road", "moved", "deliver", "delivery", "ship"]

    def validate_result(self, pattern_text: str) -> bool | None:
        words = re.findall(r"[a-z'’-]+", pattern_text.lower())
        name_words = words[:-1]
        if not name_words or any(
            word in _NOT_NAMES for word in name_words if word not in ("flat", "apartment", "apt", "unit", "suite")
        ):
            return False
        return None
