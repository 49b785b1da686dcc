"""UK postcodes spelled out in speech: "s o fourteen three e n", "d e twenty two three k p".

The spoken-digit view cannot see these: "o" is both a letter and zero ("s o fourteen" is SO14),
and numbers said as "twenty two three" split where the postcode does not. We read the turn as
tokens (single letters, number words, digits), try each letter/zero reading of "o"/"oh", and
accept a run of tokens that starts with a spelled letter and spells a whole postcode: one or
two letters, a district number, then a digit and two letters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import SpokenViewReader
from cxmaturity.redact.spoken import number_tokens

SPELLED_SCORE = 0.6
_POSTCODE = re.compile(r"[a-z]{1,2}\d[a-z\d]?\d[a-z]{2}")
_MAX_TOKENS = 9


@register_recognizer
class SpokenPostcodeRecognizer(SpokenViewReader, LocalRecognizer):
    # A postcode reads two digits, each from a number token ("o"/"oh" included): a turn with fewer is skipped.
    MIN_DIGITS = 2

    def __init__(self) -> None:
        super().__init__(
            supported_entities=["POSTCODE"],
            supported_language="en",
            context=["postcode", "post", "postal", "address"],
            name=type(self).__name__,
        )

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        tokens = self.view(text).tokens  # the batch's shared view holds them: no second tokenising
        if self.MIN_DIGITS and sum(len(digits) for _start, _end, digits, _weak in tokens) < self.MIN_DIGITS:
            return []
        readings = _token_readings(text, tokens)
        results: list[RecognizerResult] = []
        index = 0
        while index < len(readings):
            start, _end, options = readings[index]
            if not any(option.isalpha() for option in options):
                index += 1
                continue
            last = _longest_postcode(readings, index)
            if last is None:
                index += 1
                continue
            results.append(self._result(start, readings[last][1]))
            index = last + 1
        return results

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(
            "POSTCODE",
            start,
            end,
            SPELLED_SCORE,
            analysis_explanation=AnalysisExplanation(type(self).__name__, SPELLED_SCORE, "spelled postcode"),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,  # the name __init__ gives presidio
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


def _token_readings(
    text: str, tokens: Sequence[tuple[int, int, str, bool]] | None = None
) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, readings) per token; a token that cannot be part of a spelled postcode reads ().

    `tokens` is `number_tokens(text)` when the caller has it (from the turn's spoken view).
    """
    out: list[tuple[int, int, tuple[str, ...]]] = []
    for start, end, digits, _weak in number_tokens(text) if tokens is None else tokens:
        word = text[start:end].lower()
        if word in ("o", "oh") and (start == 0 or text[start - 1].isspace()):
            out.append((start, end, ("o", "0")))
        elif digits:
            out.append((start, end, (digits,)))
        elif len(word) == 1 and word.isalpha() and (start == 0 or text[start - 1].isspace()):
            out.append((start, end, (word,)))
        elif word.strip():
            out.append((start, end, ()))
    return out


def _longest_postcode(readings: list[tuple[int, int, tuple[str, ...]]], first: int) -> int | None:
    """Index of the last token of the longest postcode spelled from token `first`, or None."""
    best: int | None = None
    prefixes: set[str] = {""}
    for index in range(first, min(len(readings), first + _MAX_TOKENS)):
        options = readings[index][2]
        if not options:
            break
        prefixes = {prefix + option for prefix in prefixes for option in options if len(prefix + option) <= 7}
        if not prefixes:
            break
        if index == first:
            prefixes = {prefix for prefix in prefixes if prefix.isalpha()}
        if index > first and any(_POSTCODE.fullmatch(prefix) for prefix in prefixes):
            best = index
    return best
