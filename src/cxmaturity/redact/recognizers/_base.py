"""Shared machinery: recognizers that also see spoken numbers.

`ViewPatternRecognizer` runs presidio patterns over the original text *and* over the
spoken-number view (`spoken.view_of`), mapping view matches back to the original
characters. Subclasses only declare patterns, context words and (optionally) validation.

`SpokenViewReader` is how any recognizer gets a turn's view: alone it computes the view, and a
`Redactor` hands it the batch's `SpokenViews`, so the recognizers share one view per turn and
nothing keeps one after the batch.
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cxmaturity.redact.spoken import SpokenView, ViewOf, view_of


class SpokenViewReader:
    """A recognizer that reads turns' spoken-number views, through the views its redactor shares."""

    _views: ViewOf | None = None

    def share_views(self, views: ViewOf) -> None:
        """Read views through `views` (a redaction batch's `SpokenViews`) from now on."""
        self._views = views

    def view(self, text: str) -> SpokenView:
        return view_of(text) if self._views is None else self._views(text)


class ViewPatternRecognizer(SpokenViewReader, PatternRecognizer):
    """A presidio `PatternRecognizer` whose patterns also match the spoken-digit view."""

    ENTITY: str = ""
    PATTERNS: list[Pattern] = []
    CONTEXT: list[str] = []
    # Run patterns over the original text too (formats the view collapses, like "123-45-6789").
    MATCH_ORIGINAL: bool = True
    # Fewest digits any one match of the patterns needs (lookaheads included): a turn with fewer digits,
    # written or spoken, is skipped unread, as most turns say no number at all. 0 (the default) reads every turn.
    MIN_DIGITS: int = 0

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            supported_language="en",
            name=type(self).__name__,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        view = self.view(text)
        if self.MIN_DIGITS and not has_digits(view, self.MIN_DIGITS):
            return results
        if self.MATCH_ORIGINAL:
            results.extend(super().analyze(text, entities, nlp_artifacts, regex_flags) or [])
        if view.changed:
            for result in super().analyze(view.text, entities, None, regex_flags) or []:
                result.start, result.end = view.to_original(result.start, result.end)
                results.append(result)
        return self.remove_duplicates(results)


def has_digits(view: SpokenView, least: int) -> bool:
    """At least `least` digits in the turn as written or in its spoken-number view.

    Why it is a safe skip: a pattern's `\\d` matches only characters `str.isdigit` counts, and one match
    lies inside one of the two strings, so a match holding `least` digits needs that many in one of them.
    """
    return view.digit_count >= least
