"""Account, policy, order, member and similar reference numbers, only when the talk says so."""

from __future__ import annotations

from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer


@register_recognizer
class AccountNumberRecognizer(ViewPatternRecognizer):
    ENTITY = "ACCOUNT_NUMBER"
    PATTERNS = [
        # Five or more characters with at least four digits, letters allowed ("POL-448812", "AB123456").
        Pattern(
            "reference",
            r"(?<![\w$£€.-])(?=(?:[a-z-]*\d){4})[a-z]{0,4}-?\d[\d-]{3,17}[a-z]{0,2}(?![\w%])(?!\.\d)",
            0.2,
        ),
    ]
    CONTEXT = [
        "account", "acct", "policy", "order", "member", "membership", "reference", "ref", "booking",
        "claim", "customer", "tracking", "confirmation", "subscriber", "loyalty", "contract",
    ]

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = sum(ch.isdigit() for ch in pattern_text)
        if digits < 5 and not any(ch.isalpha() for ch in pattern_text):
            return False
        return None
