"""IBANs, checksum-validated by presidio's recognizer; case-folded so ASR lowercase still matches."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import IbanRecognizer as PresidioIbanRecognizer

from cxmaturity.redact.recognizers import register_recognizer


@register_recognizer
class IbanRecognizer(PresidioIbanRecognizer):
    MIN_DIGITS = 2  # "IBAN Generic" has the two check digits after the country code: fewer, the turn is skipped

    def __init__(self) -> None:
        super().__init__(context=["iban", "bank", "account", "transfer", "sort"], name=type(self).__name__)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        if self.MIN_DIGITS and sum(map(str.isdigit, text)) < self.MIN_DIGITS:
            return []
        # Upper-casing keeps every offset; presidio's IBAN patterns expect capitals. presidio annotates both
        # optional arguments as required (`nlp_artifacts: NlpArtifacts = None`), hence the ignore.
        return super().analyze(text.upper(), entities, nlp_artifacts, regex_flags)  # type: ignore[arg-type]
