"""The report's reading of evidence.json: verdicts, criteria cards, ladder, ICMI items, gap worksheet.

evidence.json is written by the maturity stage; its framework blocks differ in what they carry.
This module turns whatever a block contains into plain view objects with every missing value
already "n/a", so the template never has to guess and a thin block never crashes the report.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cxmaturity.report.formatting import (
    NA,
    OBSERVABILITY_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    as_float,
    fmt_confidence,
    fmt_number,
    fmt_threshold,
    humanize,
    status_key,
    verdict_key,
)

QUOTE_MAX_CHARS = 320

FRAMEWORK_TITLES = {
    "ai_maturity": "Contact-centre AI maturity",
    "icmi": "ICMI CX maturity",
    "four_stage": "Four stages of CX maturity",
    "five_level": "CX maturity assessment",
    "curve": "CX maturity curve",
}
FRAMEWORK_ORDER = ["ai_maturity", "icmi", "four_stage", "five_level", "curve"]
AI_LAYER_NAMES = ["Automate", "Augment", "Analyze", "Transform", "Predict & Prescribe", "Orchestrate"]
ICMI_GROUPS = ["organizational", "people", "process", "metrics", "technology"]
ICMI_MAX_TOTAL = 100
ICMI_BANDS = [
    (20, "Customer-Negligent"),
    (40, "Customer-Chaotic"),
    (60, "Customer-Aware"),
    (80, "Customer-Centric"),
    (100, "Customer-Champion"),
]
PRIORITY_RANK = {"high": 3, "medium": 2, "low": 1}
EFFORT_RANK = {"low": 1, "medium": 2, "high": 3}
# Lists inside a framework block that hold criteria (or groups of criteria, like AI layers).
CRITERIA_LIST_KEYS = (
    "layers",
    "levels",
    "items",
    "criteria",
    "areas",
    "components",
    "indicators",
    "dimensions",
    "steps",
)


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
    layer: int
    name: str
    status: str
    status_label: str
    score: float | None


@dataclass
class IcmiItem:
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
    claimed_ai_layer: str
    verdict_counts: dict[str, int]
    items: list[dict[str, str]]


@dataclass
class EvidenceView:
    verdicts: list[Verdict]
    ladder: list[LadderRung]
    ai_level: int | None
    claimed_ai_layer: int | None
    foundation_rule: str | None
    icmi_items: list[IcmiItem]
    has_claims: bool
    cards: dict[str, list[CriterionCard]]  # framework key -> cards
    self_assessment: SelfAssessmentView | None
    gap_rows: list[GapRow]
    gap_source: str  # "self_assessment", "evidence" or "derived"
    not_observable: list[CriterionCard] = field(default_factory=list)
    framework_titles: dict[str, str] = field(default_factory=lambda: dict(FRAMEWORK_TITLES))
    sources: dict[str, str] = field(default_factory=dict)  # framework key -> source document's title


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_list_of_dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _as_int(value: Any) -> int | None:
    number = as_float(value)
    return int(round(number)) if number is not None else None


def icmi_stage_for(total: Any) -> str:
    """The toolkit's band for a 0-100 total."""
    number = as_float(total)
    if number is None:
        return NA
    for upper, name in ICMI_BANDS:
        if number <= upper:
            return name
    return ICMI_BANDS[-1][1]


def _examples(raw: Any, quotes_allowed: bool) -> list[Example]:
    examples = []
    for item in _as_list_of_dicts(raw):
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
    metrics = _as_dict(metrics)
    thresholds = _as_dict(thresholds)
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


def _criterion_card(framework: str, group: str, raw: dict[str, Any], quotes_allowed: bool) -> CriterionCard:
    status = status_key(raw.get("status"))
    if status == "unknown" and str(raw.get("observability", "")).lower() == "none":
        status = "not_observable"
    rating = raw.get("evidenced_rating", raw.get("rating"))
    observability = raw.get("observability")
    if observability is None and status == "not_observable":
        observability = "none"
    identifier = str(raw.get("id") or raw.get("name") or NA)
    return CriterionCard(
        framework=framework,
        group=group,
        id=identifier,
        name=display_name(raw.get("name"), identifier),
        description=str(raw.get("description") or raw.get("statement") or "") or None,
        status=status,
        status_label=STATUS_LABELS.get(status, NA),
        score=fmt_number(raw.get("score")),
        rating=(f"{fmt_number(rating)} / 5" if rating is not None else NA) if framework == "icmi" else None,
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


def framework_cards(key: str, block: dict[str, Any], quotes_allowed: bool) -> list[CriterionCard]:
    """Every criterion in a framework block, whatever list it sits in (layers nest theirs)."""
    cards: list[CriterionCard] = []
    for list_key in CRITERIA_LIST_KEYS:
        for entry in _as_list_of_dicts(block.get(list_key)):
            nested = _as_list_of_dicts(entry.get("criteria"))
            graduation = _as_list_of_dicts(_as_dict(entry.get("ready_to_graduate")).get("checks"))
            if nested or graduation:
                number = entry.get("layer", entry.get("level"))
                word = "Layer" if "layer" in entry else "Stage" if key == "four_stage" else "Level"
                label = str(entry.get("name") or NA)
                group = f"{word} {fmt_number(number)} · {label}" if number is not None else label
                cards += [_criterion_card(key, group, criterion, quotes_allowed) for criterion in nested]
                cards += [
                    _criterion_card(key, f"{group} · ready to graduate", check, quotes_allowed) for check in graduation
                ]
            elif "criteria" not in entry:
                group = humanize(entry.get("group")) if entry.get("group") else humanize(list_key)
                cards.append(_criterion_card(key, group, entry, quotes_allowed))
    return cards


def _headline(key: str, block: dict[str, Any]) -> Verdict:
    title = FRAMEWORK_TITLES.get(key, humanize(key))
    name = block.get("level_name") or block.get("stage")
    if name is None and key not in FRAMEWORK_TITLES:
        name = block.get("name")
    if key == "ai_maturity":
        level = block.get("level", block.get("layer"))
        detail = f"Layer {fmt_number(level)} of 6" if level is not None else "Layer n/a of 6"
    elif key == "icmi":
        score = block.get("score", block.get("total"))
        detail = f"{fmt_number(score)} / {ICMI_MAX_TOTAL} evidenced points" if score is not None else "Score n/a"
        if name is None and score is not None:
            name = icmi_stage_for(score)
    else:
        number = block.get("level", block.get("stage_number"))
        label = "Stage" if key == "four_stage" else "Level"
        detail = f"{label} {fmt_number(number)}" if number is not None else f"{label} n/a"
    following = _as_dict(block.get("next_level")) or _as_dict(block.get("next_stage"))
    next_name = following.get("name") or following.get("stage")
    return Verdict(
        key=key,
        title=title,
        verdict=fmt_number(name) if name is not None else NA,
        detail=detail,
        confidence=fmt_confidence(block.get("confidence")),
        summary=str(block["summary"]) if block.get("summary") else None,
        error=str(block["reason"]) if status_key(block.get("status")) == "error" else None,
        next_step=str(next_name) if next_name else None,
        source=str(block["name"]) if isinstance(block.get("name"), str) and key in FRAMEWORK_TITLES else None,
    )


def _compare(claimed: float | None, evidenced: float | None, unit: str) -> tuple[str | None, str | None]:
    if claimed is None or evidenced is None:
        return None, None
    difference = claimed - evidenced
    if abs(difference) < 1e-9:
        return f"Claim matches the evidence ({fmt_number(evidenced)} {unit}).", "supported"
    kind = "overclaimed" if difference > 0 else "underclaimed"
    return f"{VERDICT_LABELS[kind]} by {fmt_number(abs(difference))} {unit}.", kind


def _ladder(block: dict[str, Any]) -> list[LadderRung]:
    by_number = {}
    for layer in _as_list_of_dicts(block.get("layers")):
        number = _as_int(layer.get("layer", layer.get("level")))
        if number is not None:
            by_number[number] = layer
    rungs = []
    for number, default_name in enumerate(AI_LAYER_NAMES, start=1):
        layer = by_number.get(number, {})
        status = status_key(layer.get("status"))
        rungs.append(
            LadderRung(
                layer=number,
                name=str(layer.get("name") or default_name),
                status=status,
                status_label=STATUS_LABELS.get(status, NA),
                score=as_float(layer.get("score")),
            )
        )
    return rungs


def _claimed_ai_layer(evidence: dict[str, Any]) -> int | None:
    assessment = _as_dict(evidence.get("self_assessment"))
    ai_block = _as_dict(_as_dict(evidence.get("frameworks")).get("ai_maturity"))
    for value in (
        _as_dict(assessment.get("ai_layer")).get("claimed"),
        assessment.get("claimed_ai_layer"),
        assessment.get("claimed_layer"),
        assessment.get("ai_layer"),
        ai_block.get("claimed_level"),
        ai_block.get("claimed_layer"),
    ):
        number = _as_int(value)
        if number is not None:
            return number
    return None


def _icmi_items(icmi: dict[str, Any], assessment: dict[str, Any]) -> list[IcmiItem]:
    claims = {str(item.get("id")): item for item in _as_list_of_dicts(assessment.get("items"))}
    items = []
    seen = set()
    for raw in _as_list_of_dicts(icmi.get("items")):
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
            IcmiItem(
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
                IcmiItem(
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


def _gap_rows(evidence: dict[str, Any], icmi_items: list[IcmiItem]) -> tuple[list[GapRow], str]:
    assessment = _as_dict(evidence.get("self_assessment"))
    icmi = _as_dict(_as_dict(evidence.get("frameworks")).get("icmi"))
    raw_rows = _as_list_of_dicts(assessment.get("gap_analysis"))
    source = "self_assessment"
    if not raw_rows:
        raw_rows = _as_list_of_dicts(evidence.get("gap_analysis")) or _as_list_of_dicts(icmi.get("gap_analysis"))
        source = "evidence"
    items_by_id = {item.id: item for item in icmi_items}
    if not raw_rows:  # the toolkit's worksheet from evidenced ratings alone: current rating and gap to 5
        raw_rows = [
            {
                "id": item.id,
                "current_rating": item.evidenced,
                "gap": (5 - item.evidenced) if item.evidenced is not None else None,
            }
            for item in icmi_items
        ]
        source = "derived"
    rows = []
    for raw in raw_rows:
        identifier = str(raw.get("id") or NA)
        item = items_by_id.get(identifier)
        current = as_float(raw.get("current_rating"))
        evidenced = as_float(raw.get("evidenced_rating"))
        if evidenced is None and item is not None:
            evidenced = item.evidenced
        gap = as_float(raw.get("gap"))
        if gap is None and current is not None:
            gap = 5 - current
        gap_evidenced = as_float(raw.get("gap_evidenced"))
        if gap_evidenced is None and evidenced is not None:
            gap_evidenced = 5 - evidenced
        priority = str(raw.get("priority") or NA).lower()
        effort = str(raw.get("effort") or NA).lower()
        actions = raw.get("actions")
        if isinstance(actions, str):
            actions = [actions]
        group = item.group if item and item.group != NA else raw.get("group")
        rows.append(
            GapRow(
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
        )
    rows.sort(key=lambda row: (-row.priority_sort, -row.gap_sort, row.id))
    return rows, source


def _self_assessment(
    evidence: dict[str, Any], icmi: dict[str, Any], claimed_layer: int | None, icmi_items: list[IcmiItem]
) -> SelfAssessmentView | None:
    assessment = _as_dict(evidence.get("self_assessment"))
    if not assessment:
        return None
    counts = {key: 0 for key in VERDICT_LABELS}
    table = []
    for item in icmi_items:
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
    evidenced_total = assessment.get("evidenced_total", icmi.get("score"))
    evidenced_stage = assessment.get("evidenced_stage") or icmi.get("stage") or icmi_stage_for(evidenced_total)
    claimed_total = assessment.get("claimed_total")
    claimed_stage = assessment.get("claimed_stage") or (
        icmi_stage_for(claimed_total) if claimed_total is not None else None
    )
    return SelfAssessmentView(
        claimed_total=fmt_number(claimed_total),
        claimed_stage=fmt_number(claimed_stage),
        evidenced_total=fmt_number(evidenced_total),
        evidenced_stage=fmt_number(evidenced_stage),
        claimed_ai_layer=fmt_number(claimed_layer),
        verdict_counts=counts,
        items=table,
    )


def _foundation_rule(rule: Any) -> str | None:
    """The AI model's foundation rule as a sentence, with whether this corpus meets it."""
    if isinstance(rule, str):
        return rule
    rule = _as_dict(rule)
    if not rule:
        return None
    statement = str(rule.get("statement") or "Automated QA must be in place before advancing beyond Layer 1")
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


def build_evidence_view(evidence: dict[str, Any], quotes_allowed: bool = True) -> EvidenceView:
    """Read evidence.json into the report's view objects; never raises on missing or odd keys."""
    evidence = _as_dict(evidence)
    frameworks = _as_dict(evidence.get("frameworks"))
    assessment = _as_dict(evidence.get("self_assessment"))
    ai_block = _as_dict(frameworks.get("ai_maturity"))
    icmi = _as_dict(frameworks.get("icmi"))
    claimed_layer = _claimed_ai_layer(evidence)
    icmi_items = _icmi_items(icmi, assessment)

    keys = [key for key in FRAMEWORK_ORDER if key in frameworks]
    keys += [key for key in frameworks if key not in FRAMEWORK_ORDER]
    verdicts = []
    cards: dict[str, list[CriterionCard]] = {}
    for key in keys:
        block = _as_dict(frameworks.get(key))
        verdict = _headline(key, block)
        if key == "ai_maturity" and claimed_layer is not None:
            verdict.claimed = f"Layer {claimed_layer}"
            verdict.comparison, verdict.comparison_kind = _compare(
                claimed_layer, as_float(block.get("level")), "layers"
            )
        if key == "icmi" and assessment:
            claimed_total = as_float(assessment.get("claimed_total"))
            stage = assessment.get("claimed_stage") or icmi_stage_for(claimed_total)
            if claimed_total is not None or assessment.get("claimed_stage"):
                verdict.claimed = f"{fmt_number(stage)} ({fmt_number(claimed_total)} / {ICMI_MAX_TOTAL})"
            verdict.comparison, verdict.comparison_kind = _compare(
                claimed_total, as_float(assessment.get("evidenced_total", block.get("score"))), "points"
            )
        verdicts.append(verdict)
        cards[key] = framework_cards(key, block, quotes_allowed)

    gap_rows, gap_source = _gap_rows(evidence, icmi_items)
    not_observable = [card for framework in cards.values() for card in framework if card.status == "not_observable"]
    titles = dict(FRAMEWORK_TITLES)
    titles.update({key: humanize(key) for key in keys if key not in titles})
    return EvidenceView(
        verdicts=verdicts,
        ladder=_ladder(ai_block),
        ai_level=_as_int(ai_block.get("level")),
        claimed_ai_layer=claimed_layer,
        foundation_rule=_foundation_rule(ai_block.get("foundation_rule")),
        icmi_items=icmi_items,
        has_claims=any(item.claimed is not None for item in icmi_items),
        cards=cards,
        self_assessment=_self_assessment(evidence, icmi, claimed_layer, icmi_items),
        gap_rows=gap_rows,
        gap_source=gap_source,
        not_observable=not_observable,
        framework_titles=titles,
        sources={verdict.key: verdict.source for verdict in verdicts if verdict.source},
    )
