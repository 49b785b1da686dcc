"""Phone numbers (US, UK, international), written or spoken, scored to survive a 0.5 threshold.

presidio's own PhoneRecognizer scores every match 0.4, so a 0.5 threshold silently drops
all phone numbers. We score numbers that `phonenumbers` holds valid at 0.7 and numbers that
are only possible (right length, e.g. Ofcom drama ranges, ASR slips) at 0.45, which a
context word ("phone", "mobile", "number", ...) lifts over the threshold.
"""

from __future__ import annotations

import phonenumbers
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.spoken import view_of

VALID_SCORE = 0.7
POSSIBLE_SCORE = 0.45


@register_recognizer
class PhoneNumberRecognizer(LocalRecognizer):
    REGIONS = ("US", "GB")
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
        view = view_of(text)
        found: dict[tuple[int, int], float] = {}
        for region in self.REGIONS:
            matcher = phonenumbers.PhoneNumberMatcher(view.text, region, leniency=phonenumbers.Leniency.POSSIBLE)
            for match in matcher:
                digits = sum(ch.isdigit() for ch in match.raw_string)
                if digits < 10:  # seven-digit local numbers are too easily order numbers or amounts
                    continue
                score = VALID_SCORE if phonenumbers.is_valid_number(match.number) else POSSIBLE_SCORE
                span = view.to_original(match.start, match.end)
                found[span] = max(score, found.get(span, 0.0))
        return [
            RecognizerResult(
                "PHONE_NUMBER",
                start,
                end,
                score,
                analysis_explanation=AnalysisExplanation(type(self).__name__, score, "phonenumbers match"),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for (start, end), score in found.items()
        ]
