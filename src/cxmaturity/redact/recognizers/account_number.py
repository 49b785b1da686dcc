"""Account, policy, order, claim, member and similar reference numbers, and UK sort codes.

Bare digits count only when the talk says so ("account", "policy", ...). A code with a letter
prefix joined by dashes ("HM-POL-7781-2290", "CL-2026-118804", "BW-44120937") is a reference
whatever the talk, and is redacted whole: the prefix too, so no other recognizer can cut it up.
Letters read out before the digits ("h m t r v four four one ...") belong to the number.
"""

from __future__ import annotations

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer
from cxmaturity.redact.spoken import spelled_prefix_start

CONTEXT_WORDS = [
    "account",
    "acct",
    "policy",
    "order",
    "member",
    "membership",
    "reference",
    "ref",
    "booking",
    "claim",
    "customer",
    "tracking",
    "confirmation",
    "subscriber",
    "loyalty",
    "contract",
    "sort",
    "case",
    "ticket",
    "complaint",
    "escalation",
]


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
        # Letter codes joined to digits by dashes: a reference on its own.
        Pattern(
            "prefixed reference",
            r"(?<![\w-])(?=(?:[a-z-]*\d){4})(?:[a-z]{1,6}-){1,3}\d[\d-]{2,20}(?:-?[a-z]{1,3})?(?![\w-])",
            0.6,
        ),
        # An upper-case code then grouped digits ("TRK 6633 0192 5521"): needs context.
        Pattern(
            "coded reference",
            r"(?<![\w-])(?-i:[A-Z]{2,5})\s(?=(?:[\d ]*\d){4})\d{2,8}(?:\s\d{2,8}){0,4}(?![\w-])",
            0.3,
        ),
        # UK sort code "40-47-84" / "20 00 00": with "sort code" context.
        Pattern("sort code", r"(?<![\d-])\d{2}[- ]\d{2}[- ]\d{2}(?![\d-])", 0.2),
    ]
    CONTEXT = CONTEXT_WORDS
    MIN_DIGITS = 4  # every pattern looks ahead for four digits ("reference", "coded reference"), a sort code has six

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = sum(ch.isdigit() for ch in pattern_text)
        if digits < 4:
            return False
        if digits < 5 and not any(ch.isalpha() for ch in pattern_text):
            return False
        return None

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            result.start = spelled_prefix_start(text, result.start)
        return results
