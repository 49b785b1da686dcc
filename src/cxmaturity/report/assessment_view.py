"""The self-assessment in the report: rated items claimed vs evidenced, and the gap-analysis worksheet.

The self-assessment rates one framework's items (ICMI's twenty, named by the framework YAML that has
a `self_assessment` block). The worksheet's gap is measured to the top of that framework's rating
scale, and totals are placed in its bands; nothing here names a framework.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cxmaturity.report.cards_view import display_name
from cxmaturity.report.formatting import (
    NA,
    VERDICT_LABELS,
    as_dict,
    as_dicts,
    as_float,
    fmt_number,
    humanize,
    verdict_key,
)
from cxmaturity.report.frameworks_view import FrameworkInfo

PRIORITY_RANK = {"high": 3, "medium": 2, "low": 1}
EFFORT_RANK = {"low": 1, "medium": 2, "high": 3}


@dataclass
class RatedItem:
    """One rated item (ICMI): its evidenced rating and, when a self-assessment was given, the claim."""

    id: str
    name: str
    group: str
    claimed: float | None
    evidenced: float | None
    verdict: str
    observability: str


@dataclass
class GapRow:
    id: str
    name: str
    group: str
    current_rating: str
    current_sort: float
    evidenced: str
    evidenced_sort: float
    gap: str
    gap_sort: float
    gap_evidenced: str
    gap_evidenced_sort: float
    priority: str
    priority_sort: int
    effort: str
    effort_sort: int
    initiative: str
    actions: list[str]
    target_date: str


@dataclass
class SelfAssessmentView:
    claimed_total: str
    claimed_stage: str
    evidenced_total: str
    evidenced_stage: str
    max_score: str  # the top of the assessed framework's scale: "100"
    claimed_ai_layer: str
    verdict_counts: dict[str, int]
    items: list[dict[str, str]]


def rated_items(block: dict[str, Any], assessment: dict[str, Any]) -> list[RatedItem]:
    """A rated verdict's items, each with its claim from `assessment` (pass {} for none)."""
    claims = {str(item.get("id")): item for item in as_dicts(assessment.get("items"))}
    items = []
    seen = set()
    for raw in as_dicts(block.get("items")):
        identifier = str(raw.get("id") or NA)
        seen.add(identifier)
        claim = claims.get(identifier, {})
        evidenced = as_float(raw.get("evidenced_rating", raw.get("rating")))
        if evidenced is None:
            evidenced = as_float(claim.get("evidenced"))
        verdict = verdict_key(claim.get("verdict"))
        if verdict == "unverifiable" and claim.get("evidence_status") == "not_observable":
            verdict = "not_observable"  # transcripts cannot show it: say so, rather than "unverifiable"
        items.append(
            RatedItem(
                id=identifier,
                name=display_name(raw.get("name"), identifier),
                group=str(raw.get("group") or NA),
                claimed=as_float(claim.get("claimed")),
                evidenced=evidenced,
                verdict=verdict,
                observability=str(raw.get("observability") or NA),
            )
        )
    for identifier, claim in claims.items():  # claimed items the evidence does not list
        if identifier not in seen:
            items.append(
                RatedItem(
                    id=identifier,
                    name=display_name(claim.get("name"), identifier),
                    group=str(claim.get("group") or NA),
                    claimed=as_float(claim.get("claimed")),
                    evidenced=as_float(claim.get("evidenced")),
                    verdict=verdict_key(claim.get("verdict")),
                    observability=NA,
                )
            )
    return items


def gap_rows(
    evidence: dict[str, Any], block: dict[str, Any], items: list[RatedItem], top: float
) -> tuple[list[GapRow], str]:
    """The worksheet: the self-assessment's, else one evidence.json carries, else derived from the ratings.

    `block` is the assessed framework's verdict and `top` the top of its rating scale (the future state).
    """
    assessment = as_dict(evidence.get("self_assessment"))
    raw_rows = as_dicts(assessment.get("gap_analysis"))
    source = "self_assessment"
    if not raw_rows:
        raw_rows = as_dicts(evidence.get("gap_analysis")) or as_dicts(block.get("gap_analysis"))
        source = "evidence"
    items_by_id = {item.id: item for item in items}
    if not raw_rows:  # the toolkit's worksheet from evidenced ratings alone: current rating and gap to the top
        raw_rows = [
            {
                "id": item.id,
                "current_rating": item.evidenced,
                "gap": (top - item.evidenced) if item.evidenced is not None else None,
            }
            for item in items
        ]
        source = "derived"
    rows = [_gap_row(raw, items_by_id.get(str(raw.get("id") or NA)), top) for raw in raw_rows]
    rows.sort(key=lambda row: (-row.priority_sort, -row.gap_sort, row.id))
    return rows, source


def _gap_row(raw: dict[str, Any], item: RatedItem | None, top: float) -> GapRow:
    identifier = str(raw.get("id") or NA)
    current = as_float(raw.get("current_rating"))
    evidenced = as_float(raw.get("evidenced_rating"))
    if evidenced is None and item is not None:
        evidenced = item.evidenced
    gap = as_float(raw.get("gap"))
    if gap is None and current is not None:
        gap = top - current
    gap_evidenced = as_float(raw.get("gap_evidenced"))
    if gap_evidenced is None and evidenced is not None:
        gap_evidenced = top - evidenced
    priority = str(raw.get("priority") or NA).lower()
    effort = str(raw.get("effort") or NA).lower()
    actions = raw.get("actions")
    if isinstance(actions, str):
        actions = [actions]
    group = item.group if item and item.group != NA else raw.get("group")
    return GapRow(
        id=identifier,
        name=display_name(raw.get("activity") or (item.name if item else None), identifier),
        group=humanize(group) if group else NA,
        current_rating=fmt_number(current),
        current_sort=current if current is not None else -1.0,
        evidenced=fmt_number(evidenced),
        evidenced_sort=evidenced if evidenced is not None else -1.0,
        gap=fmt_number(gap),
        gap_sort=gap if gap is not None else -1.0,
        gap_evidenced=fmt_number(gap_evidenced),
        gap_evidenced_sort=gap_evidenced if gap_evidenced is not None else -1.0,
        priority=humanize(priority) if priority != NA else NA,
        priority_sort=PRIORITY_RANK.get(priority, 0),
        effort=humanize(effort) if effort != NA else NA,
        effort_sort=EFFORT_RANK.get(effort, 0),
        initiative=humanize(raw.get("initiative")) if raw.get("initiative") else NA,
        actions=[str(action) for action in actions] if isinstance(actions, list) else [],
        target_date=fmt_number(raw.get("target_completion_date")),
    )


def self_assessment_view(
    assessment: dict[str, Any],
    block: dict[str, Any],
    info: FrameworkInfo | None,
    claimed_layer: int | None,
    items: list[RatedItem],
) -> SelfAssessmentView | None:
    """Claimed vs evidenced totals and stages, and the per-item verdict table; None without a self-assessment."""
    if not assessment:
        return None
    counts = {key: 0 for key in VERDICT_LABELS}
    table = []
    for item in items:
        if item.claimed is None and item.verdict == "unknown":
            continue
        if item.verdict in counts:
            counts[item.verdict] += 1
        table.append(
            {
                "id": item.id,
                "name": item.name,
                "group": humanize(item.group) if item.group != NA else NA,
                "claimed": fmt_number(item.claimed),
                "evidenced": fmt_number(item.evidenced),
                "verdict": item.verdict,
                "verdict_label": VERDICT_LABELS.get(item.verdict, NA),
            }
        )

    def band(total: Any) -> str:
        return info.band_name(total) if info is not None else NA

    evidenced_total = assessment.get("evidenced_total", block.get("score"))
    evidenced_stage = assessment.get("evidenced_stage") or block.get("stage") or band(evidenced_total)
    claimed_total = assessment.get("claimed_total")
    claimed_stage = assessment.get("claimed_stage") or (band(claimed_total) if claimed_total is not None else None)
    return SelfAssessmentView(
        claimed_total=fmt_number(claimed_total),
        claimed_stage=fmt_number(claimed_stage),
        evidenced_total=fmt_number(evidenced_total),
        evidenced_stage=fmt_number(evidenced_stage),
        max_score=fmt_number(info.max_score if info is not None else None),
        claimed_ai_layer=fmt_number(claimed_layer),
        verdict_counts=counts,
        items=table,
    )
