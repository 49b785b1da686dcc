"""Card expiry dates ("09/27", "oh nine twenty seven", "september twenty seven") near expiry talk."""

from __future__ import annotations

from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


@register_recognizer
class CardExpiryRecognizer(ViewPatternRecognizer):
    ENTITY = "CARD_EXPIRY"
    PATTERNS = [
        Pattern("mm/yy", r"(?<![\d/])(?:0?[1-9]|1[0-2])\s?/\s?(?:20)?\d{2}(?![\d/])", 0.45),
        # The spoken view collapses "oh nine twenty seven" to "0927".
        Pattern("mmyy spoken", r"(?<!\d)(?:0[1-9]|1[0-2])(?:20)?[2-4]\d(?!\d)", 0.25),
        Pattern("month year", rf"\b{_MONTHS}\s+(?:of\s+)?(?:20)?[2-4]\d(?!\d)", 0.25),
    ]
    MIN_DIGITS = 2  # "month year" needs the two year digits; the numeric forms need more
    CONTEXT = ["expiry", "expires", "expire", "expiration", "exp", "valid", "thru", "end"]
