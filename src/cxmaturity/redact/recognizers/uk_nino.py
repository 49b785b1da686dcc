"""UK National Insurance numbers ("AB 12 34 56 C"), written or spelled out with spoken digits."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer

_INVALID_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


@register_recognizer
class UkNinoRecognizer(ViewPatternRecognizer):
    ENTITY = "UK_NINO"
    PATTERNS = [
        Pattern("nino compact", r"\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b", 0.6),
        # Spelled letters ("a b one two ..."): too loose to trust without context.
        Pattern("nino spelled", r"\b[a-z]\s[a-z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b", 0.3),
    ]
    CONTEXT = ["national", "insurance", "ni", "nino", "nin"]

    def invalidate_result(self, pattern_text: str) -> bool:
        """HMRC's rules: no D/F/I/Q/U/V first, no D/F/I/O/Q/U/V second, no reserved prefixes."""
        letters = re.sub(r"[^a-z]", "", pattern_text.lower()).upper()
        if len(letters) != 3:
            return True
        first, second = letters[0], letters[1]
        return first in "DFIQUV" or second in "DFIOQUV" or letters[:2] in _INVALID_PREFIXES
