"""The report's reading of evidence.json: headline verdicts, ladders, rated items, cards, worksheet.

evidence.json is written by the maturity stage in one shape for every framework (`maturity/verdict.py`):
`level`, `level_name`, `levels` with their criteria, `next_level`, and `items` for rated frameworks.
What a framework is called, its order, its level names, bands and groups, and which frameworks get a
ladder or an item chart come from its YAML definition (`frameworks_view.py`), never from code here.
The view objects have every missing value already "n/a", so the template never has to guess and a
thin block (or one written by an older version) never crashes the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cxmaturity.maturity.schema import load_frameworks
from cxmaturity.report.assessment_view import (
    GapRow,
    RatedItem,
    SelfAssessmentView,
    gap_rows,
    rated_items,
    self_assessment_view,
)
from cxmaturity.report.cards_view import (
    CriterionCard,
    block_levels,
    conversation_anchor,
    display_name,
    framework_cards,
)
from cxmaturity.report.formatting import (
    NA,
    STATUS_LABELS,
    VERDICT_LABELS,
    as_dict,
    as_float,
    as_int,
    fmt_confidence,
    fmt_number,
    humanize,
    status_key,
)
from cxmaturity.report.frameworks_view import FrameworkInfo, Section, assessed_info, claimed_info, framework_infos

__all__ = ["EvidenceView", "build_evidence_view", "conversation_anchor", "display_name"]


@dataclass
class Verdict:
    key: str
    title: str
    verdict: str
    detail: str
    confidence: str
    summary: str | None = None  # the engine's one-sentence placement, gaps included
    error: str | None = None  # the framework could not be evaluated: why (type and frame only)
    claimed: str | None = None
    comparison: str | None = None
    comparison_kind: str | None = None  # overclaimed / underclaimed / supported
    next_step: str | None = None
    source: str | None = None


@dataclass
class LadderRung:
    level: int
    name: str
    status: str
    status_label: str
    score: float | None


@dataclass
class LadderView:
    """A framework drawn as a ladder of its levels (its YAML has `report.ladder`)."""

    key: str
    section: Section
    label: str  # "Layer"
    rungs: list[LadderRung]
    evidenced_level: int | None
    claimed_level: int | None
    foundation_rule: str | None


@dataclass
class ItemsView:
    """A rated framework's items charted on its scale (its YAML has `report.items`)."""

    key: str
    section: Section
    items: list[RatedItem]
    groups: list[str]
    rating_max: int
    has_claims: bool
    assessed: bool  # the self-assessment rates these items: its verdict table goes here


@dataclass
class EvidenceView:
    verdicts: list[Verdict]
    ladders: list[LadderView]
    item_sections: list[ItemsView]
    cards: dict[str, list[CriterionCard]]  # framework key -> cards
    self_assessment: SelfAssessmentView | None
    gap_rows: list[GapRow]
    gap_source: str  # "self_assessment", "evidence" or "derived"
    rating_max: int = 5  # the top of the self-assessed framework's scale: the worksheet's future state
    not_observable: list[CriterionCard] = field(default_factory=list)
    framework_titles: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # framework key -> source document's title


def _headline(info: FrameworkInfo, block: dict[str, Any]) -> Verdict:
    name = block.get("level_name") or block.get("stage")
    score = block.get("score", block.get("total"))
    if name is None and info.scoring == "rated_items" and score is not None:
        name = info.band_name(score)
    if name is None and not info.known:
        name = block.get("name")
    following = as_dict(block.get("next_level")) or as_dict(block.get("next_stage"))
    next_name = following.get("name") or following.get("stage")
    return Verdict(
        key=info.key,
        title=info.title,
        verdict=fmt_number(name) if name is not None else NA,
        detail=info.headline(block.get("level"), score),
        confidence=fmt_confidence(block.get("confidence")),
        summary=str(block["summary"]) if block.get("summary") else None,
        error=str(block["reason"]) if status_key(block.get("status")) == "error" else None,
        next_step=str(next_name) if next_name else None,
        source=str(block["name"]) if isinstance(block.get("name"), str) and info.known else None,
    )


def _compare(claimed: float | None, evidenced: float | None, unit: str) -> tuple[str | None, str | None]:
    if claimed is None or evidenced is None:
        return None, None
    difference = claimed - evidenced
    if abs(difference) < 1e-9:
        return f"Claim matches the evidence ({fmt_number(evidenced)} {unit}).", "supported"
    kind = "overclaimed" if difference > 0 else "underclaimed"
    return f"{VERDICT_LABELS[kind]} by {fmt_number(abs(difference))} {unit}.", kind


def _foundation_rule(rule: Any, info: FrameworkInfo) -> str | None:
    """A framework's foundation rule (the AI model's "automated QA first") as a sentence, and whether it holds."""
    if isinstance(rule, str):
        return rule
    rule = as_dict(rule)
    if not rule:
        return None
    default = (
        f"{humanize(rule.get('criterion'))} must be in place before advancing beyond "
        f"{info.label.capitalize()} {fmt_number(rule.get('cap_level'))}"
    )
    statement = str(rule.get("statement") or default)
    if statement.lower().startswith("foundation rule:"):
        statement = statement[len("foundation rule:") :].strip()
    holds = rule.get("holds")
    if holds is True:
        return f"{statement.rstrip('.')}. It holds for this corpus."
    if holds is False:
        capped = " and caps the verdict" if rule.get("capped") else ""
        return (
            f"{statement.rstrip('.')}. It is not shown to hold for this corpus (anchor criterion: "
            f"{humanize(rule.get('criterion_status'))}){capped}."
        )
    return statement


def _ladder(info: FrameworkInfo, section: Section, block: dict[str, Any], claimed: int | None) -> LadderView:
    """The framework's levels bottom-up, each with its status; names from the definition when the block lacks them."""
    by_number = {}
    for level in block_levels(block):
        number = as_int(level.get("level", level.get("layer")))
        if number is not None:
            by_number[number] = level
    count = max([len(info.level_names), *by_number])
    rungs = []
    for number in range(1, count + 1):
        level = by_number.get(number, {})
        default_name = info.level_names[number - 1] if number <= len(info.level_names) else NA
        status = status_key(level.get("status"))
        rungs.append(
            LadderRung(
                level=number,
                name=str(level.get("name") or default_name),
                status=status,
                status_label=STATUS_LABELS.get(status, NA),
                score=as_float(level.get("score")),
            )
        )
    return LadderView(
        key=info.key,
        section=section,
        label=info.label.capitalize(),
        rungs=rungs,
        evidenced_level=as_int(block.get("level")),
        claimed_level=claimed,
        foundation_rule=_foundation_rule(block.get("foundation_rule"), info),
    )


def _claimed_level(assessment: dict[str, Any], block: dict[str, Any]) -> int | None:
    """The level the self-assessment claims on the claimed-level framework (the AI layer), wherever it is given."""
    for value in (
        as_dict(assessment.get("ai_layer")).get("claimed"),
        assessment.get("claimed_ai_layer"),
        assessment.get("claimed_layer"),
        assessment.get("ai_layer"),
        block.get("claimed_level"),
        block.get("claimed_layer"),
    ):
        number = as_int(value)
        if number is not None:
            return number
    return None


def build_evidence_view(
    evidence: dict[str, Any], quotes_allowed: bool = True, definitions: Mapping[str, Mapping[str, Any]] | None = None
) -> EvidenceView:
    """Read evidence.json into the report's view objects; never raises on missing or odd keys.

    `definitions` are the framework YAML definitions (default: the shipped frameworks).
    """
    definitions = load_frameworks() if definitions is None else definitions
    evidence = as_dict(evidence)
    frameworks = as_dict(evidence.get("frameworks"))
    assessment = as_dict(evidence.get("self_assessment"))
    infos = framework_infos(frameworks, definitions)
    assessed, claimed_framework = assessed_info(infos, assessment), claimed_info(infos, assessment)
    assessed_block = as_dict(frameworks.get(assessed.key)) if assessed else {}
    claimed_block = as_dict(frameworks.get(claimed_framework.key)) if claimed_framework else {}
    claimed_layer = _claimed_level(assessment, claimed_block) if claimed_framework else None
    assessed_items = rated_items(assessed_block, assessment)

    verdicts = []
    cards: dict[str, list[CriterionCard]] = {}
    for key, info in infos.items():
        if key not in frameworks:
            continue
        block = as_dict(frameworks.get(key))
        verdict = _headline(info, block)
        if info is claimed_framework and claimed_layer is not None:
            verdict.claimed = f"{info.label.capitalize()} {claimed_layer}"
            verdict.comparison, verdict.comparison_kind = _compare(
                claimed_layer, as_float(block.get("level")), f"{info.label}s"
            )
        if info is assessed and assessment:
            claimed_total = as_float(assessment.get("claimed_total"))
            stage = assessment.get("claimed_stage") or info.band_name(claimed_total)
            if claimed_total is not None or assessment.get("claimed_stage"):
                verdict.claimed = f"{fmt_number(stage)} ({fmt_number(claimed_total)} / {fmt_number(info.max_score)})"
            verdict.comparison, verdict.comparison_kind = _compare(
                claimed_total, as_float(assessment.get("evidenced_total", block.get("score"))), "points"
            )
        verdicts.append(verdict)
        cards[key] = framework_cards(info, block, quotes_allowed)

    ladders = [
        _ladder(info, info.ladder, as_dict(frameworks.get(key)), claimed_layer if info is claimed_framework else None)
        for key, info in infos.items()
        if info.ladder is not None
    ]
    item_sections = []
    for key, info in infos.items():
        if info.items is None:
            continue
        items = assessed_items if info is assessed else rated_items(as_dict(frameworks.get(key)), {})
        item_sections.append(
            ItemsView(
                key=key,
                section=info.items,
                items=items,
                groups=list(info.groups),
                rating_max=info.rating_max,
                has_claims=any(item.claimed is not None for item in items),
                assessed=info is assessed,
            )
        )
    top = assessed.rating_max if assessed else 5
    rows, gap_source = gap_rows(evidence, assessed_block, assessed_items, top)
    not_observable = [card for framework in cards.values() for card in framework if card.status == "not_observable"]
    return EvidenceView(
        verdicts=verdicts,
        ladders=ladders,
        item_sections=item_sections,
        cards=cards,
        self_assessment=self_assessment_view(assessment, assessed_block, assessed, claimed_layer, assessed_items),
        gap_rows=rows,
        gap_source=gap_source,
        rating_max=top,
        not_observable=not_observable,
        framework_titles={key: info.title for key, info in infos.items()},
        sources={verdict.key: verdict.source for verdict in verdicts if verdict.source},
    )
