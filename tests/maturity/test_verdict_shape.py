"""One typed verdict shape for every framework; evidence.json is its serialisation and keeps its old keys."""

from __future__ import annotations

from pathlib import Path

import catalogue
import pandas as pd
import pytest
import yaml

from cxmaturity import registries
from cxmaturity.maturity.engine import evaluate_frameworks
from cxmaturity.maturity.ladder import LadderPolicy, Placement, Rung, ladder_rule, place
from cxmaturity.maturity.metrics import MetricResult, Tables, check_spec, compute, metric, metric_kinds
from cxmaturity.maturity.schema import FRAMEWORKS_DIR, check_framework, load_rules
from cxmaturity.maturity.stage import build_evidence
from cxmaturity.maturity.verdict import FrameworkVerdict, LevelResult, RuleResult, verdicts_json

from .conftest import AUTOMATED, COMMON_VERDICT_KEYS, REACTIVE, make_corpus


@pytest.fixture(scope="module")
def verdicts() -> dict[str, FrameworkVerdict]:
    return evaluate_frameworks(*make_corpus(AUTOMATED, 150, seed=31))


def test_the_engine_returns_typed_verdicts_with_the_same_keys_for_every_framework(verdicts) -> None:
    assert all(isinstance(v, FrameworkVerdict) for v in verdicts.values())
    assert all(isinstance(level, LevelResult) for v in verdicts.values() for level in v.levels)
    as_json = verdicts_json(verdicts)
    for framework_id, block in as_json.items():
        assert COMMON_VERDICT_KEYS <= set(block), framework_id
        assert [level["level"] for level in block["levels"]] == list(range(1, len(block["levels"]) + 1))
    labels = {fid: block["label"] for fid, block in as_json.items()}
    assert labels == {
        "ai_maturity": "layer",
        "icmi": "stage",
        "four_stage": "stage",
        "five_level": "level",
        "curve": "level",
    }


def test_evidence_json_keeps_the_keys_it_had_before_the_common_shape(verdicts) -> None:
    as_json = verdicts_json(verdicts)
    ai = as_json["ai_maturity"]
    # A layered framework still lists `layers`, each with its `layer` number, and names the placed layer.
    assert ai["layers"] == [{"layer": level["level"], **level} for level in ai["levels"]]
    assert ai["layer"] == ai["level_name"] and as_json["four_stage"]["stage"] == as_json["four_stage"]["level_name"]
    assert "layers" not in as_json["curve"] and "level" in as_json["curve"]
    icmi = as_json["icmi"]
    assert icmi["stage"] == icmi["level_name"] and {"score", "items", "groups", "key_metrics"} <= set(icmi)
    assert icmi["rating"] == {"min": 1, "max": 5}
    assert [level["band"] for level in icmi["levels"]][0] == {"min": 0, "max": 20}


def test_internal_fields_never_reach_the_json(verdicts) -> None:
    as_json = verdicts_json(verdicts)

    def keys(value, found):
        if isinstance(value, dict):
            found.update(value)
            for child in value.values():
                keys(child, found)
        elif isinstance(value, list):
            for child in value:
                keys(child, found)
        return found

    found = keys(as_json, set())
    assert "structural" not in found and "cumulative" not in found and "rated" not in found
    criterion = as_json["ai_maturity"]["levels"][0]["criteria"][0]
    assert all("examples" not in rule for rule in criterion["metrics"].values())  # a rule's candidates stay inside


def test_optional_fields_are_left_out_not_null() -> None:
    rule = RuleResult(
        describe=None,
        value=0.5,
        n=3,
        denominator="all conversations",
        direction="higher",
        evidenced=0.8,
        partial=0.3,
        status="partial",
        score=0.6,
        confidence=0.1,
    )
    as_json = rule.to_json()
    assert "reason" not in as_json and "shares" not in as_json and as_json["describe"] is None
    assert list(as_json)[:7] == ["describe", "value", "n", "denominator", "direction", "evidenced", "partial"]


def test_a_centre_without_layer_1_is_told_layer_1_is_next() -> None:
    verdicts = evaluate_frameworks(*make_corpus(REACTIVE, 120, seed=32), ["ai_maturity"])
    ai = verdicts["ai_maturity"]
    assert ai.cumulative is not None and ai.cumulative.floor_only and ai.next_level is not None
    assert ai.next_level.level == 1 and ai.levels[0].reached is False


def test_build_evidence_is_the_serialisation_of_the_engine(verdicts) -> None:
    calls, turns = make_corpus(AUTOMATED, 150, seed=31)
    evidence = build_evidence(calls, turns)
    assert evidence["frameworks"] == verdicts_json(verdicts)


# --- registries ------------------------------------------------------------------------------


def test_metric_kinds_live_in_the_registry_with_their_parameters() -> None:
    assert set(metric_kinds()) >= {"rate", "mean", "annotation_share", "distinct_count", "group_multi_value"}
    assert set(metric_kinds()) == set(registries.metrics.get_all())
    assert check_spec({"metric": "mean", "column": "x", "colour": "red"}) == [
        "metric 'mean' does not take parameter 'colour'"
    ]
    assert check_spec({"metric": "group_multi_value", "column": "x"}) == [
        "metric 'group_multi_value' is missing parameter 'group'"
    ]
    assert check_spec({"metric": "median"})[0].startswith("unknown metric kind 'median'")


@pytest.fixture
def scratch_registry(monkeypatch: pytest.MonkeyPatch):
    """Registrations made in a test are dropped after it."""
    monkeypatch.setattr(catalogue, "REGISTRY", dict(catalogue.REGISTRY))


def test_a_new_metric_kind_is_usable_from_yaml_once_registered(scratch_registry, tmp_path: Path) -> None:
    @metric("share_of_rows", required=("column",))
    def share_of_rows(tables: Tables, p) -> MetricResult:
        return MetricResult(float(tables.calls[p["column"]].mean()), len(tables.calls))

    assert compute(Tables(pd.DataFrame({"x": [True, False]})), {"metric": "share_of_rows", "column": "x"}).value == 0.5
    assert check_spec({"metric": "share_of_rows", "column": "x", "where": {}}) == [
        "metric 'share_of_rows' does not take parameter 'where'"
    ]


def test_a_new_ladder_rule_is_usable_from_yaml_once_registered(scratch_registry) -> None:
    @ladder_rule("floor_always")
    def floor_always(rungs, policy: LadderPolicy) -> Placement:
        return Placement(level=policy.floor, reached=frozenset({policy.floor}))

    rungs = [Rung(1, "evidenced"), Rung(2, "evidenced")]
    assert place(rungs, LadderPolicy(rule="floor_always")).level == 1
    assert place(rungs, LadderPolicy()).level == 2
    data = yaml.safe_load((FRAMEWORKS_DIR / "curve.yaml").read_text(encoding="utf-8"))
    data["ladder"] = {"rule": "floor_always"}
    check_framework(FRAMEWORKS_DIR / "curve.yaml", data, load_rules())  # accepted: no exception
