"""Rated-items frameworks (ICMI): an evidenced rating per item, a 0-100 score, and the band it falls in.

Each item gets an evidenced 1-5 rating or is unverifiable; the score is the toolkit's total scaled
from the verifiable items; the bands give the stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxmaturity.maturity.evaluator import (
    Evaluator,
    confidence_basis,
    confidence_label,
    error_entries,
    framework_confidence,
    framework_identity,
)
from cxmaturity.maturity.verdict import (
    EVIDENCED,
    NOT_EVIDENCED,
    NOT_OBSERVABLE,
    PARTIAL,
    Band,
    CriterionResult,
    FrameworkVerdict,
    GroupResult,
    ItemResult,
    LevelResult,
    NextLevel,
    NextStage,
    RatedItemsDetail,
    RatingScale,
)


def exact_rating(score: float, low: int = 1, high: int = 5) -> float:
    """Evidence score 0..1 onto the toolkit's 1 (no progress) .. 5 (achieved) scale, unrounded."""
    return min(float(high), max(float(low), low + (high - low) * score))


def rating_from_score(score: float, low: int = 1, high: int = 5) -> int:
    """The toolkit's whole-number rating for an evidence score."""
    return int(exact_rating(score, low, high) + 0.5)


def band_level(framework: Mapping[str, Any], total: float) -> int:
    for band in framework["bands"]:
        if band["min"] <= total <= band["max"]:
            return int(band["level"])
    return int(
        framework["bands"][0]["level"] if total < framework["bands"][0]["min"] else framework["bands"][-1]["level"]
    )


def _rated_item(item: Mapping[str, Any], verdict: CriterionResult, low: int, top: int) -> ItemResult:
    score = verdict.score
    return ItemResult(
        id=item["id"],
        name=item["name"],
        group=item["dimension"],
        statement=item.get("statement"),
        evidenced_rating=rating_from_score(score, low, top) if score is not None else None,
        evidenced_rating_exact=round(exact_rating(score, low, top), 4) if score is not None else None,
        evidence_score=score,
        status=verdict.status,
        confidence=verdict.confidence,
        observability=verdict.observability,
        denominators=list(verdict.denominators or []),
        metrics=verdict.metrics,
        examples=verdict.examples,
        reason=verdict.reason or None,
    )


def _band_levels(framework: Mapping[str, Any], level: int | None) -> list[LevelResult]:
    """A rated framework's stages as levels: evidenced up to the band the score falls in."""
    bands = {int(b["level"]): Band(min=b["min"], max=b["max"]) for b in framework["bands"]}
    out = []
    for definition in framework["levels"]:
        number = int(definition["level"])
        reached = level is not None and number <= level
        out.append(
            LevelResult(
                level=number,
                name=definition["name"],
                description=definition.get("description") or None,
                status=NOT_OBSERVABLE if level is None else EVIDENCED if reached else NOT_EVIDENCED,
                score=None,
                confidence=None,
                band=bands.get(number),
                reached=reached,
            )
        )
    return out


def evaluate_rated_items(framework: Mapping[str, Any], ev: Evaluator) -> FrameworkVerdict:
    """ICMI: an evidenced 1-5 rating per item, total on the toolkit's 0-100 scale, band -> stage."""
    settings = framework.get("settings") or {}
    low, high = int(framework["rating"]["min"]), int(framework["rating"]["max"])
    items = []
    for item in framework["criteria"]:
        top = int(framework["rating"].get("proxy_max", high)) if item["observability"] == "proxy" else high
        items.append(_rated_item(item, ev.criterion(item, settings), low, top))
    rated = [i.evidenced_rating_exact for i in items if i.evidenced_rating_exact is not None]
    level: int | None = None
    score: int | None = None
    next_stage = None
    next_level = None
    if rated:
        # The mean of the verifiable items' unrounded ratings, as a share of the top rating, on the
        # 0-100 scale; the same as the toolkit's total (items x 1..high) scaled from the verifiable
        # items. Summing unrounded ratings means one item crossing a rounding boundary cannot move the stage.
        score = round(sum(rated) / len(rated) * 100 / high)
        level = band_level(framework, score)
        transition = next((t for t in framework.get("transitions") or [] if t["from"] == level), None)
        if transition:
            next_stage = NextStage(
                stage=framework["levels"][transition["to"] - 1]["name"],
                summary=transition.get("summary"),
                actions=[a["text"] for a in transition["actions"]],
            )
        if level < len(framework["levels"]):
            following = framework["levels"][level]
            next_level = NextLevel(
                level=following["level"],
                name=following["name"],
                gaps=[i.id for i in items if i.status in (PARTIAL, NOT_EVIDENCED)],
            )
    level_def = framework["levels"][level - 1] if level is not None else None
    confidence = framework_confidence(items)
    groups = [
        GroupResult(
            id=d["id"],
            name=d["name"],
            items=[i.id for i in items if i.group == d["id"]],
            evidenced_total=sum(i.evidenced_rating or 0 for i in items if i.group == d["id"]),
            unverifiable=sum(1 for i in items if i.group == d["id"] and i.evidenced_rating is None),
        )
        for d in framework.get("dimensions") or []
    ]
    return FrameworkVerdict(
        **framework_identity(framework),
        level=level,
        level_name=level_def["name"] if level_def else None,
        confidence=confidence,
        confidence_label=confidence_label(confidence),
        confidence_basis=confidence_basis(items, len(ev.tables.calls)),
        levels=_band_levels(framework, level),
        next_level=next_level,
        errors=error_entries(items),
        rated=RatedItemsDetail(
            stage=level_def["name"] if level_def else None,
            score=score,
            evidenced_total_verifiable=round(sum(rated), 2) if rated else None,
            key_metrics=list((level_def or {}).get("key_metrics") or []),
            next_stage=next_stage,
            items_verifiable=len(rated),
            items_unverifiable=len(items) - len(rated),
            groups=groups,
            items=items,
            rating=RatingScale(min=low, max=high),
        ),
    )
