"""The "Contact drivers" section: the topics stage's clusters of customers' reasons (topics.parquet).

Each topic shows its distinctive terms, size and share, calls per day as a small inline SVG with the
counts in its tooltip, the dominant taxonomy intent, and a few redacted reason turns. Topics made
mostly of calls the taxonomy could not place (`beyond_taxonomy`) are flagged "not in the taxonomy".
Nothing per agent is shown. Every string here is transcript-derived and reaches the page through the
template's autoescape; the sparkline escapes its own text (`markupsafe.escape`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from markupsafe import Markup, escape

from cxmaturity.report.formatting import NA, as_float, fmt_number, humanize

QUOTE_CHARS = 240
SPARK_WIDTH, SPARK_HEIGHT = 160, 28
SPLIT_BELOW = 0.5  # dominant intent share below which a topic is "spread over intents"
MAX_DAYS = 366  # sparklines cover at most a year of days


@dataclass
class TopicQuote:
    text: str
    conversation_id: str
    anchor: str
    turn: str


@dataclass
class TopicCard:
    topic_id: str
    terms: list[str]
    size: str
    share: str
    uncovered_share: str
    beyond_taxonomy: bool
    spread: bool  # no single taxonomy intent holds half its calls
    dominant_intent: str
    dominant_share: str
    first_day: str
    last_day: str
    trend: str | None
    sparkline: Markup | None
    daily_counts: list[tuple[str, int]]
    quotes: list[TopicQuote] = field(default_factory=list)


@dataclass
class TopicsView:
    available: bool
    note: str | None = None
    cards: list[TopicCard] = field(default_factory=list)
    calls: str = NA
    without_reason: str = NA
    beyond: list[str] = field(default_factory=list)  # labels of the topics not in the taxonomy

    @property
    def cited_ids(self) -> list[str]:
        return [quote.conversation_id for card in self.cards for quote in card.quotes]


def _as_list(value: Any) -> list[Any]:
    if value is None or isinstance(value, (str, bytes)):
        return []
    try:
        return list(value)
    except TypeError:
        return []


def _counts(raw: Any) -> list[tuple[str, int]]:
    try:
        data = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    counts = [(str(day), int(n)) for day, n in data.items() if as_float(n) is not None]
    return sorted(counts)


def _day_range(cards_counts: list[list[tuple[str, int]]]) -> list[str]:
    """Every day from the first to the last any topic has a call, so sparklines share one axis."""
    days = sorted({day for counts in cards_counts for day, _ in counts})
    if not days:
        return []
    try:
        first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    except ValueError:
        return days
    span = min((last - first).days, MAX_DAYS - 1)
    return [(first + timedelta(days=offset)).isoformat() for offset in range(span + 1)]


def sparkline(counts: list[tuple[str, int]], days: list[str], title: str) -> Markup | None:
    """Calls per day as thin columns over the corpus's days; None with no dated call."""
    if not counts or not days:
        return None
    by_day = dict(counts)
    values = [by_day.get(day, 0) for day in days]
    top = max(values) or 1
    step = SPARK_WIDTH / len(values)
    bar = max(step - 1.0, 1.0)
    body = []
    for index, (day, value) in enumerate(zip(days, values, strict=True)):
        if not value:
            continue
        height = max(value / top * (SPARK_HEIGHT - 2), 1.5)
        body.append(
            f'<rect x="{index * step:.1f}" y="{SPARK_HEIGHT - height:.1f}" width="{bar:.1f}" '
            f'height="{height:.1f}" fill="#0072B2"><title>{escape(day)}: {value}</title></rect>'
        )
    summary = ", ".join(f"{day} {n}" for day, n in counts[:60])
    return Markup(
        f'<svg class="chart sparkline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
        f'width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" role="img">'
        f"<title>{escape(title)}: {escape(summary)}</title>"
        f'<line x1="0" y1="{SPARK_HEIGHT - 0.5}" x2="{SPARK_WIDTH}" y2="{SPARK_HEIGHT - 0.5}" stroke="#d9dee3"/>'
        f"{''.join(body)}</svg>"
    )


def _text(value: Any) -> str | None:
    """A string cell, or None for a null (None, or NaN in a pandas string column)."""
    return str(value) if isinstance(value, str) and value else None


def _pct(value: Any) -> str:
    number = as_float(value)
    return f"{number:.0%}" if number is not None else NA


def _card(row: dict[str, Any], days: list[str], quotes_allowed: bool, max_examples: int) -> TopicCard:
    from cxmaturity.report.evidence_view import conversation_anchor

    terms = [str(term) for term in _as_list(row.get("terms"))] or [
        t for t in (_text(row.get("label")) or "").split(", ") if t
    ]
    counts = _counts(row.get("daily_counts"))
    quotes = []
    if quotes_allowed:
        for example in _as_list(row.get("examples"))[:max_examples]:
            if not isinstance(example, dict) or not _text(example.get("text")):
                continue
            text = str(example["text"])
            text = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
            conversation_id = str(example.get("conversation_id") or "")
            quotes.append(
                TopicQuote(
                    text, conversation_id, conversation_anchor(conversation_id), fmt_number(example.get("turn_index"))
                )
            )
    dominant_share = as_float(row.get("dominant_intent_share"))
    flag = row.get("beyond_taxonomy")
    beyond = isinstance(flag, (bool, np.bool_)) and bool(flag)  # a null (None or NaN) is not a flag
    name = ", ".join(terms) or f"topic {row.get('topic_id')}"
    return TopicCard(
        topic_id=fmt_number(row.get("topic_id")),
        terms=terms,
        size=fmt_number(row.get("size")),
        share=_pct(row.get("share")),
        uncovered_share=_pct(row.get("uncovered_share")),
        beyond_taxonomy=beyond,
        spread=not beyond and dominant_share is not None and dominant_share < SPLIT_BELOW,
        dominant_intent=humanize(_text(row.get("dominant_intent"))) if _text(row.get("dominant_intent")) else NA,
        dominant_share=_pct(dominant_share),
        first_day=_text(row.get("first_day")) or NA,
        last_day=_text(row.get("last_day")) or NA,
        trend=_text(row.get("trend")),
        sparkline=sparkline(counts, days, f"Calls per day: {name}"),
        daily_counts=counts,
        quotes=quotes,
    )


def build_topics_view(topics, calls, quotes_allowed: bool = True, max_examples: int = 3) -> TopicsView:
    """The section from topics.parquet (None when the run had no topics stage) and calls.parquet."""
    if topics is None:
        return TopicsView(
            False, "Not available: this run has no topics.parquet (the `topics` stage was not in this run's pipeline)."
        )
    total = len(calls) if calls is not None else None
    without = None
    if calls is not None and "topic_id" in calls.columns:
        without = int(calls["topic_id"].isna().sum())
    if len(topics) == 0:
        return TopicsView(
            False,
            "No topics: no call had a customer turn stating a reason (or the `classify` stage "
            "did not run before `topics`).",
            calls=fmt_number(total),
            without_reason=fmt_number(without),
        )
    rows = topics.to_dict("records")
    days = _day_range([_counts(row.get("daily_counts")) for row in rows])
    cards = [_card(row, days, quotes_allowed, max_examples) for row in rows]
    return TopicsView(
        True,
        cards=cards,
        calls=fmt_number(total),
        without_reason=fmt_number(without),
        beyond=[", ".join(card.terms[:3]) or f"topic {card.topic_id}" for card in cards if card.beyond_taxonomy],
    )
