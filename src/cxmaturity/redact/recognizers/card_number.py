"""Payment card numbers, written or spoken, accepted only when the Luhn checksum holds."""

from __future__ import annotations

from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer


def luhn_valid(digits: str) -> bool:
    """True when `digits` (13-19 of them) pass the Luhn checksum card numbers carry."""
    if not digits.isdigit() or not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


@register_recognizer
class CardNumberRecognizer(ViewPatternRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS = [
        # Grouped written form ("4111 1111 1111 1111", "4111-1111-1111-1111").
        Pattern("card grouped", r"(?<![\d-])\d{4}(?:[ -]\d{4}){2}[ -]\d{1,7}(?![\d-])", 0.3),
        Pattern("card compact", r"(?<!\d)\d{13,19}(?!\d)", 0.3),
    ]
    MIN_DIGITS = 13  # "card compact" is 13-19 digits, "card grouped" 4+4+4+1 at least
    CONTEXT = ["card", "credit", "debit", "visa", "mastercard", "amex", "long", "number"]

    def validate_result(self, pattern_text: str) -> bool:
        """Luhn decides: a valid checksum raises the score to 1.0, a failing one drops the match."""
        return luhn_valid("".join(ch for ch in pattern_text if ch.isdigit()))
