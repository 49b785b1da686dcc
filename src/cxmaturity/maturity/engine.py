"""Verdicts per framework from the calls/turns tables.

Two scorings, both driven by the framework YAML:
- `cumulative` (AI layers, four stages, five levels, curve): criteria belong to levels; a
  level is reached when its observable criteria score at least the `evidenced` threshold
  and every lower level is reached; the lowest level is the floor. The AI model's
  foundation rule caps the level when its criterion is not evidenced.
- `rated_items` (ICMI): each item gets an evidenced 1-5 rating or is unverifiable; the
  0-100 score is the toolkit's total scaled from the verifiable items; bands give the stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from cxmaturity.maturity.metrics import Tables
from cxmaturity.maturity.rules import (EVIDENCED, NOT_EVIDENCED, NOT_OBSERVABLE, PARTIAL, TurnIndex,
                                       combine_checks, evaluate_rule)
from cxmaturity.maturity.schema import load_frameworks, load_rules, resolve_evidence

DEFAULT_K = 20.0
DEFAULT_PROXY_WEIGHT = 0.7
DEFAULT_LEVEL_THRESHOLDS = {"evidenced": 0.6, "partial": 0.3}


class Evaluator:
    """Evaluates criteria on one corpus, caching rule results shared across frameworks."""

    def __init__(self, calls: pd.DataFrame, turns: pd.DataFrame | None):
        self.tables = Tables(calls=calls, turns=turns)
        self.turn_index = TurnIndex(turns)
        self.calls_by_id: dict[str, dict[str, Any]] = {}
        if "conversation_id" in calls.columns and "signal_turns" in calls.columns:
            self.calls_by_id = {str(cid): {"signal_turns": st}
                                for cid, st in zip(calls["conversation_id"], calls["signal_turns"])}
        self.rules = load_rules()
        self._cache: dict[tuple, dict[str, Any]] = {}

    def rule(self, rule: Mapping[str, Any], k: float) -> dict[str, Any]:
        key = (repr(sorted((str(a), repr(b)) for a, b in rule.items())), k)
        if key not in self._cache:
            self._cache[key] = evaluate_rule(rule, self.tables, k, self.turn_index, self.calls_by_id)
        return self._cache[key]

    def criterion(self, criterion: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
        """A criterion's verdict with its metrics and up to three examples."""
        k = float(settings.get("confidence_k", DEFAULT_K))
        proxy_weight = float(settings.get("proxy_weight", DEFAULT_PROXY_WEIGHT))
        out: dict[str, Any] = {"id": criterion["id"], "name": criterion["name"]}
        if criterion.get("statement"):
            out["statement"] = criterion["statement"]
        out["observability"] = criterion["observability"]
        if criterion["observability"] == "none":
            out.update(status=NOT_OBSERVABLE, score=None, confidence=0.0, reason=criterion["reason"],
                       metrics={}, examples=[], structural=True)
            return out
        checks = {rule["id"]: self.rule(rule, k) for rule in resolve_evidence(criterion, self.rules)}
        out.update(combine_checks(checks, criterion.get("combine", "all"), criterion["observability"], proxy_weight))
        out["metrics"] = {rid: {key: v for key, v in c.items() if key not in ("examples", "structural")}
                          for rid, c in checks.items()}
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


def _aggregate(criteria: list[dict[str, Any]], thresholds: Mapping[str, float]) -> dict[str, Any]:
    """Status/score/confidence of a group of criteria (a level or a dimension)."""
    observed = [c for c in criteria if c["status"] != NOT_OBSERVABLE]
    possible = [c for c in criteria if not c.get("structural")]
    confidence = sum(c["confidence"] for c in possible) / len(possible) if possible else 0.0
    if not observed:
        return {"status": NOT_OBSERVABLE, "score": None, "confidence": round(confidence, 4)}
    score = sum(c["score"] for c in observed) / len(observed)
    status = (EVIDENCED if score >= thresholds["evidenced"] else PARTIAL if score >= thresholds["partial"]
              else NOT_EVIDENCED)
    return {"status": status, "score": round(score, 4), "confidence": round(confidence, 4)}


def _overall_confidence(criteria: list[dict[str, Any]]) -> float:
    possible = [c for c in criteria if not c.get("structural")]
    return round(sum(c["confidence"] for c in possible) / len(possible), 4) if possible else 0.0


def _not_observable_count(criteria: list[dict[str, Any]]) -> int:
    return sum(1 for c in criteria if c["status"] == NOT_OBSERVABLE)


def _dimensions(framework: Mapping[str, Any], criteria: list[dict[str, Any]], by_id: Mapping[str, Any],
                thresholds: Mapping[str, float]) -> list[dict[str, Any]]:
    out = []
    for dim in framework.get("dimensions") or []:
        members = [c for c in criteria if by_id[c["id"]].get("dimension") == dim["id"]]
        entry = {"id": dim["id"], "name": dim["name"]}
        if dim.get("kind"):
            entry["kind"] = dim["kind"]
        entry.update(_aggregate(members, thresholds))
        entry["criteria"] = [c["id"] for c in members]
        out.append(entry)
    return out


def evaluate_cumulative(framework: Mapping[str, Any], ev: Evaluator) -> dict[str, Any]:
    """Highest level whose observable criteria (and every lower level's) are evidenced."""
    settings = framework.get("settings") or {}
    thresholds = settings.get("level_thresholds") or DEFAULT_LEVEL_THRESHOLDS
    by_id = {c["id"]: c for c in framework["criteria"]}
    criteria = [ev.criterion(c, settings) for c in framework["criteria"]]
    levels_out: list[dict[str, Any]] = []
    reached_level = 1
    still_climbing = True
    label = framework.get("level_label", "level")
    for level in framework["levels"]:
        number = level["level"]
        members = [c for c in criteria if by_id[c["id"]].get("level") == number]
        entry: dict[str, Any] = {"layer": number} if label == "layer" else {}
        entry.update(level=number, name=level["name"])
        for key in ("heading", "primary_goal", "description"):
            if level.get(key):
                entry[key] = level[key]
        if members:
            entry.update(_aggregate(members, thresholds))
        else:
            entry.update(status=EVIDENCED, score=None, confidence=None, baseline=True)
        reached = entry["status"] == EVIDENCED
        entry["reached"] = bool(reached and still_climbing)
        if reached and still_climbing:
            reached_level = number
        else:
            still_climbing = False
        entry["criteria"] = [_public(c) for c in members]
        entry["not_observable"] = _not_observable_count(members)
        if level.get("graduation"):
            checks = [ev.criterion(g, settings) for g in level["graduation"]]
            entry["ready_to_graduate"] = dict(_aggregate(checks, thresholds), checks=[_public(c) for c in checks])
        if level.get("actions"):
            entry["actions_to_advance"] = list(level["actions"])
        levels_out.append(entry)

    result: dict[str, Any] = {"id": framework["id"], "name": framework["name"], "source": framework["source"]}
    foundation = framework.get("foundation_rule")
    if foundation:
        anchor = next(c for c in criteria if c["id"] == foundation["criterion"])
        holds = anchor["status"] in foundation["required_status"]
        capped = not holds and reached_level > foundation["cap_level"]
        if not holds:
            reached_level = min(reached_level, foundation["cap_level"])
            for entry in levels_out:
                if entry["level"] > foundation["cap_level"]:
                    entry["reached"] = False
        result["foundation_rule"] = {"statement": foundation.get("statement"), "criterion": foundation["criterion"],
                                     "criterion_status": anchor["status"], "holds": holds, "capped": capped,
                                     "cap_level": foundation["cap_level"]}
    level_def = framework["levels"][reached_level - 1]
    result.update(level=reached_level, level_name=level_def["name"], confidence=_overall_confidence(criteria))
    if label != "level":
        result[label] = level_def["name"]
    result["criteria_total"] = len(criteria)
    result["not_observable"] = _not_observable_count(criteria)
    result["layers" if label == "layer" else "levels"] = levels_out
    dims = _dimensions(framework, criteria, by_id, thresholds)
    if dims:
        result["dimensions"] = dims
        kinds = sorted({d["kind"] for d in dims if d.get("kind")})
        if kinds:
            result["maturity_by_kind"] = {
                kind: _aggregate([c for c in criteria if any(
                    d["id"] == by_id[c["id"]].get("dimension") and d.get("kind") == kind
                    for d in framework["dimensions"])], thresholds) for kind in kinds}
    if reached_level < len(framework["levels"]):
        nxt = framework["levels"][reached_level]
        result["next_level"] = {"level": nxt["level"], "name": nxt["name"],
                                "gaps": [c["id"] for c in criteria if by_id[c["id"]].get("level") == nxt["level"]
                                         and c["status"] in (NOT_EVIDENCED, PARTIAL)]}
    return result


def rating_from_score(score: float, low: int = 1, high: int = 5) -> int:
    """Evidence score 0..1 onto the toolkit's 1 (no progress) .. 5 (achieved) scale."""
    return int(min(high, max(low, int(low + (high - low) * score + 0.5))))


def band_level(framework: Mapping[str, Any], total: float) -> int:
    for band in framework["bands"]:
        if band["min"] <= total <= band["max"]:
            return int(band["level"])
    return int(framework["bands"][0]["level"] if total < framework["bands"][0]["min"] else framework["bands"][-1]["level"])


def evaluate_rated_items(framework: Mapping[str, Any], ev: Evaluator) -> dict[str, Any]:
    """ICMI: an evidenced 1-5 rating per item, total on the toolkit's 0-100 scale, band -> stage."""
    settings = framework.get("settings") or {}
    low, high = int(framework["rating"]["min"]), int(framework["rating"]["max"])
    items = []
    for item in framework["criteria"]:
        verdict = ev.criterion(item, settings)
        top = int(framework["rating"].get("proxy_max", high)) if item["observability"] == "proxy" else high
        rating = rating_from_score(verdict["score"], low, top) if verdict["score"] is not None else None
        entry = {"id": item["id"], "name": item["name"], "group": item["dimension"],
                 "statement": item.get("statement"), "evidenced_rating": rating,
                 "evidence_score": verdict["score"], "status": verdict["status"],
                 "confidence": verdict["confidence"], "observability": verdict["observability"],
                 "metrics": verdict["metrics"], "examples": verdict["examples"]}
        if verdict.get("reason"):
            entry["reason"] = verdict["reason"]
        entry["_structural"] = verdict.get("structural", False)
        items.append(entry)
    rated = [i["evidenced_rating"] for i in items if i["evidenced_rating"] is not None]
    n_items = len(items)
    result: dict[str, Any] = {"id": framework["id"], "name": framework["name"], "source": framework["source"]}
    if rated:
        score = round(sum(rated) / len(rated) * n_items * 100 / (n_items * high))
        level = band_level(framework, score)
        level_def = framework["levels"][level - 1]
        result.update(stage=level_def["name"], level=level, score=score,
                      evidenced_total_verifiable=sum(rated))
        result["key_metrics"] = list(level_def.get("key_metrics") or [])
        transition = next((t for t in framework.get("transitions") or [] if t["from"] == level), None)
        if transition:
            result["next_stage"] = {"stage": framework["levels"][transition["to"] - 1]["name"],
                                    "summary": transition.get("summary"),
                                    "actions": [a["text"] for a in transition["actions"]]}
    else:
        result.update(stage=None, level=None, score=None, evidenced_total_verifiable=None, key_metrics=[])
    result["confidence"] = round(sum(i["confidence"] for i in items if not i["_structural"]) /
                                 max(1, sum(1 for i in items if not i["_structural"])), 4)
    result["items_verifiable"] = len(rated)
    result["items_unverifiable"] = n_items - len(rated)
    result["groups"] = [
        {"id": d["id"], "name": d["name"],
         "items": [i["id"] for i in items if i["group"] == d["id"]],
         "evidenced_total": sum(i["evidenced_rating"] or 0 for i in items if i["group"] == d["id"]),
         "unverifiable": sum(1 for i in items if i["group"] == d["id"] and i["evidenced_rating"] is None)}
        for d in framework.get("dimensions") or []]
    for i in items:
        i.pop("_structural")
    result["items"] = items
    return result


def evaluate_frameworks(calls: pd.DataFrame, turns: pd.DataFrame | None,
                        framework_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every (or the named) framework's verdict on this corpus, keyed by framework id."""
    frameworks = load_frameworks()
    unknown = sorted(set(framework_ids or []) - set(frameworks))
    if unknown:
        raise KeyError(f"unknown framework(s) {', '.join(unknown)}; known: {', '.join(sorted(frameworks))}")
    ev = Evaluator(calls, turns)
    out = {}
    for fid, framework in frameworks.items():
        if framework_ids and fid not in framework_ids:
            continue
        if framework["scoring"] == "rated_items":
            out[fid] = evaluate_rated_items(framework, ev)
        else:
            out[fid] = evaluate_cumulative(framework, ev)
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
            date_range = [stamps.min().isoformat().replace("+00:00", "Z"), stamps.max().isoformat().replace("+00:00", "Z")]
    return {"conversations": int(len(calls)), "date_range": date_range, "channels": counts("channel"),
            "queues": counts("queue"), "directions": counts("direction")}
