"""Placing a centre on a framework's ladder of levels: the rule, stated once, as data.

A framework YAML may carry a `ladder:` block; every key has a default here (`LadderPolicy`),
so the five shipped frameworks need none. `docs/maturity.md` explains the rule with a worked
example. In short, with the default `gap_tolerant` rule:

1. Each level's status comes from the mean score of its observable criteria:
   `evidenced` at or above `evidenced`, `partial` at or above `partial`, else `not_evidenced`.
   A level with no observable criterion is `not_observable`; a level with no criteria at all
   (a baseline such as "Beginning") counts as evidenced.
2. The centre is placed at the highest evidenced level L such that every level below L is
   evidenced, partial (a *gap*: reported, not disqualifying) or not observable, with at most
   `max_gaps` of them partial. A lower level that is `not_evidenced` blocks everything above
   it: a missing foundation is not a gap.
3. Below the first placeable level the centre sits at `floor` (level 1), which is then
   reported as not reached when level 1 itself is not evidenced.

`strict` is the older reading (every lower level evidenced; one partial level stops the climb).
Both rules are monotone: raising any criterion's score never lowers the placement, which
`tests/maturity/test_simulated_centres.py` checks as a property on simulated centres.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from cxmaturity import registries
from cxmaturity.maturity.verdict import EVIDENCED, NOT_EVIDENCED, NOT_OBSERVABLE, PARTIAL

__all__ = [
    "EVIDENCED",
    "NOT_EVIDENCED",
    "NOT_OBSERVABLE",
    "PARTIAL",
    "LadderPolicy",
    "Placement",
    "Rung",
    "ladder_keys",
    "ladder_problems",
    "ladder_rule",
    "ladder_rule_names",
    "level_status",
    "place",
]


@dataclass(frozen=True)
class LadderPolicy:
    """How levels are judged and climbed; one framework's `ladder:` block, defaults filled in."""

    rule: str = "gap_tolerant"
    evidenced: float = 0.7  # a level's mean criterion score at which it is evidenced
    partial: float = 0.35  # ... and at which it is partial
    max_gaps: int = 1  # partial levels tolerated below the placed level
    floor: int = 1  # the level every centre starts at

    @classmethod
    def from_yaml(cls, block: Mapping[str, Any] | None) -> LadderPolicy:
        return cls(**dict(block or {}))


def ladder_keys() -> set[str]:
    """The keys a `ladder:` block may carry (for the framework schema check)."""
    return {f.name for f in fields(LadderPolicy)}


def ladder_problems(block: Mapping[str, Any]) -> list[str]:
    """What is wrong with a `ladder:` block (empty when valid)."""
    problems = [f"ladder has unknown key {key!r}" for key in sorted(set(block) - ladder_keys())]
    if problems:
        return problems
    policy = LadderPolicy.from_yaml(block)
    if not isinstance(policy.rule, str) or policy.rule not in registries.ladders:
        problems.append(f"ladder rule {policy.rule!r} is not one of {ladder_rule_names()}")
    if not 0.0 <= policy.partial <= policy.evidenced <= 1.0:
        problems.append("ladder thresholds must satisfy 0 <= partial <= evidenced <= 1")
    if policy.max_gaps < 0:
        problems.append("ladder max_gaps must be 0 or more")
    return problems


def level_status(score: float | None, policy: LadderPolicy) -> str:
    """A level's status from the mean score of its observable criteria (None: none observable)."""
    if score is None:
        return NOT_OBSERVABLE
    return EVIDENCED if score >= policy.evidenced else PARTIAL if score >= policy.partial else NOT_EVIDENCED


@dataclass(frozen=True)
class Rung:
    """One level as the ladder rule sees it."""

    level: int
    status: str  # evidenced / partial / not_evidenced / not_observable


@dataclass(frozen=True)
class Placement:
    """Where a centre stands: the level, which levels count as reached, and the gaps below."""

    level: int
    reached: frozenset[int]
    gap_levels: tuple[int, ...] = ()  # partial levels at or below `level`
    unobserved_levels: tuple[int, ...] = ()  # levels below `level` that could not be judged
    floor_only: bool = False  # placed at the floor without its evidence
    blocked_by: int | None = None  # the lowest not-evidenced level that stops the climb


LadderRule = Callable[[Sequence[Rung], LadderPolicy], Placement]


def ladder_rule(name: str) -> Callable[[LadderRule], LadderRule]:
    """Register a ladder rule in `cxmaturity.registries.ladders` under the name `ladder.rule` uses."""

    def decorate(fn: LadderRule) -> LadderRule:
        registries.ladders.register(name, func=fn)
        return fn

    return decorate


def ladder_rule_names() -> list[str]:
    return sorted(registries.ladders.get_all())


def _placement(rungs: Sequence[Rung], policy: LadderPolicy, level: int | None) -> Placement:
    by_level = {r.level: r for r in rungs}
    blocked = next((r.level for r in rungs if r.status == NOT_EVIDENCED), None)
    if level is None:
        floor = by_level.get(policy.floor)
        floor_met = floor is not None and floor.status == EVIDENCED
        return Placement(
            level=policy.floor,
            reached=frozenset({policy.floor}) if floor_met else frozenset(),
            floor_only=not floor_met,
            blocked_by=blocked,
        )
    below = [r for r in rungs if r.level <= level]
    return Placement(
        level=level,
        reached=frozenset(r.level for r in below if r.status in (EVIDENCED, PARTIAL)),
        gap_levels=tuple(r.level for r in below if r.status == PARTIAL),
        unobserved_levels=tuple(r.level for r in below if r.status == NOT_OBSERVABLE),
        blocked_by=next((r.level for r in rungs if r.level > level and r.status == NOT_EVIDENCED), None),
    )


@ladder_rule("gap_tolerant")
def gap_tolerant(rungs: Sequence[Rung], policy: LadderPolicy) -> Placement:
    """Highest evidenced level with at most `max_gaps` partial levels below it; a not-evidenced
    lower level blocks."""
    best: int | None = None
    gaps = 0
    for rung in sorted(rungs, key=lambda r: r.level):
        if rung.status == EVIDENCED:
            best = rung.level
        elif rung.status == PARTIAL:
            gaps += 1
            if gaps > policy.max_gaps:
                break
        elif rung.status == NOT_EVIDENCED:
            break
    return _placement(rungs, policy, best)


@ladder_rule("strict")
def strict(rungs: Sequence[Rung], policy: LadderPolicy) -> Placement:
    """Highest level such that it and every lower observable level are evidenced."""
    best: int | None = None
    for rung in sorted(rungs, key=lambda r: r.level):
        if rung.status == EVIDENCED:
            best = rung.level
        elif rung.status != NOT_OBSERVABLE:
            break
    return _placement(rungs, policy, best)


def place(rungs: Sequence[Rung], policy: LadderPolicy) -> Placement:
    """The placement under the policy's rule."""
    rule: LadderRule = registries.ladders.get(policy.rule)
    return rule(rungs, policy)
