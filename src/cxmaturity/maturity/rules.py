"""Evaluating evidence rules: metric value vs thresholds -> status, score, confidence, quotes.

A rule (from evidence_rules.yaml, possibly with a criterion's threshold overrides) is
evaluated once per run; a framework criterion combines one or more rules. Confidence
comes only from how many conversations a value rests on, n / (n + k), so it falls as
the corpus shrinks and is 0 for an empty corpus; proxy evidence is weighted down.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxmaturity.maturity.metrics import MetricResult, Tables, compute
from cxmaturity.maturity.verdict import (
    ERROR,
    EVIDENCED,
    NOT_EVIDENCED,
    NOT_OBSERVABLE,
    PARTIAL,
    Example,
    RuleResult,
)

__all__ = [
    "ERROR",
    "EVIDENCED",
    "NOT_EVIDENCED",
    "NOT_OBSERVABLE",
    "PARTIAL",
    "Combined",
    "TurnIndex",
    "combine_checks",
    "evaluate_rule",
    "metric_spec",
]
_STATUS_ORDER = {NOT_EVIDENCED: 0, PARTIAL: 1, EVIDENCED: 2}
RULE_META_KEYS = frozenset({"describe", "direction", "evidenced", "partial", "zero_at", "quote"})
QUOTE_KEYS = frozenset({"signal", "speakers", "patterns", "turn_list", "detail"})
MAX_EXAMPLES = 3
QUOTE_CHARS = 200


def metric_spec(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The metric part of a rule (everything that is not thresholds/description/quote)."""
    return {k: v for k, v in rule.items() if k not in RULE_META_KEYS and k != "id"}


def score_value(value: float, rule: Mapping[str, Any]) -> tuple[str, float]:
    """Status and 0..1 score of a metric value: 1 at `evidenced`, 0.5 at `partial`, 0 at `zero_at`."""
    evidenced, partial = float(rule["evidenced"]), float(rule["partial"])
    if rule["direction"] == "higher":
        zero = float(rule.get("zero_at", 0.0))
        if value >= evidenced:
            return EVIDENCED, 1.0
        if value >= partial:
            span = evidenced - partial
            return PARTIAL, 0.5 + (0.5 * (value - partial) / span if span > 0 else 0.0)
        span = partial - zero
        return NOT_EVIDENCED, max(0.0, 0.5 * (value - zero) / span) if span > 0 else 0.0
    zero = float(rule.get("zero_at", partial + (partial - evidenced)))
    if value <= evidenced:
        return EVIDENCED, 1.0
    if value <= partial:
        span = partial - evidenced
        return PARTIAL, 0.5 + (0.5 * (partial - value) / span if span > 0 else 0.0)
    span = zero - partial
    return NOT_EVIDENCED, max(0.0, 0.5 * (zero - value) / span) if span > 0 else 0.0


def confidence_from_n(n: int, k: float) -> float:
    """n / (n + k): 0 for no data, 0.5 at n == k, approaching 1 for large corpora."""
    return float(n) / (float(n) + float(k)) if n > 0 else 0.0


class TurnIndex:
    """Fast lookup of turn text by (conversation_id, turn_index) for quoting."""

    def __init__(self, turns: pd.DataFrame | None):
        self.by_conversation: dict[str, pd.DataFrame] = {}
        if turns is not None and not turns.empty and {"conversation_id", "turn_index"} <= set(turns.columns):
            ordered = turns.sort_values(["conversation_id", "turn_index"])
            for cid, group in ordered.groupby(ordered["conversation_id"].astype(str), sort=False):
                self.by_conversation[cid] = group

    def turns_of(self, conversation_id: str) -> pd.DataFrame | None:
        return self.by_conversation.get(conversation_id)


def _quote_text(text: Any) -> str | None:
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return None
    text = " ".join(str(text).split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _example(conversation_id: str, row: pd.Series | None, detail: str | None = None) -> Example:
    return Example(
        conversation_id=conversation_id,
        turn_index=int(row["turn_index"]) if row is not None else None,
        quote=_quote_text(row.get("text")) if row is not None else None,
        detail=detail or None,
    )


def _signal_turn_indexes(calls_by_id: Mapping[str, Mapping[str, Any]], cid: str, signal: str) -> list[int]:
    raw = calls_by_id.get(cid, {}).get("signal_turns")
    if raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return []
    try:
        mapping = json.loads(raw) if isinstance(raw, str) else dict(raw)
        return [int(i) for i in mapping.get(signal, []) or []]
    except (ValueError, TypeError, AttributeError):
        return []


def find_examples(
    result: MetricResult,
    rule: Mapping[str, Any],
    tables: Tables,
    turn_index: TurnIndex,
    calls_by_id: Mapping[str, Mapping[str, Any]],
) -> list[Example]:
    """Up to three example turns (already redacted text) from conversations the metric counted."""
    quote = rule.get("quote") or {}
    examples: list[Example] = []
    for cid in result.positive_ids:
        if len(examples) >= MAX_EXAMPLES:
            break
        turns = turn_index.turns_of(cid)
        row = None
        if cid in result.matched_turns and turns is not None:
            hit = turns[turns["turn_index"].isin(result.matched_turns[cid])]
            row = hit.iloc[0] if not hit.empty else None
        if row is None and turns is not None and quote.get("signal"):
            indexes = _signal_turn_indexes(calls_by_id, cid, quote["signal"])
            hit = turns[turns["turn_index"].isin(indexes)] if indexes else turns.iloc[0:0]
            row = hit.iloc[0] if not hit.empty else None
        if row is None and turns is not None and quote.get("patterns") and "text" in turns.columns:
            pattern = re.compile("|".join(f"(?:{p})" for p in quote["patterns"]), re.IGNORECASE)
            hit = turns[turns["text"].map(lambda t, pattern=pattern: isinstance(t, str) and bool(pattern.search(t)))]
            row = hit.iloc[0] if not hit.empty else None
        if row is None and turns is not None and quote.get("turn_list") in turns.columns:
            hit = turns[turns[quote["turn_list"]].map(lambda v: v is not None and len(v) > 0)]
            row = hit.iloc[0] if not hit.empty else None
        if row is None and turns is not None and quote.get("speakers") and "speaker" in turns.columns:
            hit = turns[turns["speaker"].isin(list(quote["speakers"]))]
            row = hit.iloc[0] if not hit.empty else None
        if row is not None:
            examples.append(_example(cid, row))
        elif quote.get("detail"):
            carried = (result.detail.get("by_conversation") or {}).get(cid)
            fields = ", ".join(result.detail.get("fields_seen", []))
            text = (
                f"export carries {carried}"
                if carried
                else f"export carries: {fields}"
                if fields
                else str(rule.get("describe", ""))
            )
            examples.append(_example(cid, None, detail=text))
    return examples


def evaluate_rule(
    rule: Mapping[str, Any],
    tables: Tables,
    k: float,
    turn_index: TurnIndex,
    calls_by_id: Mapping[str, Mapping[str, Any]],
) -> RuleResult:
    """One rule on this corpus: value, n, thresholds, status, score, confidence, examples."""
    result = compute(tables, metric_spec(rule))
    common: dict[str, Any] = {
        "describe": rule.get("describe"),
        "value": None if result.value is None else round(result.value, 4),
        "n": result.n,
        "denominator": result.denominator,
        "direction": rule["direction"],
        "evidenced": rule["evidenced"],
        "partial": rule["partial"],
        "shares": result.detail.get("shares") or None,
    }
    if result.value is None:
        return RuleResult(
            **common,
            status=NOT_OBSERVABLE,
            score=None,
            confidence=0.0,
            reason=result.reason,
            structural=result.structural,
        )
    status, score = score_value(result.value, rule)
    return RuleResult(
        **common,
        status=status,
        score=round(score, 4),
        confidence=round(confidence_from_n(result.n, k), 4),
        examples=find_examples(result, rule, tables, turn_index, calls_by_id),
    )


@dataclass(frozen=True)
class Combined:
    """A criterion's judgement from its rules."""

    status: str
    score: float | None
    confidence: float
    reason: str | None = None
    structural: bool = False  # no rule of the criterion can exist in this run


def combine_checks(checks: Mapping[str, RuleResult], combine: str, observability: str, proxy_weight: float) -> Combined:
    """A criterion's status/score/confidence from its rules.

    `all`: the weakest observable rule sets the status, the score is the mean;
    `any`: the strongest sets both. Rules that are not observable are excluded from
    the score; ones missing only for lack of data still count 0 towards confidence.
    A rule that raised makes the criterion `error`: scoring it from the other rules would
    silently change what the criterion means.
    """
    failed = {rid: c for rid, c in checks.items() if c.status == ERROR}
    if failed:
        reasons = "; ".join(f"{rid}: {c.reason}" for rid, c in failed.items())
        return Combined(ERROR, None, 0.0, reason=f"could not be computed ({reasons})")
    observed = {rid: c for rid, c in checks.items() if c.status != NOT_OBSERVABLE}
    possible = {rid: c for rid, c in checks.items() if not c.structural}
    weight = proxy_weight if observability == "proxy" else 1.0
    confidence = (sum(c.confidence for c in possible.values()) / len(possible) * weight) if possible else 0.0
    if not observed:
        why = sorted({c.reason or "" for c in checks.values()} - {""})
        return Combined(
            NOT_OBSERVABLE,
            None,
            round(confidence, 4),
            reason="; ".join(why) or "transcripts cannot show this",
            structural=not possible,
        )
    ranks = [(_STATUS_ORDER[c.status], c.score or 0.0, c.status) for c in observed.values()]
    if combine == "any":
        best = max(ranks)
        status, score = best[2], best[1]
    else:
        status = min(ranks)[2]
        score = sum(r[1] for r in ranks) / len(ranks)
    return Combined(status, round(score, 4), round(confidence, 4))
