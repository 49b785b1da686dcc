"""Verdicts per framework from the calls/turns tables.

Two scorings, both driven by the framework YAML:
- `cumulative` (AI layers, four stages, five levels, curve): criteria belong to levels; each
  level is judged from its observable criteria and the centre is placed on the ladder by the
  framework's ladder rule (`maturity/ladder.py`, explained in `docs/maturity.md`). The AI
  model's foundation rule then caps the level when its criterion is not evidenced.
- `rated_items` (ICMI): each item gets an evidenced 1-5 rating or is unverifiable; the
  0-100 score is the toolkit's total scaled from the verifiable items; bands give the stage.

Nothing here may end a run: a rule that raises makes its criterion `error` (with the
exception type and our frame, never its message), and a framework that raises is reported
as an `error` verdict while the other frameworks go on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from cxmaturity.errors import describe_exception
from cxmaturity.maturity.ladder import LadderPolicy, Placement, Rung, level_status, place
from cxmaturity.maturity.metrics import Tables
from cxmaturity.maturity.rules import (
    ERROR,
    EVIDENCED,
    NOT_EVIDENCED,
    NOT_OBSERVABLE,
    PARTIAL,
    TurnIndex,
    combine_checks,
    evaluate_rule,
)
from cxmaturity.maturity.schema import load_rules, resolve_evidence, select_frameworks

DEFAULT_K = 20.0
DEFAULT_PROXY_WEIGHT = 0.7
# Confidence words for the report: below 0.4 the evidence is thin (a few dozen conversations at
# most, or many criteria unobservable); 0.7 needs hundreds of conversations and most criteria seen.
CONFIDENCE_LABELS = ((0.7, "high"), (0.4, "medium"), (0.0, "low"))
UNSCORED = (NOT_OBSERVABLE, ERROR)


class Evaluator:
    """Evaluates criteria on one corpus, caching rule results shared across frameworks."""

    def __init__(self, calls: pd.DataFrame, turns: pd.DataFrame | None):
        self.tables = Tables(calls=calls, turns=turns)
        self.turn_index = TurnIndex(turns)
        self.calls_by_id: dict[str, dict[str, Any]] = {}
        if "conversation_id" in calls.columns and "signal_turns" in calls.columns:
            self.calls_by_id = {
                str(cid): {"signal_turns": st} for cid, st in zip(calls["conversation_id"], calls["signal_turns"])
            }
        self.rules = load_rules()
        self._cache: dict[tuple, dict[str, Any]] = {}

    def rule(self, rule: Mapping[str, Any], k: float) -> dict[str, Any]:
        """One rule's result; a rule that raises becomes an `error` result instead of ending the run."""
        key = (repr(sorted((str(a), repr(b)) for a, b in rule.items())), k)
        if key not in self._cache:
            try:
                self._cache[key] = evaluate_rule(rule, self.tables, k, self.turn_index, self.calls_by_id)
            except Exception as exc:  # noqa: BLE001 - contained per rule, reported in evidence.json
                self._cache[key] = {
                    "describe": rule.get("describe"),
                    "value": None,
                    "n": 0,
                    "direction": rule.get("direction"),
                    "evidenced": rule.get("evidenced"),
                    "partial": rule.get("partial"),
                    "status": ERROR,
                    "score": None,
                    "confidence": 0.0,
                    "reason": describe_exception(exc),
                    "structural": False,
                    "examples": [],
                }
        return self._cache[key]

    def criterion(self, criterion: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
        """A criterion's verdict with its metrics, denominators and up to three examples."""
        k = float(settings.get("confidence_k", DEFAULT_K))
        proxy_weight = float(settings.get("proxy_weight", DEFAULT_PROXY_WEIGHT))
        out: dict[str, Any] = {"id": criterion["id"], "name": criterion["name"]}
        if criterion.get("statement"):
            out["statement"] = criterion["statement"]
        out["observability"] = criterion["observability"]
        if criterion["observability"] == "none":
            out.update(
                status=NOT_OBSERVABLE,
                score=None,
                confidence=0.0,
                reason=criterion["reason"],
                metrics={},
                examples=[],
                structural=True,
            )
            return out
        checks = {rule["id"]: self.rule(rule, k) for rule in resolve_evidence(criterion, self.rules)}
        out.update(combine_checks(checks, criterion.get("combine", "all"), criterion["observability"], proxy_weight))
        out["metrics"] = {
            rid: {key: v for key, v in c.items() if key not in ("examples", "structural")} for rid, c in checks.items()
        }
        out["denominators"] = sorted(
            {f"{c['denominator']} (n={c['n']})" for c in checks.values() if c.get("denominator")}
        )
        examples: list[dict[str, Any]] = []
        seen: set[tuple] = set()
        for check in checks.values():
            for example in check["examples"]:
                key = (example["conversation_id"], example["turn_index"])
                if key not in seen and len(examples) < 3:
                    seen.add(key)
                    examples.append(example)
        out["examples"] = examples
        return out


def _public(criterion: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in criterion.items() if k != "structural"}


def _mean_score(criteria: list[dict[str, Any]]) -> float | None:
    scored = [c["score"] for c in criteria if c["status"] not in UNSCORED and c["score"] is not None]
    return sum(scored) / len(scored) if scored else None


def _aggregate(criteria: list[dict[str, Any]], policy: LadderPolicy) -> dict[str, Any]:
    """Status/score/confidence of a group of criteria (a level or a dimension)."""
    score = _mean_score(criteria)
    return {
        "status": level_status(score, policy),
        "score": None if score is None else round(score, 4),
        "confidence": framework_confidence(criteria),
    }


def framework_confidence(criteria: list[dict[str, Any]]) -> float:
    """Mean confidence over the criteria transcripts could show.

    Each criterion contributes n / (n + k), weighted down when its evidence is a proxy, and 0
    when this run could not observe it (or it failed). So confidence falls with a small corpus
    and with every criterion the run could not see.
    """
    possible = [c for c in criteria if c["observability"] != "none"]
    return round(sum(c["confidence"] for c in possible) / len(possible), 4) if possible else 0.0


def confidence_label(confidence: float) -> str:
    return next(label for bound, label in CONFIDENCE_LABELS if confidence >= bound)


def _confidence_basis(criteria: list[dict[str, Any]], conversations: int) -> dict[str, int]:
    possible = [c for c in criteria if c["observability"] != "none"]
    return {
        "conversations": conversations,
        "criteria": len(criteria),
        "criteria_observable": len(possible),
        "criteria_observed": sum(1 for c in possible if c["status"] not in UNSCORED),
        "criteria_error": sum(1 for c in criteria if c["status"] == ERROR),
    }


def _not_observable_count(criteria: list[dict[str, Any]]) -> int:
    return sum(1 for c in criteria if c["status"] == NOT_OBSERVABLE)


def _dimensions(
    framework: Mapping[str, Any], criteria: list[dict[str, Any]], by_id: Mapping[str, Any], policy: LadderPolicy
) -> list[dict[str, Any]]:
    out = []
    for dim in framework.get("dimensions") or []:
        members = [c for c in criteria if by_id[c["id"]].get("dimension") == dim["id"]]
        entry = {"id": dim["id"], "name": dim["name"]}
        if dim.get("kind"):
            entry["kind"] = dim["kind"]
        entry.update(_aggregate(members, policy))
        entry["criteria"] = [c["id"] for c in members]
        out.append(entry)
    return out


def _names(criteria: list[dict[str, Any]]) -> str:
    return ", ".join(
        str(c["name"]).rstrip(".").lower() if str(c["name"]).isupper() else str(c["name"]).rstrip(".") for c in criteria
    )


def _unmet(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in criteria if c["status"] in (PARTIAL, NOT_EVIDENCED)]


def _summary(label: str, levels_out: list[dict[str, Any]], placement: Placement, result: Mapping[str, Any]) -> str:
    """One sentence a centre can quote: where it stands, and the gaps under that."""
    word = label.capitalize()
    by_number = {entry["level"]: entry for entry in levels_out}
    placed = by_number[placement.level]
    if placement.floor_only:
        missing = _unmet(placed["criteria"])
        text = (
            f"Not yet evidenced at {word.lower()} {placement.level} ({placed['name']}), where every centre starts"
            + (f"; missing: {_names(missing)}." if missing else ".")
        )
    elif placed.get("baseline") and placement.level + 1 in by_number:
        above = by_number[placement.level + 1]
        missing = _unmet(above["criteria"])
        text = (
            f"At {word.lower()} {placement.level} ({placed['name']}), where every centre starts; "
            f"{word.lower()} {above['level']} ({above['name']}) is {above['status'].replace('_', ' ')}"
            + (f": {_names(missing)}." if missing else ".")
        )
    else:
        text = f"Evidenced at {word.lower()} {placement.level} ({placed['name']})"
        gaps = [
            f"{word.lower()} {n} ({by_number[n]['name']}): {_names(_unmet(by_number[n]['criteria']))}"
            for n in placement.gap_levels
        ]
        if gaps:
            text += f" with a gap at {'; and at '.join(gaps)}"
        text += "."
    foundation = result.get("foundation_rule") or {}
    if foundation.get("capped"):
        cap = by_number[foundation["cap_level"]]
        text = (
            f"Placed at {word.lower()} {cap['level']} ({cap['name']}) by the foundation rule: "
            f"{foundation['criterion']} is {foundation['criterion_status'].replace('_', ' ')}. Without the cap, "
            + text[0].lower()
            + text[1:]
        )
    return text


def evaluate_cumulative(framework: Mapping[str, Any], ev: Evaluator) -> dict[str, Any]:
    """The centre's place on the framework's ladder, with the gaps and the next step."""
    settings = framework.get("settings") or {}
    policy = LadderPolicy.from_yaml(framework.get("ladder"))
    by_id = {c["id"]: c for c in framework["criteria"]}
    criteria = [ev.criterion(c, settings) for c in framework["criteria"]]
    label = framework.get("level_label", "level")
    levels_out: list[dict[str, Any]] = []
    for level in framework["levels"]:
        number = level["level"]
        members = [c for c in criteria if by_id[c["id"]].get("level") == number]
        entry: dict[str, Any] = {"layer": number} if label == "layer" else {}
        entry.update(level=number, name=level["name"])
        for key in ("heading", "primary_goal", "description"):
            if level.get(key):
                entry[key] = level[key]
        if members:
            entry.update(_aggregate(members, policy))
        else:
            entry.update(status=EVIDENCED, score=None, confidence=None, baseline=True)
        entry["criteria"] = [_public(c) for c in members]
        entry["not_observable"] = _not_observable_count(members)
        if level.get("graduation"):
            checks = [ev.criterion(g, settings) for g in level["graduation"]]
            entry["ready_to_graduate"] = dict(_aggregate(checks, policy), checks=[_public(c) for c in checks])
        if level.get("actions"):
            entry["actions_to_advance"] = list(level["actions"])
        levels_out.append(entry)

    placement = place([Rung(e["level"], e["status"]) for e in levels_out], policy)
    reached_level = placement.level
    result: dict[str, Any] = {
        "id": framework["id"],
        "name": framework["name"],
        "source": framework["source"],
        "ladder": {
            "rule": policy.rule,
            "evidenced": policy.evidenced,
            "partial": policy.partial,
            "max_gaps": policy.max_gaps,
        },
    }
    foundation = framework.get("foundation_rule")
    if foundation:
        anchor = next(c for c in criteria if c["id"] == foundation["criterion"])
        holds = anchor["status"] in foundation["required_status"]
        capped = not holds and reached_level > foundation["cap_level"]
        result["foundation_rule"] = {
            "statement": foundation.get("statement"),
            "criterion": foundation["criterion"],
            "criterion_status": anchor["status"],
            "holds": holds,
            "capped": capped,
            "cap_level": foundation["cap_level"],
            "uncapped_level": reached_level,
        }
        if not holds:
            reached_level = min(reached_level, foundation["cap_level"])
    for entry in levels_out:
        entry["reached"] = entry["level"] in placement.reached and entry["level"] <= reached_level
        entry["gap"] = entry["level"] in placement.gap_levels and entry["level"] <= reached_level
    level_def = framework["levels"][reached_level - 1]
    confidence = framework_confidence(criteria)
    result.update(
        level=reached_level,
        level_name=level_def["name"],
        confidence=confidence,
        confidence_label=confidence_label(confidence),
        confidence_basis=_confidence_basis(criteria, len(ev.tables.calls)),
    )
    if label != "level":
        result[label] = level_def["name"]
    result["floor_only"] = placement.floor_only
    result["blocked_at"] = placement.blocked_by  # the lowest not-evidenced level above the placement
    result["summary"] = _summary(label, levels_out, placement, result)
    result["gaps"] = [
        {
            "level": e["level"],
            "name": e["name"],
            "status": c["status"],
            "criterion": c["id"],
            "criterion_name": c["name"],
        }
        for e in levels_out
        if e["level"] <= reached_level
        for c in _unmet(e["criteria"])
    ]
    result["criteria_total"] = len(criteria)
    result["not_observable"] = _not_observable_count(criteria)
    result["errors"] = [{"criterion": c["id"], "reason": c.get("reason")} for c in criteria if c["status"] == ERROR]
    result["layers" if label == "layer" else "levels"] = levels_out
    dims = _dimensions(framework, criteria, by_id, policy)
    if dims:
        result["dimensions"] = dims
        kinds = sorted({d["kind"] for d in dims if d.get("kind")})
        if kinds:
            result["maturity_by_kind"] = {
                kind: _aggregate(
                    [
                        c
                        for c in criteria
                        if any(
                            d["id"] == by_id[c["id"]].get("dimension") and d.get("kind") == kind
                            for d in framework["dimensions"]
                        )
                    ],
                    policy,
                )
                for kind in kinds
            }
    result["next_level"] = _next_level(framework, criteria, by_id, placement, reached_level, result)
    if result["next_level"] is None:
        del result["next_level"]
    return result


def _next_level(
    framework: Mapping[str, Any],
    criteria: list[dict[str, Any]],
    by_id: Mapping[str, Any],
    placement: Placement,
    reached_level: int,
    result: Mapping[str, Any],
) -> dict[str, Any] | None:
    """The first level not yet reached and what stands in the way (the foundation first, if it caps)."""
    if placement.floor_only:
        target = placement.level
    elif reached_level < len(framework["levels"]):
        target = reached_level + 1
    else:
        return None
    nxt = framework["levels"][target - 1]
    gaps = [c["id"] for c in _unmet(criteria) if by_id[c["id"]].get("level") == target]
    foundation = result.get("foundation_rule") or {}
    if foundation and not foundation["holds"] and target > foundation["cap_level"]:
        gaps = [foundation["criterion"]] + [g for g in gaps if g != foundation["criterion"]]
    return {"level": nxt["level"], "name": nxt["name"], "gaps": gaps}


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


def evaluate_rated_items(framework: Mapping[str, Any], ev: Evaluator) -> dict[str, Any]:
    """ICMI: an evidenced 1-5 rating per item, total on the toolkit's 0-100 scale, band -> stage."""
    settings = framework.get("settings") or {}
    low, high = int(framework["rating"]["min"]), int(framework["rating"]["max"])
    items = []
    for item in framework["criteria"]:
        verdict = ev.criterion(item, settings)
        top = int(framework["rating"].get("proxy_max", high)) if item["observability"] == "proxy" else high
        rating = rating_from_score(verdict["score"], low, top) if verdict["score"] is not None else None
        exact = round(exact_rating(verdict["score"], low, top), 4) if verdict["score"] is not None else None
        entry = {
            "id": item["id"],
            "name": item["name"],
            "group": item["dimension"],
            "statement": item.get("statement"),
            "evidenced_rating": rating,
            "evidenced_rating_exact": exact,
            "evidence_score": verdict["score"],
            "status": verdict["status"],
            "confidence": verdict["confidence"],
            "observability": verdict["observability"],
            "denominators": verdict.get("denominators", []),
            "metrics": verdict["metrics"],
            "examples": verdict["examples"],
        }
        if verdict.get("reason"):
            entry["reason"] = verdict["reason"]
        items.append(entry)
    rated = [i["evidenced_rating_exact"] for i in items if i["evidenced_rating_exact"] is not None]
    n_items = len(items)
    result: dict[str, Any] = {"id": framework["id"], "name": framework["name"], "source": framework["source"]}
    if rated:
        # The toolkit's total (n_items x 1..high) scaled to 0-100 from the verifiable items' mean. The
        # unrounded ratings are summed, so one item crossing a rounding boundary cannot move the stage.
        score = round(sum(rated) / len(rated) * 100 / high)
        level = band_level(framework, score)
        level_def = framework["levels"][level - 1]
        result.update(
            stage=level_def["name"], level=level, score=score, evidenced_total_verifiable=round(sum(rated), 2)
        )
        result["key_metrics"] = list(level_def.get("key_metrics") or [])
        transition = next((t for t in framework.get("transitions") or [] if t["from"] == level), None)
        if transition:
            result["next_stage"] = {
                "stage": framework["levels"][transition["to"] - 1]["name"],
                "summary": transition.get("summary"),
                "actions": [a["text"] for a in transition["actions"]],
            }
    else:
        result.update(stage=None, level=None, score=None, evidenced_total_verifiable=None, key_metrics=[])
    confidence = framework_confidence(items)
    result.update(
        confidence=confidence,
        confidence_label=confidence_label(confidence),
        confidence_basis=_confidence_basis(items, len(ev.tables.calls)),
    )
    result["errors"] = [{"criterion": i["id"], "reason": i.get("reason")} for i in items if i["status"] == ERROR]
    result["items_verifiable"] = len(rated)
    result["items_unverifiable"] = n_items - len(rated)
    result["groups"] = [
        {
            "id": d["id"],
            "name": d["name"],
            "items": [i["id"] for i in items if i["group"] == d["id"]],
            "evidenced_total": sum(i["evidenced_rating"] or 0 for i in items if i["group"] == d["id"]),
            "unverifiable": sum(1 for i in items if i["group"] == d["id"] and i["evidenced_rating"] is None),
        }
        for d in framework.get("dimensions") or []
    ]
    result["items"] = items
    return result


def evaluate_frameworks(
    calls: pd.DataFrame, turns: pd.DataFrame | None, framework_ids: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Every (or the named) framework's verdict on this corpus, keyed by framework id."""
    ev = Evaluator(calls, turns)
    out = {}
    for fid, framework in select_frameworks(framework_ids).items():
        try:
            if framework["scoring"] == "rated_items":
                out[fid] = evaluate_rated_items(framework, ev)
            else:
                out[fid] = evaluate_cumulative(framework, ev)
        except Exception as exc:  # noqa: BLE001 - one framework failing must not cost the others
            out[fid] = {
                "id": fid,
                "name": framework["name"],
                "source": framework["source"],
                "status": ERROR,
                "reason": describe_exception(exc),
                "level": None,
                "level_name": None,
                "confidence": 0.0,
                "confidence_label": "low",
            }
    return out


def corpus_summary(calls: pd.DataFrame) -> dict[str, Any]:
    """The `corpus` section of evidence.json: size, date range, channel and queue mix."""

    def counts(column: str) -> dict[str, int]:
        if column not in calls.columns:
            return {}
        return {str(k): int(v) for k, v in calls[column].fillna("unknown").value_counts().items()}

    date_range: list[str | None] = [None, None]
    if "started_at" in calls.columns and len(calls):
        stamps = pd.to_datetime(calls["started_at"], errors="coerce", utc=True).dropna()
        if not stamps.empty:
            date_range = [
                stamps.min().isoformat().replace("+00:00", "Z"),
                stamps.max().isoformat().replace("+00:00", "Z"),
            ]
    return {
        "conversations": int(len(calls)),
        "date_range": date_range,
        "channels": counts("channel"),
        "queues": counts("queue"),
        "directions": counts("direction"),
    }
