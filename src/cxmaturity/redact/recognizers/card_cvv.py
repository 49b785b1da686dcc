"""Card security codes (CVV/CVC): three or four digits, only when the talk is of a card code."""

from __future__ import annotations

from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer


@register_recognizer
class CardSecurityCodeRecognizer(ViewPatternRecognizer):
    ENTITY = "CARD_CVV"
    # Weak alone (0.2 stays under any sane threshold); a context word lifts it to 0.55.
    # Not an amount ("389 pounds", "186 pounds 40") or a quantity ("500 minutes").
    PATTERNS = [
        Pattern(
            "three or four digits",
            r"(?<![\d/.:$£€])\d{3,4}(?![\d/:%])(?!\.\d)"
            r"(?!\s*(?:pounds?|quid|pence|p\b|dollars?|bucks|cents?|euros?|gbp|usd|eur|percent|per\s?cent|minutes?|"
            r"mins?|hours?|days?|months?|years?|gigs?|gb|mb|calories|miles?|km|kwh|units?|points?|pounds?))",
            0.2,
        )
    ]
    MIN_DIGITS = 3  # "three or four digits"
    CONTEXT = ["cvv", "cvc", "cv2", "cvv2", "csc", "security", "verification"]
