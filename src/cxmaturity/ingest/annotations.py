"""What an export already carried: one vocabulary, one field-name table, one redaction marker.

Analytics that run upstream of us (QA scorecards, sentiment, categories, summaries, survey
scores, predictions, PII masking) show up as fields in the export. They are the evidence
behind the AI-maturity foundation rule and several other criteria, so every reader maps
them the same way, here:

- `ANNOTATIONS` is the closed vocabulary. `maturity/schema.py` checks the evidence rules
  against it, so a rule naming a synonym no reader emits fails at load time.
- `annotation_for_field` maps any field name (a canonical `metadata` key in any spelling, a
  CSV column, a text header key, a path into nested metadata) to one vocabulary entry.
- `SourceAnnotations` collects what one conversation carried and from which field, so the
  evidence pack can say "export carries qa_score (metadata.QA Score)".
- `has_redaction_marker` is the single test for "this text was masked at source"; ingest and
  redact both use it.

A bare `score` is deliberately not an annotation: a "CSAT Score" is a survey answer, a
"Churn Score" a prediction, and neither is a QA evaluation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# name -> what it means (shown in docs and error messages).
ANNOTATIONS: dict[str, str] = {
    "qa_score": "a quality evaluation: QA score, scorecard or evaluation result",
    "sentiment": "sentiment labels or scores",
    "categories": "categories, topics, tags or a detected contact reason",
    "issues": "issues or outcomes detected by analytics",
    "summary": "an automatic summary of the conversation",
    "csat": "a customer-satisfaction survey answer",
    "nps": "a Net Promoter Score answer",
    "ces": "a customer-effort score",
    "predicted_csat": "a predicted (survey-free) CSAT",
    "churn_risk": "a churn risk or propensity prediction",
    "agent_assist": "agent-assist suggestions or next-best actions",
    "redaction": "personal data masked at source",
    "disposition": "a wrap-up or disposition code set by the agent (not analytics)",
}

# Ordered rules over the words of a field's path; the first that matches wins. Order matters:
# "predicted csat" is a prediction before it is a CSAT, "csat score" a CSAT before a score.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("redaction", r"\bredact\w*|\bpii\b|\bmasked\b"),
        (
            "predicted_csat",
            r"\b(?:predict\w*|pred|estimated|expected|pcsat)\b.*\b(?:csat|satisfaction)\b"
            r"|\b(?:csat|satisfaction)\b.*\b(?:predict\w*|pred|estimated|expected)\b|\bpcsat\b",
        ),
        ("churn_risk", r"\bchurn\w*|\battrition\b|\bpropensity\b"),
        ("nps", r"\bnps\b|\bnet promoter\b|\bpromoter score\b"),
        ("ces", r"\bces\b|\bcustomer effort\b|\beffort score\b"),
        ("csat", r"\bcsat\b|\bsatisfaction\b|\bsurvey (?:score|result|response|rating|answer)s?\b"),
        ("sentiment", r"\bsentiment\w*|\bemotion\w*"),
        ("qa_score", r"\bqa\b|\bqm\b|\bquality\b|\bevaluation\w*|\bscorecard\w*|\bcompliance score\b"),
        ("summary", r"\bsummar\w*|\brecap\b"),
        ("issues", r"\bissues?\b|\bissues detected\b"),
        ("agent_assist", r"\bagent assist\w*|\bassist\b|\bnext best action\w*|\bsuggestions?\b|\brecommendations?\b"),
        ("categories", r"\bcategor\w*|\btopics?\b|\btags?\b|\bthemes?\b|\bintents?\b|\bcontact reasons?\b"),
        ("disposition", r"\bdisposition\w*|\bwrap ?up\w*|\boutcome code\b"),
    )
)
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Keys we look inside when a mapping's own key names nothing (metadata.analytics.quality.score).
_MAX_DEPTH = 3


def field_words(name: str) -> str:
    """A field name as lower-case words: `qaScore`, `QA Score`, `qa-score` -> "qa score"."""
    spaced = _CAMEL.sub(r"\1 \2", str(name))
    return " ".join(_NON_WORD.sub(" ", spaced.lower()).split())


def annotation_for_field(*path: str) -> str | None:
    """The vocabulary entry a field (or a path of nested keys) stands for, or None."""
    return _annotation_for_words(" ".join(field_words(part) for part in path if part is not None))


@lru_cache(maxsize=4096)
def _annotation_for_words(words: str) -> str | None:
    for name, pattern in _RULES:
        if pattern.search(words):
            return name
    return None


_PERSONAL_LOOKING = re.compile(r"\S*@\S*|\d{4,}")


def safe_field_name(name: str) -> str:
    """An export's field name as it may appear in outputs: keys are data too, so anything shaped
    like an e-mail address or a long number is masked, and the name is kept short."""
    return _PERSONAL_LOOKING.sub("#", str(name))[:80]


def carries_value(value: Any) -> bool:
    """True when a field holds something: not null, not an empty string, list or mapping, not NaN."""
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() not in ("", "nan", "none", "null", "n/a", "na", "-")
    if isinstance(value, (list, tuple, set, dict)):
        return len(value) > 0
    return True


@dataclass
class SourceAnnotations:
    """What one conversation's export carried, with the fields each annotation came from."""

    fields: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, source_field: str) -> None:
        """Record `name` (a vocabulary entry) as carried by `source_field`."""
        if name not in ANNOTATIONS:
            raise ValueError(f"unknown source annotation {name!r}; known: {', '.join(sorted(ANNOTATIONS))}")
        source_field = safe_field_name(source_field)
        seen = self.fields.setdefault(name, [])
        if source_field not in seen and len(seen) < 5:
            seen.append(source_field)

    def add_field(self, source_field: str, value: Any, *path: str) -> str | None:
        """Map a field by its name (or `path`) and record it when it holds a value; returns the name."""
        name = annotation_for_field(*(path or (source_field,)))
        if name is not None and carries_value(value):
            self.add(name, source_field)
        return name

    def add_mapping(
        self, mapping: Mapping[str, Any], prefix: str, _path: tuple[str, ...] = (), _depth: int = 0
    ) -> None:
        """Every annotation in a (possibly nested) metadata mapping, named by its dotted path."""
        for key, value in mapping.items():
            path = (*_path, str(key))
            dotted = f"{prefix}.{'.'.join(path)}"
            name = self.add_field(dotted, value, *path)
            if name is None and isinstance(value, Mapping) and _depth + 1 < _MAX_DEPTH:
                self.add_mapping(value, prefix, path, _depth + 1)

    def update(self, stated: Iterable[str], source_field: str = "source_annotations") -> None:
        """Add the annotation names a source already stated (a canonical `source_annotations` list)."""
        for raw in stated:
            name = (
                str(raw).strip().lower() if str(raw).strip().lower() in ANNOTATIONS else annotation_for_field(str(raw))
            )
            if name is not None:
                self.add(name, f"{source_field}:{raw}")

    @property
    def names(self) -> list[str]:
        return sorted(self.fields)


# --------------------------------------------------------------------------- redaction markers
# Masks that exports and redaction tools put in place of personal data. Bracketed tags count
# only when they name personal data, so transcription tags such as [inaudible], [crosstalk] or
# [music] are not mistaken for redaction.
_PII_TAG_WORDS = (
    r"PII|REDACTED|REDACTION|MASKED|NAME|PERSON|PHONE|EMAIL|ADDRESS|SSN|CARD|ACCOUNT|DOB|BIRTH"
    r"|POSTCODE|POST_CODE|ZIP|PIN|IBAN|SORT_CODE|PASSPORT|LICEN[CS]E|NUMBER|CREDIT|DEBIT|CVV|ID"
)
_TAG = rf"(?:[A-Z]+[_ \-])*(?:{_PII_TAG_WORDS})(?:[_ \-][A-Z0-9]+)*"
SOURCE_REDACTION_MARKER = re.compile(
    rf"\[\s*{_TAG}\s*\]|<\s*{_TAG}\s*>|\{{\{{?\s*{_TAG}\s*\}}?\}}|\*{{3,}}|\b[Xx]{{4,}}\b|#{{4,}}|█{{2,}}",
    re.IGNORECASE,
)


def has_redaction_marker(text: str | None) -> bool:
    """True when `text` already carries a redaction marker from the source system."""
    if not text:
        return False
    return SOURCE_REDACTION_MARKER.search(text) is not None
