"""Phone numbers (US, UK, international), written or spoken, scored to survive a 0.5 threshold.

presidio's own PhoneRecognizer scores every match 0.4, so a 0.5 threshold silently drops
all phone numbers. We score numbers that `phonenumbers` holds valid at 0.7 and numbers that
are only possible (right length, e.g. Ofcom drama ranges, ASR slips) at 0.45, which a
context word ("phone", "mobile", "number", ...) lifts over the threshold.
"""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import SpokenViewReader, has_digits

VALID_SCORE = 0.7
POSSIBLE_SCORE = 0.45


@register_recognizer
class PhoneNumberRecognizer(SpokenViewReader, LocalRecognizer):
    REGIONS = ("US", "GB")
    # A match is kept with 10 digits, a "plus ..." run with 8: a turn with fewer, written or spoken, is skipped.
    MIN_DIGITS = 8
    CONTEXT = ["phone", "telephone", "mobile", "cell", "landline", "number", "call", "reach", "contact", "text"]

    def __init__(self) -> None:
        super().__init__(
            supported_entities=["PHONE_NUMBER"],
            supported_language="en",
            context=list(self.CONTEXT),
            name=type(self).__name__,
        )

    def load(self) -> None:
        """Nothing to load: `phonenumbers` carries its metadata."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        view = self.view(text)
        if self.MIN_DIGITS and not has_digits(view, self.MIN_DIGITS):
            return []
        found: dict[tuple[int, int], float] = {}
        for region in self.REGIONS:
            matcher = phonenumbers.PhoneNumberMatcher(view.text, region, leniency=phonenumbers.Leniency.POSSIBLE)
            for match in matcher:
                digits = sum(ch.isdigit() for ch in match.raw_string)
                if digits < 10:  # seven-digit local numbers are too easily order numbers or amounts
                    continue
                span = view.to_original(match.start, match.end)
                valid = phonenumbers.is_valid_number(match.number)
                introduced = _PHONE_INTRO.search(text[max(0, span[0] - 30) : span[0]]) is not None
                score = VALID_SCORE if valid or introduced else POSSIBLE_SCORE
                if _glued_to_token(text, *span) or _introduced_as_reference(text, span[0]):
                    continue
                found[span] = max(score, found.get(span, 0.0))
        for run in view.runs:
            spoken_plus = _SPOKEN_PLUS.search(text[: run.start])
            if spoken_plus is None or len(run.digits) < 8:
                continue
            try:
                number = phonenumbers.parse("+" + run.digits, None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_possible_number(number):
                # "plus" and a country code that fits the length: as good as a valid number.
                score = VALID_SCORE
                span = (spoken_plus.start(), run.end)
                found[span] = max(score, found.get(span, 0.0))
        return [
            RecognizerResult(
                "PHONE_NUMBER",
                start,
                end,
                score,
                analysis_explanation=AnalysisExplanation(type(self).__name__, score, "phonenumbers match"),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,  # the name __init__ gives presidio
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for (start, end), score in found.items()
        ]


# "call me on", "ring me back on", "my mobile is": words that say the next digits are a phone number. presidio's
# context words cannot: spaCy counts "call" as a stop word, and the context enhancer skips stop words.
_PHONE_INTRO = re.compile(
    r"\b(?:(?:call|ring|reach|text|phone|contact|get hold of|whatsapp)\s+(?:me|us|him|her|them)\s+(?:back\s+)?"
    r"(?:on|at)|(?:phone|mobile|cell|landline|contact|telephone)\s+(?:number\s+)?(?:is|'s|:)?)\s*$",
    re.IGNORECASE,
)
# "plus four nine three oh ...": the international prefix said as a word.
_SPOKEN_PLUS = re.compile(r"\bplus\s+$", re.IGNORECASE)
_REFERENCE_WORDS = {
    "account",
    "acct",
    "policy",
    "order",
    "claim",
    "reference",
    "ref",
    "member",
    "membership",
    "booking",
    "tracking",
    "case",
    "ticket",
    "complaint",
    "meter",
    "serial",
}


def _glued_to_token(text: str, start: int, end: int) -> bool:
    """Digits inside a longer code ("CL-2026-118804", "BW44120937") are not a phone number."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalpha() or after.isalnum():
        return True
    if before == "-" and start > 1 and text[start - 2].isalnum():
        return True
    return after == "-" and end + 1 < len(text) and text[end + 1].isalnum()


_REFERENCE_INTRO = re.compile(
    rf"\b(?:{'|'.join(sorted(_REFERENCE_WORDS))})\s*(?:number|no\.?|#)?\s*(?:is|was|:)?\s*(?-i:[A-Z]{{2,5}}\s*)?$",
    re.IGNORECASE,
)


def _introduced_as_reference(text: str, start: int) -> bool:
    """ "account 5510 3321 07", "policy number is ...": the words right before name the digits.

    "the number on the account should be ..." does not: there the digits follow other words.
    """
    return _REFERENCE_INTRO.search(text[max(0, start - 40) : start]) is not None
