"""UK National Insurance numbers ("AB 12 34 56 C"), written or spelled out with spoken digits."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer
from cxmaturity.redact.spoken import view_of

_INVALID_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


@register_recognizer
class UkNinoRecognizer(ViewPatternRecognizer):
    ENTITY = "UK_NINO"
    PATTERNS = [
        Pattern("nino compact", r"\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b", 0.6),
        # Spelled letters ("a b one two ..."): too loose to trust without context.
        Pattern("nino spelled", r"(?<![\w'’])[a-z]\s[a-z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b", 0.3),
    ]
    MIN_DIGITS = 6  # both patterns hold three pairs of digits
    CONTEXT = ["national", "insurance", "ni", "nino", "nin"]

    # A prefix HMRC never issues ("QQ 12 34 56 C" is its own specimen) is still read out as an NI
    # number by callers and misheard by ASR: it scores this much, so only NI talk keeps it.
    UNISSUED_PREFIX_SCORE = 0.2

    def invalidate_result(self, pattern_text: str) -> bool:
        letters = re.sub(r"[^a-z]", "", pattern_text.lower())
        return len(letters) != 3

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            if not issued_prefix(view_of(text[result.start : result.end]).text):
                result.score = min(result.score, self.UNISSUED_PREFIX_SCORE)
        return results


def issued_prefix(nino: str) -> bool:
    """HMRC's rules: no D/F/I/Q/U/V first, no D/F/I/O/Q/U/V second, no reserved prefixes."""
    letters = re.sub(r"[^a-z]", "", nino.lower()).upper()
    if len(letters) != 3:
        return False
    first, second = letters[0], letters[1]
    return not (first in "DFIQUV" or second in "DFIOQUV" or letters[:2] in _INVALID_PREFIXES)
