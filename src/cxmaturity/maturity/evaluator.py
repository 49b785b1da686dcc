"""Evaluating one corpus: rule results (cached across frameworks), criteria, and confidence.

Shared by both scorings (`cumulative.py` for ladders, `rated.py` for ICMI-style rated items): a
criterion's verdict and the confidence words mean the same under every framework.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypedDict

import pandas as pd

from cxmaturity.errors import describe_exception
from cxmaturity.maturity.metrics import Tables
from cxmaturity.maturity.rules import TurnIndex, combine_checks, evaluate_rule
from cxmaturity.maturity.schema import load_rules, resolve_evidence
from cxmaturity.maturity.verdict import (
    ERROR,
    NOT_OBSERVABLE,
    ConfidenceBasis,
    CriterionResult,
    ErrorEntry,
    Example,
    ItemResult,
    RuleResult,
)

DEFAULT_K = 20.0
DEFAULT_PROXY_WEIGHT = 0.7
# Confidence words for the report: below 0.4 the evidence is thin (a few dozen conversations at
# most, or many criteria unobservable); 0.7 needs hundreds of conversations and most criteria seen.
CONFIDENCE_LABELS = ((0.7, "high"), (0.4, "medium"), (0.0, "low"))
UNSCORED = (NOT_OBSERVABLE, ERROR)
MAX_EXAMPLES = 3


class Evaluator:
    """Evaluates criteria on one corpus, caching rule results shared across frameworks."""

    def __init__(
        self, calls: pd.DataFrame, turns: pd.DataFrame | None, rules: Mapping[str, dict[str, Any]] | None = None
    ):
        self.tables = Tables(calls=calls, turns=turns)
        self.turn_index = TurnIndex(turns)
        self.calls_by_id: dict[str, dict[str, Any]] = {}
        if "conversation_id" in calls.columns and "signal_turns" in calls.columns:
            self.calls_by_id = {
                str(cid): {"signal_turns": st}
                for cid, st in zip(calls["conversation_id"], calls["signal_turns"], strict=True)
            }
        self.rules = load_rules() if rules is None else rules
        self._cache: dict[tuple[str, float], RuleResult] = {}

    def rule(self, rule: Mapping[str, Any], k: float) -> RuleResult:
        """One rule's result; a rule that raises becomes an `error` result instead of ending the run."""
        key = (repr(sorted((str(a), repr(b)) for a, b in rule.items())), k)
        if key not in self._cache:
            try:
                self._cache[key] = evaluate_rule(rule, self.tables, k, self.turn_index, self.calls_by_id)
            except Exception as exc:  # noqa: BLE001 - contained per rule, reported in evidence.json
                self._cache[key] = RuleResult(
                    describe=rule.get("describe"),
                    value=None,
                    n=0,
                    denominator=None,
                    direction=rule.get("direction"),
                    evidenced=rule.get("evidenced"),
                    partial=rule.get("partial"),
                    status=ERROR,
                    score=None,
                    confidence=0.0,
                    reason=describe_exception(exc),
                )
        return self._cache[key]

    def criterion(self, criterion: Mapping[str, Any], settings: Mapping[str, Any]) -> CriterionResult:
        """A criterion's verdict with its metrics, denominators and up to three examples."""
        k = float(settings.get("confidence_k", DEFAULT_K))
        proxy_weight = float(settings.get("proxy_weight", DEFAULT_PROXY_WEIGHT))
        head: dict[str, Any] = {
            "id": criterion["id"],
            "name": criterion["name"],
            "statement": criterion.get("statement") or None,
            "observability": criterion["observability"],
        }
        if criterion["observability"] == "none":
            return CriterionResult(
                **head, status=NOT_OBSERVABLE, score=None, confidence=0.0, reason=criterion["reason"], structural=True
            )
        checks = {rule["id"]: self.rule(rule, k) for rule in resolve_evidence(criterion, self.rules)}
        combined = combine_checks(checks, criterion.get("combine", "all"), criterion["observability"], proxy_weight)
        examples: list[Example] = []
        seen: set[tuple[str, int | None]] = set()
        for check in checks.values():
            for example in check.examples:
                key = (example.conversation_id, example.turn_index)
                if key not in seen and len(examples) < MAX_EXAMPLES:
                    seen.add(key)
                    examples.append(example)
        return CriterionResult(
            **head,
            status=combined.status,
            score=combined.score,
            confidence=combined.confidence,
            reason=combined.reason,
            structural=combined.structural,
            metrics=checks,
            denominators=sorted({f"{c.denominator} (n={c.n})" for c in checks.values() if c.denominator}),
            examples=examples,
        )


class Judged(Protocol):
    """A criterion or a rated item, as confidence and counts see it."""

    @property
    def status(self) -> str: ...

    @property
    def confidence(self) -> float: ...

    @property
    def observability(self) -> str: ...


def framework_confidence(criteria: Sequence[Judged]) -> float:
    """Mean confidence over the criteria transcripts could show.

    Each criterion contributes n / (n + k), weighted down when its evidence is a proxy, and 0
    when this run could not observe it (or it failed). So confidence falls with a small corpus
    and with every criterion the run could not see.
    """
    possible = [c for c in criteria if c.observability != "none"]
    return round(sum(c.confidence for c in possible) / len(possible), 4) if possible else 0.0


def confidence_label(confidence: float) -> str:
    return next(label for bound, label in CONFIDENCE_LABELS if confidence >= bound)


def confidence_basis(criteria: Sequence[Judged], conversations: int) -> ConfidenceBasis:
    possible = [c for c in criteria if c.observability != "none"]
    return ConfidenceBasis(
        conversations=conversations,
        criteria=len(criteria),
        criteria_observable=len(possible),
        criteria_observed=sum(1 for c in possible if c.status not in UNSCORED),
        criteria_error=sum(1 for c in criteria if c.status == ERROR),
    )


def error_entries(criteria: Sequence[CriterionResult] | Sequence[ItemResult]) -> list[ErrorEntry]:
    return [ErrorEntry(criterion=c.id, reason=c.reason) for c in criteria if c.status == ERROR]


def framework_title(framework: Mapping[str, Any]) -> str:
    return str(framework.get("title") or framework["name"])


class FrameworkIdentity(TypedDict):
    """The fields every verdict of a framework starts with, whatever the scoring or the outcome."""

    id: str
    name: str
    source: str
    title: str
    scoring: str
    label: str


def framework_identity(framework: Mapping[str, Any]) -> FrameworkIdentity:
    """`FrameworkVerdict(**framework_identity(framework), ...)`: the identity read from the framework's YAML."""
    return {
        "id": framework["id"],
        "name": framework["name"],
        "source": framework["source"],
        "title": framework_title(framework),
        "scoring": framework["scoring"],
        "label": framework.get("level_label", "level"),
    }
