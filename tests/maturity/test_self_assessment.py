"""Self-assessment loading, validation errors, comparison, gap worksheet, evidence.json shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cxmaturity.maturity.self_assessment import SelfAssessmentError, load_self_assessment
from cxmaturity.maturity.stage import MaturityStage
from cxmaturity.maturity.validate import validate_run
from cxmaturity.pipeline.stage import Corpus

from .conftest import AUTOMATED, REACTIVE, make_corpus
from .test_frameworks import CONTRACT_ITEMS


def _yaml(tmp_path: Path, data) -> Path:
    path = tmp_path / "sa.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_every_problem_is_listed(tmp_path: Path) -> None:
    items = {i: 3 for i in CONTRACT_ITEMS[2:]}
    items.update(quality_assurance=7, routing_system="high", made_up_item=2)
    path = _yaml(tmp_path, {"items": items, "claimed_ai_layer": 9})
    with pytest.raises(SelfAssessmentError) as err:
        load_self_assessment(path)
    problems = err.value.problems
    assert "unknown item id 'made_up_item'" in problems
    assert "missing item 'organizational_alignment'" in problems and "missing item 'goals_and_objectives'" in problems
    assert any(p.startswith("item 'quality_assurance': rating 7") for p in problems)
    assert any(p.startswith("item 'routing_system': rating 'high'") for p in problems)
    assert any(p.startswith("claimed_ai_layer 9") for p in problems)
    assert len(problems) == 6 and str(path) in str(err.value)


def test_yaml_top_level_and_csv_shapes_load(tmp_path: Path) -> None:
    top = load_self_assessment(_yaml(tmp_path, {**{i: 4 for i in CONTRACT_ITEMS}, "claimed_ai_layer": 2}))
    assert top.claimed_ai_layer == 2 and set(top.ratings.values()) == {4}
    csv_path = tmp_path / "sa.csv"
    csv_path.write_text("id,rating\n" + "".join(f"{i},{n % 5 + 1}\n" for n, i in enumerate(CONTRACT_ITEMS)))
    loaded = load_self_assessment(csv_path)
    assert loaded.ratings["organizational_alignment"] == 1 and loaded.claimed_ai_layer is None
    bad = tmp_path / "bad.csv"
    bad.write_text("item,score\nquality_assurance,3\n")
    with pytest.raises(SelfAssessmentError, match="needs columns 'id' and 'rating'"):
        load_self_assessment(bad)


def _run(tmp_path: Path, profile, claims: dict | None = None):
    calls, turns = make_corpus(profile, 250, seed=4)
    calls.to_parquet(tmp_path / "calls.parquet", index=False)
    turns.to_parquet(tmp_path / "turns.parquet", index=False)
    assessment = _yaml(tmp_path, claims) if claims is not None else None
    corpus = MaturityStage()(Corpus(out_dir=tmp_path, self_assessment=assessment))
    return corpus.artifacts["evidence"]


def test_evidence_json_has_the_contract_shape(tmp_path: Path) -> None:
    evidence = _run(tmp_path, AUTOMATED, {"items": {i: 5 for i in CONTRACT_ITEMS}, "claimed_ai_layer": 4})
    assert json.loads((tmp_path / "evidence.json").read_text()) == evidence
    assert set(evidence) == {"frameworks", "self_assessment", "corpus"}
    assert set(evidence["frameworks"]) == {"ai_maturity", "icmi", "four_stage", "five_level", "curve"}
    ai = evidence["frameworks"]["ai_maturity"]
    assert {"level", "level_name", "confidence", "layers"} <= set(ai)
    layer = ai["layers"][0]
    assert {"layer", "name", "status", "score", "criteria"} <= set(layer)
    crit = layer["criteria"][0]
    assert {"id", "status", "metrics", "examples"} <= set(crit)
    assert crit["status"] in ("evidenced", "partial", "not_evidenced", "not_observable")
    icmi = evidence["frameworks"]["icmi"]
    assert {"stage", "score", "items"} <= set(icmi) and len(icmi["items"]) == 20
    item = icmi["items"][0]
    assert {"id", "group", "evidenced_rating", "confidence", "observability", "metrics", "examples"} <= set(item)
    for ex in (e for i in icmi["items"] for e in i["examples"]):
        assert {"conversation_id", "turn_index", "quote"} <= set(ex)
        assert ex["quote"] is None or len(ex["quote"]) <= 200
    sa = evidence["self_assessment"]
    assert {"claimed_total", "claimed_stage", "evidenced_total", "items", "gap_analysis"} <= set(sa)
    assert sa["claimed_total"] == 100 and sa["claimed_stage"] == "Customer-Champion"
    assert {i["verdict"] for i in sa["items"]} <= {"supported", "overclaimed", "underclaimed", "unverifiable"}
    corpus = evidence["corpus"]
    assert corpus["conversations"] == 250 and corpus["date_range"][0] < corpus["date_range"][1]
    assert sum(corpus["channels"].values()) == 250 and corpus["queues"]


def test_overclaiming_reactive_centre_is_caught_and_gaps_use_toolkit_actions(tmp_path: Path) -> None:
    evidence = _run(tmp_path, REACTIVE, {"items": {i: 5 for i in CONTRACT_ITEMS}, "claimed_ai_layer": 3})
    sa = evidence["self_assessment"]
    verdicts = {i["id"]: i["verdict"] for i in sa["items"]}
    assert verdicts["quality_assurance"] == "overclaimed" and verdicts["routing_system"] == "overclaimed"
    assert verdicts["organizational_alignment"] == "unverifiable"
    assert sa["ai_layer"]["verdict"] == "overclaimed" and sa["ai_layer"]["evidenced"] == 1
    assert sa["evidenced_total"] < sa["claimed_total"]
    # Claimed 5 everywhere: the toolkit's gap is 0, so no actions; evidence shows the real gap.
    qa_row = next(r for r in sa["gap_analysis"] if r["id"] == "quality_assurance")
    assert qa_row["gap"] == 0 and qa_row["gap_evidenced"] == 4 and qa_row["actions"] == []


def test_gap_worksheet_fields(tmp_path: Path) -> None:
    claims = {i: 2 for i in CONTRACT_ITEMS}
    claims["quality_assurance"] = 4
    evidence = _run(tmp_path, AUTOMATED, {"items": claims})
    sheet = {r["id"]: r for r in evidence["self_assessment"]["gap_analysis"]}
    assert list(sheet) == CONTRACT_ITEMS
    row = sheet["routing_system"]
    assert row["current_rating"] == 2 and row["gap"] == 3 and row["priority"] == "high"
    assert row["effort"] == "high" and row["initiative"] == "optimization" and row["actions"]
    assert sheet["quality_assurance"]["gap"] == 1 and sheet["quality_assurance"]["priority"] == "low"
    icmi_actions = {
        a["text"]
        for t in __import__("cxmaturity.maturity.schema", fromlist=["x"]).load_frameworks()["icmi"]["transitions"]
        for a in t["actions"]
    }
    assert all(a in icmi_actions for r in sheet.values() for a in r["actions"])
    underclaimed = [i for i in evidence["self_assessment"]["items"] if i["verdict"] == "underclaimed"]
    assert underclaimed  # an automated centre rating itself 2 everywhere undersells what it shows


def test_validate_run_rescores_a_finished_run(tmp_path: Path) -> None:
    _run(tmp_path, AUTOMATED)
    assert "self_assessment" not in json.loads((tmp_path / "evidence.json").read_text())
    claims = _yaml(tmp_path, {"items": {i: 3 for i in CONTRACT_ITEMS}, "claimed_ai_layer": 1})
    result = validate_run(tmp_path, claims)
    on_disk = json.loads((tmp_path / "evidence.json").read_text())
    assert on_disk == result and result["self_assessment"]["claimed_total"] == 60
    assert result["self_assessment"]["ai_layer"]["verdict"] == "supported"
    broken = _yaml(tmp_path, {"items": {"quality_assurance": 0}})
    with pytest.raises(SelfAssessmentError):
        validate_run(tmp_path, broken)
    assert json.loads((tmp_path / "evidence.json").read_text()) == on_disk  # untouched on error
