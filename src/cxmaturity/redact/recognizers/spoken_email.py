"""Email addresses dictated aloud: "john dot smith at gmail dot com", "j smith eighty five at hotmail".

ASR writes the address as words. We anchor on " at <domain> dot <suffix>" (or a well-known
mail provider on its own, "at gmail") and walk back over the local part: words joined by
"dot"/"underscore"/"dash", spelled letters and numbers, stopping at the cue words that
introduce an address ("my email is ...").
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cxmaturity.redact.recognizers import register_recognizer

_JOIN = r"(?:dot|period|point|underscore|dash|hyphen|[._-])"
_SUFFIX = r"(?:com|co|uk|org|net|edu|gov|io|ie|us|ca|au|info|biz|me|de|fr)"
PROVIDERS = (
    "gmail|googlemail|hotmail|yahoo|outlook|icloud|aol|live|msn|btinternet|protonmail|proton|"
    "comcast|verizon|sky|virginmedia|ntlworld|talktalk|mac|me"
)
_DOMAIN = re.compile(
    rf"\s+(?:at|at sign|@)\s+"
    rf"(?:[a-z0-9-]+(?:\s*{_JOIN}\s*[a-z0-9-]+)*\s*(?:dot|\.)\s*{_SUFFIX}(?:\s*(?:dot|\.)\s*{_SUFFIX})?"
    rf"|(?:{PROVIDERS})(?:\s+(?:dot|\.)\s*{_SUFFIX}(?:\s*(?:dot|\.)\s*{_SUFFIX})?)?)\b",
    re.IGNORECASE,
)
# "it's" is one token: split at the apostrophe, its "s" would pass for a spelled letter.
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[._-]", re.IGNORECASE)
_JOINERS = {"dot", "period", "point", "underscore", "dash", "hyphen", ".", "_", "-"}
# Words that end the local part when walking back from " at ".
_STOP = {
    "is",
    "its",
    "it's",
    "it’s",
    "it",
    "email",
    "e-mail",
    "mail",
    "address",
    "my",
    "the",
    "was",
    "me",
    "to",
    "on",
    "yeah",
    "yes",
    "sure",
    "um",
    "uh",
    "so",
    "and",
    "that's",
    "thats",
    "send",
    "use",
    "try",
    "under",
    "of",
    "er",
    "erm",
    "okay",
    "ok",
    "still",
    "new",
    "old",
    "a",
    "an",
    "or",
    "be",
    "should",
    "would",
    "i",
    "i'm",
    "that",
    "this",
    "there",
    "at",
    "with",
    "from",
    "for",
    "by",
    "then",
    "please",
    "personal",
    "work",
}
_NUMBER_WORDS = {
    "zero",
    "oh",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "double",
    "triple",
}
MAX_BARE_WORDS = 2


@register_recognizer
class SpokenEmailRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(
            supported_entities=["EMAIL_ADDRESS"],
            supported_language="en",
            context=["email", "e-mail", "mail"],
            name=type(self).__name__,
        )

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if " at " not in text.lower():
            return []
        results = []
        for match in _DOMAIN.finditer(text):
            start = self._local_part_start(text, match.start())
            if start is None:
                continue
            score = 0.85 if re.search(r"(dot|\.)\s*" + _SUFFIX + r"\b", match.group(), re.I) else 0.7
            results.append(
                RecognizerResult(
                    "EMAIL_ADDRESS",
                    start,
                    match.end(),
                    score,
                    analysis_explanation=AnalysisExplanation(type(self).__name__, score, "spoken email"),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,  # the name __init__ gives presidio
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results

    @staticmethod
    def _local_part_start(text: str, at_index: int) -> int | None:
        """Where the local part before " at " begins, or None when there is none."""
        tokens = list(_WORD.finditer(text[:at_index]))
        start = None
        bare_run = 0  # words in a row with no joiner between them
        previous_was_joiner = True
        for token in reversed(tokens):
            word = token.group().lower()
            if start is not None and text[token.end() : start].strip() not in ("", "'"):
                break  # punctuation such as "," or "?" ends the address
            if word in _JOINERS:
                if start is None:
                    break
                previous_was_joiner = True
                start = token.start()
                continue
            if word in _STOP:
                break
            if not previous_was_joiner:
                bare_run += 0 if word in _NUMBER_WORDS or len(word) == 1 else 1
                if bare_run >= MAX_BARE_WORDS:
                    break
            previous_was_joiner = False
            start = token.start()
        if start is not None and text[start:at_index].strip().lower() in _JOINERS:
            return None
        return start
