"""Evidence cards: one per criterion (or rated item), with its metrics, thresholds, status and quotes.

A framework block lists its criteria in one place for every framework: under each of its `levels`
(with the level's "ready to graduate" checks), and under `items` for rated frameworks. evidence.json
written before that shape named a layered framework's levels `layers`; those are read as well.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cxmaturity.report.formatting import (
    NA,
    OBSERVABILITY_LABELS,
    STATUS_LABELS,
    as_dict,
    as_dicts,
    fmt_confidence,
    fmt_number,
    fmt_threshold,
    humanize,
    status_key,
)
from cxmaturity.report.frameworks_view import FrameworkInfo

QUOTE_MAX_CHARS = 320
ACRONYMS = {"CX", "AI", "QA", "CSAT", "NPS", "CES", "IVR", "FCR", "AHT", "KPI", "VOC", "CRM", "WFM", "SLA"}


def display_name(name: Any, identifier: Any = None) -> str:
    """Source documents write some names in capitals ("CSAT REPORTING"); show them in sentence case."""
    if not name:
        return humanize(identifier)
    text = str(name).strip()
    if text.isupper():
        words = text.split()
        small = {"and", "of", "the", "to", "for", "in", "on", "by"}
        text = " ".join(
            word
            if word.strip("/(),:") in ACRONYMS
            else word.lower()
            if index and word.lower() in small
            else word.capitalize()
            for index, word in enumerate(words)
        )
    return text


def conversation_anchor(conversation_id: Any) -> str:
    """A safe, stable HTML id for a conversation (ids are data, never put raw into attributes)."""
    digest = hashlib.sha1(str(conversation_id).encode("utf-8")).hexdigest()[:12]
    return f"conv-{digest}"


@dataclass
class Example:
    conversation_id: str
    anchor: str
    turn: str
    quote: str | None
    detail: str | None = None


@dataclass
class MetricRow:
    name: str
    value: str
    threshold: str
    status: str = "unknown"
    status_label: str = NA
    note: str | None = None
    denominator: str | None = None  # what n counts: "conversations handled by a human agent"


@dataclass
class CriterionCard:
    framework: str
    group: str
    id: str
    name: str
    description: str | None
    status: str  # a STATUS_LABELS key or "unknown"
    status_label: str
    score: str
    rating: str | None
    confidence: str
    observability: str
    reason: str | None
    metrics: list[MetricRow]
    examples: list[Example]

    @property
    def dom_id(self) -> str:
        digest = hashlib.sha1(f"{self.framework}/{self.group}/{self.id}".encode()).hexdigest()[:10]
        return f"crit-{digest}"


def _examples(raw: Any, quotes_allowed: bool) -> list[Example]:
    examples = []
    for item in as_dicts(raw):
        conversation_id = item.get("conversation_id")
        if conversation_id is None:
            continue
        quote = item.get("quote")
        if quote is not None and quotes_allowed:
            quote = str(quote)
            if len(quote) > QUOTE_MAX_CHARS:
                quote = quote[: QUOTE_MAX_CHARS - 1].rstrip() + "…"
        else:
            quote = None
        turn = item.get("turn_index")
        examples.append(
            Example(
                conversation_id=str(conversation_id),
                anchor=conversation_anchor(conversation_id),
                turn=fmt_number(turn) if turn is not None else NA,
                quote=quote,
                detail=str(item["detail"]) if item.get("detail") else None,
            )
        )
    return examples


def _rule_row(rule_id: str, check: dict[str, Any]) -> MetricRow:
    """One evidence rule's result (the maturity engine's shape): value over n, judged against thresholds."""
    symbol = "≤" if str(check.get("direction", "higher")).lower() == "lower" else "≥"
    parts = [
        f"{label} {symbol} {fmt_number(check[key])}"
        for key, label in (("evidenced", "evidenced"), ("partial", "partial"))
        if check.get(key) is not None
    ]
    value = fmt_number(check.get("value"))
    if check.get("n") is not None and check.get("value") is not None:
        value = f"{value} (n={fmt_number(check.get('n'))})"
    status = status_key(check.get("status"))
    return MetricRow(
        name=str(check.get("describe") or humanize(rule_id)),
        value=value,
        threshold=", ".join(parts) or NA,
        status=status,
        status_label=STATUS_LABELS.get(status, NA),
        note=str(check["reason"]) if check.get("reason") else None,
        denominator=str(check["denominator"]) if check.get("denominator") else None,
    )


def _metric_rows(metrics: Any, thresholds: Any) -> list[MetricRow]:
    metrics = as_dict(metrics)
    thresholds = as_dict(thresholds)
    rows = [
        _rule_row(str(name), value)
        if isinstance(value, dict) and ("value" in value or "describe" in value)
        else MetricRow(humanize(name), fmt_number(value), fmt_threshold(thresholds.get(name)))
        for name, value in metrics.items()
    ]
    rows += [
        MetricRow(humanize(name), NA, fmt_threshold(value)) for name, value in thresholds.items() if name not in metrics
    ]
    return rows


def criterion_card(info: FrameworkInfo, group: str, raw: dict[str, Any], quotes_allowed: bool) -> CriterionCard:
    """One criterion or rated item as a card; a rated item also shows its rating on the framework's scale."""
    status = status_key(raw.get("status"))
    if status == "unknown" and str(raw.get("observability", "")).lower() == "none":
        status = "not_observable"
    rating = raw.get("evidenced_rating", raw.get("rating"))
    observability = raw.get("observability")
    if observability is None and status == "not_observable":
        observability = "none"
    identifier = str(raw.get("id") or raw.get("name") or NA)
    return CriterionCard(
        framework=info.key,
        group=group,
        id=identifier,
        name=display_name(raw.get("name"), identifier),
        description=str(raw.get("description") or raw.get("statement") or "") or None,
        status=status,
        status_label=STATUS_LABELS.get(status, NA),
        score=fmt_number(raw.get("score")),
        rating=(
            (f"{fmt_number(rating)} / {info.rating_max}" if rating is not None else NA)
            if info.scoring == "rated_items"
            else None
        ),
        confidence=fmt_confidence(raw.get("confidence")),
        observability=(
            OBSERVABILITY_LABELS.get(str(observability).lower(), fmt_number(observability))
            if observability is not None
            else NA
        ),
        reason=str(raw["reason"]) if raw.get("reason") else None,
        metrics=_metric_rows(raw.get("metrics"), raw.get("thresholds")),
        examples=_examples(raw.get("examples"), quotes_allowed),
    )


def block_levels(block: dict[str, Any]) -> list[dict[str, Any]]:
    """A verdict's levels (`layers` in evidence.json written before every framework had `levels`)."""
    return as_dicts(block.get("levels")) or as_dicts(block.get("layers"))


def framework_cards(info: FrameworkInfo, block: dict[str, Any], quotes_allowed: bool) -> list[CriterionCard]:
    """Every criterion of a verdict: each level's criteria and graduation checks, then any rated items."""
    cards: list[CriterionCard] = []
    for entry in block_levels(block):
        criteria = as_dicts(entry.get("criteria"))
        graduation = as_dicts(as_dict(entry.get("ready_to_graduate")).get("checks"))
        number = entry.get("level", entry.get("layer"))
        name = str(entry.get("name") or NA)
        group = f"{info.label.capitalize()} {fmt_number(number)} · {name}" if number is not None else name
        cards += [criterion_card(info, group, criterion, quotes_allowed) for criterion in criteria]
        cards += [criterion_card(info, f"{group} · ready to graduate", check, quotes_allowed) for check in graduation]
    for item in as_dicts(block.get("items")):
        group = humanize(item.get("group")) if item.get("group") else humanize("items")
        cards.append(criterion_card(info, group, item, quotes_allowed))
    return cards
