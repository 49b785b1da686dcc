"""Config problems fail in `prepare`, before any conversation is read, as ConfigErrors naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cxmaturity.cli import main
from cxmaturity.errors import ConfigError
from cxmaturity.maturity.metrics import MetricSpecError
from cxmaturity.maturity.schema import FRAMEWORKS_DIR, FrameworkError
from cxmaturity.maturity.self_assessment import SelfAssessmentError
from cxmaturity.maturity.stage import MaturityStage
from cxmaturity.report.stage import ReportStage

SAMPLE_ASSESSMENT = Path(__file__).resolve().parents[2] / "sample_data" / "self_assessment.yaml"


def _framework(tmp_path: Path, name: str, mutate=None) -> Path:
    """A copy of the shipped curve framework under a new id, changed by `mutate`."""
    data = yaml.safe_load((FRAMEWORKS_DIR / "curve.yaml").read_text(encoding="utf-8"))
    data["id"] = name
    data.pop("order", None)
    if mutate:
        mutate(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_error_classes_are_config_errors() -> None:
    for cls in (FrameworkError, SelfAssessmentError, MetricSpecError):
        assert issubclass(cls, ConfigError) and issubclass(cls, ValueError)


def test_a_framework_typo_fails_in_prepare_naming_the_file_and_field(tmp_path: Path) -> None:
    def typo(data):
        data["criteria"][0]["observabilty"] = data["criteria"][0].pop("observability")

    path = _framework(tmp_path, "house_curve", typo)
    stage = MaturityStage(framework_files=[str(path)])  # building reads nothing
    with pytest.raises(FrameworkError) as err:
        stage.prepare({})
    message = str(err.value)
    assert str(path) in message
    assert "unknown key 'observabilty'" in message and "missing field 'observability'" in message


def test_a_self_assessment_typo_fails_in_prepare_naming_the_file_and_item(tmp_path: Path) -> None:
    data = yaml.safe_load(SAMPLE_ASSESSMENT.read_text(encoding="utf-8"))
    items = data["items"] if "items" in data else data
    items["quality_assurence"] = items.pop("quality_assurance")
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(SelfAssessmentError) as err:
        MaturityStage().prepare({"self_assessment": path})
    message = str(err.value)
    assert str(path) in message
    assert "unknown item id 'quality_assurence'" in message and "missing item 'quality_assurance'" in message


@pytest.mark.parametrize(
    "config, fragment",
    [
        ({"frameworks": ["ai_maturity", "icmii"]}, "unknown framework(s) icmii"),
        ({"framework_files": ["no/such/framework.yaml"]}, "no/such/framework.yaml: file not found"),
    ],
)
def test_unknown_ids_and_missing_files_fail_in_prepare(config: dict, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        MaturityStage(**config).prepare({})


def test_an_extra_framework_may_not_take_a_shipped_id(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    path = _framework(folder, "curve")
    with pytest.raises(FrameworkError, match=r"curve.yaml: id 'curve' is already defined by the shipped curve.yaml"):
        MaturityStage(framework_files=[str(path)]).prepare({})


@pytest.mark.parametrize("value", ["icmi", [1, 2], [""]])
def test_option_types_are_checked_when_the_stage_is_built(value) -> None:
    with pytest.raises(ConfigError, match="frameworks must be a list of non-empty strings"):
        MaturityStage(frameworks=value)


@pytest.mark.parametrize(
    "mutate, fragment",
    [
        (
            lambda d: d.update(report={"headline": "{Label} {levle}"}),
            "report.headline names unknown placeholder {levle}",
        ),
        (lambda d: d.update(report={"ladder": {"id": "Bad Id", "heading": "x"}}), "report.ladder.id must be"),
        (lambda d: d.update(report={"items": {"id": "items", "heading": "x"}}), "report.items needs scoring"),
        (lambda d: d.update(level_label="summary"), "level_label 'summary' is a key of the verdict"),
        (lambda d: d.update(level_label="Big Step"), "level_label must be one lower-case word"),
        (lambda d: d.update(order="first"), "order must be a whole number"),
        (lambda d: d.update(title=""), "title must be a non-empty string"),
    ],
)
def test_presentation_fields_are_checked(tmp_path: Path, mutate, fragment: str) -> None:
    path = _framework(tmp_path, "house_curve", mutate)
    with pytest.raises(FrameworkError) as err:
        MaturityStage(framework_files=[str(path)]).prepare({})
    assert fragment in str(err.value)


@pytest.mark.parametrize(
    "config, field",
    [
        ({"max_examples": -1}, "max_examples"),
        ({"max_examples": True}, "max_examples"),
        ({"agent_ids": "everyone"}, "agent_ids"),
        ({"title": ""}, "title"),
        ({"per_agent": "yes please"}, "per_agent"),
    ],
)
def test_report_config_errors_are_config_errors_naming_the_field(config: dict, field: str) -> None:
    with pytest.raises(ConfigError, match=field):
        ReportStage(**config)


def test_a_framework_typo_stops_cxm_analyze_before_any_input_is_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _framework(tmp_path, "house_curve", lambda d: d["levels"][0].update(nmae="x"))
    pipeline = tmp_path / "pipeline.yaml"
    pipeline.write_text(
        yaml.safe_dump(
            {"stages": [{"name": "ingest"}, {"name": "maturity", "config": {"framework_files": [str(path)]}}]}
        ),
        encoding="utf-8",
    )
    export = tmp_path / "export.jsonl"
    export.write_text('{"conversation_id": "c-1", "turns": [{"speaker": "agent", "text": "Hello"}]}\n')
    out = tmp_path / "out"
    code = main(["analyze", str(export), "--out", str(out), "--pipeline", str(pipeline), "--quiet"])
    assert code != 0
    assert str(path) in caplog.text and "unknown key 'nmae'" in caplog.text
    assert not (out / "calls.parquet").exists() and not (out / "manifest.json").exists()
