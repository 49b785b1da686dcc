"""Ladder (cumulative) frameworks: each level judged from its criteria, the centre placed by the ladder rule.

Criteria belong to levels; each level is judged from its observable criteria and the centre is placed
by the framework's ladder rule (`maturity/ladder.py`, explained in `docs/maturity.md`). A foundation
rule (the AI model's "automated QA first") then caps the level when its criterion is not evidenced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cxmaturity.maturity.evaluator import (
    UNSCORED,
    Evaluator,
    confidence_basis,
    confidence_label,
    error_entries,
    framework_confidence,
    framework_identity,
)
from cxmaturity.maturity.ladder import LadderPolicy, Placement, Rung, level_status, place
from cxmaturity.maturity.verdict import (
    EVIDENCED,
    NOT_EVIDENCED,
    NOT_OBSERVABLE,
    PARTIAL,
    Aggregate,
    CriterionResult,
    CumulativeDetail,
    DimensionResult,
    FoundationResult,
    FrameworkVerdict,
    GapEntry,
    Graduation,
    LadderSettings,
    LevelResult,
    NextLevel,
)


def _mean_score(criteria: Sequence[CriterionResult]) -> float | None:
    scored = [c.score for c in criteria if c.status not in UNSCORED and c.score is not None]
    return sum(scored) / len(scored) if scored else None


def _aggregate(criteria: Sequence[CriterionResult], policy: LadderPolicy) -> Aggregate:
    """Status/score/confidence of a group of criteria (a level or a dimension)."""
    score = _mean_score(criteria)
    return Aggregate(
        status=level_status(score, policy),
        score=None if score is None else round(score, 4),
        confidence=framework_confidence(criteria),
    )


def _not_observable_count(criteria: Sequence[CriterionResult]) -> int:
    return sum(1 for c in criteria if c.status == NOT_OBSERVABLE)


def _dimensions(
    framework: Mapping[str, Any],
    criteria: list[CriterionResult],
    by_id: Mapping[str, Any],
    policy: LadderPolicy,
) -> list[DimensionResult]:
    out = []
    for dim in framework.get("dimensions") or []:
        members = [c for c in criteria if by_id[c.id].get("dimension") == dim["id"]]
        aggregate = _aggregate(members, policy)
        out.append(
            DimensionResult(
                id=dim["id"],
                name=dim["name"],
                kind=dim.get("kind") or None,
                status=aggregate.status,
                score=aggregate.score,
                confidence=aggregate.confidence,
                criteria=[c.id for c in members],
            )
        )
    return out


def _by_kind(
    framework: Mapping[str, Any], criteria: list[CriterionResult], by_id: Mapping[str, Any], policy: LadderPolicy
) -> dict[str, Aggregate] | None:
    """Operational vs strategic maturity (the curve): criteria grouped by their dimension's kind."""
    kind_of = {d["id"]: d.get("kind") for d in framework.get("dimensions") or []}
    kinds = sorted({kind for kind in kind_of.values() if kind})
    if not kinds:
        return None
    return {
        kind: _aggregate([c for c in criteria if kind_of.get(by_id[c.id].get("dimension")) == kind], policy)
        for kind in kinds
    }


def _names(criteria: Sequence[CriterionResult]) -> str:
    return ", ".join(
        str(c.name).rstrip(".").lower() if str(c.name).isupper() else str(c.name).rstrip(".") for c in criteria
    )


def _unmet(criteria: Sequence[CriterionResult]) -> list[CriterionResult]:
    return [c for c in criteria if c.status in (PARTIAL, NOT_EVIDENCED)]


def _summary(
    label: str, levels_out: list[LevelResult], placement: Placement, foundation: FoundationResult | None
) -> str:
    """One sentence a centre can quote: where it stands, and the gaps under that."""
    word = label.lower()
    by_number = {entry.level: entry for entry in levels_out}
    placed = by_number[placement.level]
    if placement.floor_only:
        missing = _unmet(placed.criteria)
        text = f"Not yet evidenced at {word} {placement.level} ({placed.name}), where every centre starts" + (
            f"; missing: {_names(missing)}." if missing else "."
        )
    elif placed.baseline and placement.level + 1 in by_number:
        above = by_number[placement.level + 1]
        missing = _unmet(above.criteria)
        text = (
            f"At {word} {placement.level} ({placed.name}), where every centre starts; "
            f"{word} {above.level} ({above.name}) is {above.status.replace('_', ' ')}"
            + (f": {_names(missing)}." if missing else ".")
        )
    else:
        text = f"Evidenced at {word} {placement.level} ({placed.name})"
        gaps = [
            f"{word} {n} ({by_number[n].name}): {_names(_unmet(by_number[n].criteria))}" for n in placement.gap_levels
        ]
        if gaps:
            text += f" with a gap at {'; and at '.join(gaps)}"
        text += "."
    if foundation is not None and foundation.capped:
        cap = by_number[foundation.cap_level]
        text = (
            f"Placed at {word} {cap.level} ({cap.name}) by the foundation rule: "
            f"{foundation.criterion} is {foundation.criterion_status.replace('_', ' ')}. Without the cap, "
            + text[0].lower()
            + text[1:]
        )
    return text


def _level_entry(
    level: Mapping[str, Any],
    members: list[CriterionResult],
    ev: Evaluator,
    settings: Mapping[str, Any],
    policy: LadderPolicy,
) -> LevelResult:
    """One level of a ladder with its criteria and graduation checks; reached/gap are set once placed."""
    if members:
        aggregate = _aggregate(members, policy)
        status, score, confidence, baseline = aggregate.status, aggregate.score, aggregate.confidence, None
    else:  # a level without criteria (such as "Beginning") is where every centre starts
        status, score, confidence, baseline = EVIDENCED, None, None, True
    graduation = None
    if level.get("graduation"):
        checks = [ev.criterion(g, settings) for g in level["graduation"]]
        aggregate = _aggregate(checks, policy)
        graduation = Graduation(aggregate.status, aggregate.score, aggregate.confidence, checks=checks)
    return LevelResult(
        level=level["level"],
        name=level["name"],
        heading=level.get("heading") or None,
        primary_goal=level.get("primary_goal") or None,
        description=level.get("description") or None,
        status=status,
        score=score,
        confidence=confidence,
        baseline=baseline,
        criteria=members,
        not_observable=_not_observable_count(members),
        ready_to_graduate=graduation,
        actions_to_advance=list(level["actions"]) if level.get("actions") else None,
    )


def _foundation(
    framework: Mapping[str, Any], criteria: list[CriterionResult], reached_level: int
) -> FoundationResult | None:
    """The foundation rule (the AI model's "automated QA first"): does it hold, and does it cap the level?"""
    rule = framework.get("foundation_rule")
    if not rule:
        return None
    anchor = next(c for c in criteria if c.id == rule["criterion"])
    holds = anchor.status in rule["required_status"]
    return FoundationResult(
        statement=rule.get("statement"),
        criterion=rule["criterion"],
        criterion_status=anchor.status,
        holds=holds,
        capped=not holds and reached_level > rule["cap_level"],
        cap_level=rule["cap_level"],
        uncapped_level=reached_level,
    )


def evaluate_cumulative(framework: Mapping[str, Any], ev: Evaluator) -> FrameworkVerdict:
    """The centre's place on the framework's ladder, with the gaps and the next step."""
    settings = framework.get("settings") or {}
    policy = LadderPolicy.from_yaml(framework.get("ladder"))
    by_id = {c["id"]: c for c in framework["criteria"]}
    criteria = [ev.criterion(c, settings) for c in framework["criteria"]]
    label = framework.get("level_label", "level")
    levels_out = [
        _level_entry(level, [c for c in criteria if by_id[c.id].get("level") == level["level"]], ev, settings, policy)
        for level in framework["levels"]
    ]

    placement = place([Rung(e.level, e.status) for e in levels_out], policy)
    foundation = _foundation(framework, criteria, placement.level)
    reached_level = placement.level
    if foundation is not None and not foundation.holds:
        reached_level = min(reached_level, foundation.cap_level)
    for entry in levels_out:
        entry.reached = entry.level in placement.reached and entry.level <= reached_level
        entry.gap = entry.level in placement.gap_levels and entry.level <= reached_level
    level_def = framework["levels"][reached_level - 1]
    confidence = framework_confidence(criteria)
    detail = CumulativeDetail(
        ladder=LadderSettings(
            rule=policy.rule, evidenced=policy.evidenced, partial=policy.partial, max_gaps=policy.max_gaps
        ),
        foundation_rule=foundation,
        floor_only=placement.floor_only,
        blocked_at=placement.blocked_by,
        gaps=[
            GapEntry(level=e.level, name=e.name, status=c.status, criterion=c.id, criterion_name=c.name)
            for e in levels_out
            if e.level <= reached_level
            for c in _unmet(e.criteria)
        ],
        criteria_total=len(criteria),
        not_observable=_not_observable_count(criteria),
        dimensions=_dimensions(framework, criteria, by_id, policy) or None,
        maturity_by_kind=_by_kind(framework, criteria, by_id, policy),
    )
    return FrameworkVerdict(
        **framework_identity(framework),
        level=reached_level,
        level_name=level_def["name"],
        confidence=confidence,
        confidence_label=confidence_label(confidence),
        confidence_basis=confidence_basis(criteria, len(ev.tables.calls)),
        summary=_summary(label, levels_out, placement, foundation),
        levels=levels_out,
        next_level=_next_level(framework, criteria, by_id, placement, reached_level, foundation),
        errors=error_entries(criteria),
        cumulative=detail,
    )


def _next_level(
    framework: Mapping[str, Any],
    criteria: list[CriterionResult],
    by_id: Mapping[str, Any],
    placement: Placement,
    reached_level: int,
    foundation: FoundationResult | None,
) -> NextLevel | None:
    """The first level not yet reached and what stands in the way (the foundation first, if it caps)."""
    if placement.floor_only:
        target = placement.level
    elif reached_level < len(framework["levels"]):
        target = reached_level + 1
    else:
        return None
    nxt = framework["levels"][target - 1]
    gaps = [c.id for c in _unmet(criteria) if by_id[c.id].get("level") == target]
    if foundation is not None and not foundation.holds and target > foundation.cap_level:
        gaps = [foundation.criterion] + [g for g in gaps if g != foundation.criterion]
    return NextLevel(level=nxt["level"], name=nxt["name"], gaps=gaps)
