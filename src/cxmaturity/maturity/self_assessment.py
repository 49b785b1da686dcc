"""A centre's ICMI self-assessment: load, validate, compare with the evidence, gap worksheet.

The toolkit asks a centre to rate 20 statements 1-5; we check each claim against what the
transcripts show and fill the toolkit's gap-analysis worksheet (current rating, gap = 5 -
rating, priority, effort, initiative type, actions from the toolkit's "closing the gaps").
Bad input is never defaulted: every problem is listed in one error.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cxmaturity.errors import ConfigError
from cxmaturity.maturity.engine import band_level
from cxmaturity.maturity.rules import NOT_OBSERVABLE
from cxmaturity.maturity.schema import load_frameworks

# Descriptive keys a self-assessment file may carry next to `items` (reported, never scored).
METADATA_KEYS = ("organisation", "organization", "centre", "center", "assessed_on", "assessed_by", "notes")
Frameworks = Mapping[str, Mapping[str, Any]]


def assessed_framework(frameworks: Frameworks | None = None) -> tuple[str, Mapping[str, Any]]:
    """The framework a self-assessment rates (ICMI): the one whose YAML has a `self_assessment` block."""
    frameworks = load_frameworks() if frameworks is None else frameworks
    for fid, framework in frameworks.items():
        if framework.get("self_assessment"):
            return fid, framework
    raise ConfigError("no framework defines a self_assessment block, so there is nothing to rate a claim against")


def claimed_layer_framework(frameworks: Frameworks | None = None) -> tuple[str, Mapping[str, Any]] | None:
    """The framework a claimed level (`claimed_ai_layer`) is compared with (`claimed_layer_framework`)."""
    frameworks = load_frameworks() if frameworks is None else frameworks
    _, assessed = assessed_framework(frameworks)
    fid = assessed["self_assessment"].get("claimed_layer_framework")
    return (fid, frameworks[fid]) if fid in frameworks else None


class SelfAssessmentError(ConfigError):
    """The self-assessment file has problems; the message names the file and lists each one."""

    def __init__(self, path: Path, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__(
            f"self-assessment {path}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems)
        )


@dataclass(frozen=True)
class SelfAssessment:
    ratings: dict[str, int]
    claimed_ai_layer: int | None = None


def _rating(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if low <= value <= high else None
    if isinstance(value, float) and value.is_integer():
        return _rating(int(value), low, high)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return _rating(int(value.strip()), low, high)
    return None


def _read_raw(path: Path) -> tuple[dict[str, Any], Any, list[str]]:
    problems: list[str] = []
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip().lower() for c in reader.fieldnames or []]
            if "id" not in columns or "rating" not in columns:
                return {}, None, [f"CSV needs columns 'id' and 'rating' (found: {', '.join(columns) or 'none'})"]
            raw: dict[str, Any] = {}
            claimed_layer = None
            for line, row in enumerate(reader, start=2):
                row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
                item_id = row["id"]
                if item_id == "claimed_ai_layer":
                    claimed_layer = row["rating"]
                elif item_id in raw:
                    problems.append(f"line {line}: item {item_id!r} is listed twice")
                else:
                    raw[item_id] = row["rating"]
            return raw, claimed_layer, problems
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return {}, None, [f"not valid YAML ({exc.__class__.__name__})"]
    if not isinstance(data, Mapping):
        return {}, None, ["expected a mapping of item ids to ratings (or 'items:' with one)"]
    data = dict(data)
    claimed_layer = data.pop("claimed_ai_layer", None)
    if "items" in data:
        items = data.pop("items")
        if not isinstance(items, Mapping):
            return {}, claimed_layer, ["'items' must map item ids to ratings"]
        for key in data:
            if key not in METADATA_KEYS:
                problems.append(
                    f"unknown top-level key {key!r} (expected 'items', optional 'claimed_ai_layer' "
                    f"and descriptive keys {', '.join(METADATA_KEYS)})"
                )
        return dict(items), claimed_layer, problems
    return data, claimed_layer, problems


def load_self_assessment(path: Path, frameworks: Frameworks | None = None) -> SelfAssessment:
    """Read YAML (`items: {id: rating}` or top-level ids, optional `claimed_ai_layer`) or CSV (`id,rating`)."""
    path = Path(path)
    if not path.is_file():
        raise SelfAssessmentError(path, ["file not found"])
    _, icmi = assessed_framework(frameworks)
    claimed_framework = claimed_layer_framework(frameworks)
    ai_levels = len(claimed_framework[1]["levels"]) if claimed_framework else 0
    low, high = int(icmi["rating"]["min"]), int(icmi["rating"]["max"])
    known = [c["id"] for c in icmi["criteria"]]
    raw, claimed_layer, problems = _read_raw(path)
    ratings: dict[str, int] = {}
    for item_id, value in raw.items():
        if item_id not in known:
            problems.append(f"unknown item id {item_id!r}")
            continue
        rating = _rating(value, low, high)
        if rating is None:
            problems.append(f"item {item_id!r}: rating {value!r} is not a whole number from {low} to {high}")
        else:
            ratings[item_id] = rating
    for item_id in known:
        if item_id not in raw:
            problems.append(f"missing item {item_id!r}")
    layer = None
    if claimed_layer is not None and claimed_layer != "" and not ai_levels:
        problems.append("claimed_ai_layer is given, but no framework takes a claimed level")
    elif claimed_layer is not None and claimed_layer != "":
        layer = _rating(claimed_layer, 1, ai_levels)
        if layer is None:
            problems.append(f"claimed_ai_layer {claimed_layer!r} is not a whole number from 1 to {ai_levels}")
    if problems:
        raise SelfAssessmentError(path, problems)
    return SelfAssessment(ratings=ratings, claimed_ai_layer=layer)


def _verdict(claimed: int, evidenced: int | None, confidence: float, tolerance: int, min_confidence: float) -> str:
    if evidenced is None or confidence < min_confidence:
        return "unverifiable"
    if claimed - evidenced > tolerance:
        return "overclaimed"
    if evidenced - claimed > tolerance:
        return "underclaimed"
    return "supported"


def _actions_for(item_id: str, from_level: int, transitions: list[Mapping[str, Any]]) -> list[str]:
    """The toolkit's recommended actions for this item, from the next transition up that has any."""
    for transition in sorted(transitions, key=lambda t: t["from"]):
        if transition["from"] < from_level:
            continue
        actions = [a["text"] for a in transition["actions"] if item_id in (a.get("items") or [])]
        if actions:
            return actions
    return []


def _priority(gap: int, verdict: str, gaps: Mapping[str, int]) -> str:
    ranks = ["low", "medium", "high"]
    rank = 2 if gap >= gaps.get("high", 3) else 1 if gap >= gaps.get("medium", 2) else 0
    if verdict == "overclaimed" and gap > 0:
        rank = min(2, rank + 1)  # the real gap is wider than the centre thinks
    return ranks[rank]


def compare(
    assessment: SelfAssessment, frameworks_evidence: Mapping[str, Any], frameworks: Frameworks | None = None
) -> dict[str, Any]:
    """The `self_assessment` section of evidence.json: per-item verdicts, totals, stages, gap worksheet.

    `frameworks_evidence` is evidence.json's `frameworks` section (this also re-scores a finished run).
    """
    icmi_id, icmi_def = assessed_framework(frameworks)
    claimed_framework = claimed_layer_framework(frameworks)
    settings = icmi_def.get("self_assessment") or {}
    tolerance = int(settings.get("tolerance", 1))
    min_conf = float(settings.get("min_confidence", 0.3))
    high = int(icmi_def["rating"]["max"])
    evidence = frameworks_evidence.get(icmi_id) or {}
    evidenced_items = {i["id"]: i for i in evidence.get("items") or []}
    groups = {d["id"]: d for d in icmi_def.get("dimensions") or []}

    items, verifiable_claimed, verifiable_evidenced = [], 0, 0
    for item in icmi_def["criteria"]:
        claimed = assessment.ratings[item["id"]]
        ev = evidenced_items.get(item["id"], {})
        evidenced, confidence = ev.get("evidenced_rating"), float(ev.get("confidence") or 0.0)
        verdict = _verdict(claimed, evidenced, confidence, tolerance, min_conf)
        if verdict != "unverifiable":
            verifiable_claimed += claimed
            verifiable_evidenced += evidenced
        entry = {
            "id": item["id"],
            "name": item["name"],
            "group": item["dimension"],
            "claimed": claimed,
            "evidenced": evidenced,
            "confidence": round(confidence, 4),
            "verdict": verdict,
            "evidence_status": ev.get("status", NOT_OBSERVABLE),
        }
        if verdict == "unverifiable":
            # Never scored as 1: say why there is no verdict.
            entry["reason"] = (
                f"not observable in transcripts: {ev.get('reason') or 'no evidence in this run'}"
                if evidenced is None
                else f"evidence too thin to judge a claim (confidence {confidence:.2f} < {min_conf:.2f})"
            )
        items.append(entry)

    claimed_total = sum(assessment.ratings.values())
    claimed_level = band_level(icmi_def, claimed_total)
    evidenced_level = evidence.get("level")
    start_level = min(claimed_level, evidenced_level) if evidenced_level else claimed_level
    worksheet = []
    for item, entry in zip(icmi_def["criteria"], items, strict=True):
        group = groups.get(item["dimension"], {})
        gap = high - entry["claimed"]
        worksheet.append(
            {
                "id": item["id"],
                "activity": item["name"],
                "current_rating": entry["claimed"],
                "evidenced_rating": entry["evidenced"],
                "gap": gap,
                "gap_evidenced": None if entry["evidenced"] is None else high - entry["evidenced"],
                "priority": _priority(gap, entry["verdict"], settings.get("priority_gaps") or {}),
                "effort": item.get("effort", group.get("effort")),
                "initiative": item.get("initiative", group.get("initiative")),
                "actions": _actions_for(item["id"], start_level, icmi_def.get("transitions") or []) if gap > 0 else [],
                "target_completion_date": None,
            }
        )
    counts = {
        v: sum(1 for i in items if i["verdict"] == v)
        for v in ("supported", "overclaimed", "underclaimed", "unverifiable")
    }
    section: dict[str, Any] = {
        "framework": icmi_id,
        "claimed_total": claimed_total,
        "claimed_stage": icmi_def["levels"][claimed_level - 1]["name"],
        "evidenced_total": evidence.get("score"),
        "evidenced_stage": evidence.get("stage"),
        "claimed_total_verifiable": verifiable_claimed,
        "evidenced_total_verifiable": verifiable_evidenced,
        "verdicts": counts,
        "items": items,
        "gap_analysis": worksheet,
    }
    if assessment.claimed_ai_layer is not None and claimed_framework is not None:
        ai_id, ai_def = claimed_framework
        ai = frameworks_evidence.get(ai_id) or {}
        layer = ai.get("level")
        verdict = (
            "unverifiable"
            if layer is None or float(ai.get("confidence") or 0) < min_conf
            else "overclaimed"
            if assessment.claimed_ai_layer > layer
            else "underclaimed"
            if assessment.claimed_ai_layer < layer
            else "supported"
        )
        section["ai_layer"] = {
            "framework": ai_id,
            "claimed": assessment.claimed_ai_layer,
            "claimed_name": ai_def["levels"][assessment.claimed_ai_layer - 1]["name"],
            "evidenced": layer,
            "evidenced_name": ai.get("level_name"),
            "verdict": verdict,
            "foundation_rule_holds": (ai.get("foundation_rule") or {}).get("holds"),
            "evidence_summary": ai.get("summary"),
            "actions_to_advance": list(ai_def["levels"][(layer or 1) - 1].get("actions") or []),
        }
    return section
