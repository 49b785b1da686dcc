"""Framework YAML: loads, validates strictly, and is faithful to the source documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cxmaturity.maturity.schema import FRAMEWORKS_DIR, FrameworkError, load_framework_file, load_frameworks
from cxmaturity.maturity.validate import list_frameworks
from tests.conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"  # the source documents, beside the checkout
CONTRACT_ITEMS = [
    "organizational_alignment",
    "goals_and_objectives",
    "stakeholder_engagement",
    "resource_allocation",
    "customer_satisfaction",
    "csat_reporting",
    "employee_satisfaction",
    "operational_plans",
    "event_management",
    "feedback_management",
    "service_level_management",
    "continuous_improvement",
    "quality_assurance",
    "workforce_management",
    "service_level_response_time",
    "contact_metrics",
    "routing_system",
    "workforce_management_system",
    "omnichannel_system",
    "reporting_system",
]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"')).strip().lower()


def test_every_contract_framework_ships() -> None:
    assert set(load_frameworks()) == {"ai_maturity", "icmi", "four_stage", "five_level", "curve"}
    listed = {f["id"]: f for f in list_frameworks()}
    assert listed["ai_maturity"]["levels"] == [
        "Automate",
        "Augment",
        "Analyze",
        "Transform",
        "Predict & Prescribe",
        "Orchestrate",
    ]
    assert listed["icmi"]["levels"] == [
        "Customer-Negligent",
        "Customer-Chaotic",
        "Customer-Aware",
        "Customer-Centric",
        "Customer-Champion",
    ]
    assert listed["four_stage"]["levels"] == ["Beginning", "Developing", "Maturing", "Optimizing"]
    assert listed["five_level"]["levels"] == ["Nascent", "Emerging", "Connected", "Advanced", "Optimized"]
    assert listed["curve"]["levels"] == ["Reactive", "Emerging", "Proactive", "Strategic", "Transformational"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="source documents not present")
@pytest.mark.parametrize("framework_id", ["ai_maturity", "icmi", "four_stage", "five_level", "curve"])
def test_names_and_wording_come_from_the_source_document(framework_id: str) -> None:
    framework = load_frameworks()[framework_id]
    seed = _norm((SEEDS / framework["source"]).read_text(encoding="utf-8"))
    for level in framework["levels"]:
        assert _norm(level["name"]) in seed
        for action in level.get("actions") or []:
            assert _norm(action) in seed, action
        for check in level.get("graduation") or []:
            assert _norm(check["name"].rstrip(".")) in seed, check["name"]
    for dim in framework.get("dimensions") or []:
        assert _norm(dim.get("description", dim["name"])) in seed
    if framework_id in ("ai_maturity", "icmi", "four_stage"):  # criteria are the document's own items
        for criterion in framework["criteria"]:
            assert _norm(criterion["statement"]) in seed, criterion["id"]
    for transition in framework.get("transitions") or []:
        for action in transition["actions"]:
            assert _norm(action["text"]) in seed, action["text"]


def test_icmi_has_the_toolkit_structure() -> None:
    icmi = load_frameworks()["icmi"]
    assert [c["id"] for c in icmi["criteria"]] == CONTRACT_ITEMS
    groups = {}
    for c in icmi["criteria"]:
        groups.setdefault(c["dimension"], []).append(c["id"])
    assert {g: len(v) for g, v in groups.items()} == {
        "organizational": 4,
        "people": 3,
        "process": 7,
        "metrics": 2,
        "technology": 4,
    }
    assert [(b["min"], b["max"]) for b in icmi["bands"]] == [(0, 20), (21, 40), (41, 60), (61, 80), (81, 100)]
    assert [(t["from"], t["to"]) for t in icmi["transitions"]] == [(1, 2), (2, 3), (3, 4), (4, 5)]
    assert all(level.get("key_metrics") for level in icmi["levels"])
    tagged = {i for t in icmi["transitions"] for a in t["actions"] for i in a.get("items", [])}
    assert tagged == set(CONTRACT_ITEMS)  # every item gets the toolkit's actions in the worksheet


def test_ai_model_has_foundation_rule_and_graduation_checks() -> None:
    ai = load_frameworks()["ai_maturity"]
    assert ai["foundation_rule"]["criterion"] == "automated_qa" and ai["foundation_rule"]["cap_level"] == 1
    assert all(level.get("graduation") and level.get("actions") for level in ai["levels"])


def _write(tmp_path: Path, name: str, mutate) -> Path:
    data = yaml.safe_load((FRAMEWORKS_DIR / "curve.yaml").read_text(encoding="utf-8"))
    mutate(data)
    data["id"] = name
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_unknown_keys_and_missing_fields_are_errors_naming_the_file(tmp_path: Path) -> None:
    def break_it(data):
        data["colour"] = "blue"
        del data["levels"][1]["name"]
        data["criteria"][0]["evidence"] = ["no_such_rule"]
        data["criteria"][1]["observability"] = "sometimes"

    path = _write(tmp_path, "broken", break_it)
    with pytest.raises(FrameworkError) as err:
        load_framework_file(path)
    message = str(err.value)
    assert message.startswith(str(path) + ":")  # a file outside the package is named by its path
    for fragment in (
        "unknown key 'colour'",
        "missing field 'name'",
        "unknown evidence rule 'no_such_rule'",
        "observability must be one of",
    ):
        assert fragment in message


def test_a_new_framework_needs_only_yaml(tmp_path: Path) -> None:
    from cxmaturity.maturity.engine import Evaluator, evaluate_cumulative

    from .conftest import EMERGING, make_corpus

    def two_levels(data):
        data["levels"] = data["levels"][:2]
        data["criteria"] = [c for c in data["criteria"] if c.get("level") in (None, 2)]

    path = _write(tmp_path, "house_model", two_levels)
    framework = load_framework_file(path)
    calls, turns = make_corpus(EMERGING, 200, seed=3)
    verdict = evaluate_cumulative(framework, Evaluator(calls, turns))
    assert verdict.level_name in ("Reactive", "Emerging") and len(verdict.levels) == 2
