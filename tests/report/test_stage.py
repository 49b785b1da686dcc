"""The `report` corpus stage inside the pipeline's calling convention."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxmaturity.pipeline.registry import get_stage
from cxmaturity.pipeline.stage import Corpus
from cxmaturity.report.render import ReportError
from cxmaturity.report.stage import ReportStage

from .report_fixtures import build_evidence, build_manifest, write_run_dir


def test_entry_point_resolves_to_report_stage() -> None:
    assert get_stage("report") is ReportStage


def test_stage_prefers_in_memory_evidence_and_manifest(tmp_path: Path) -> None:
    write_run_dir(tmp_path, with_manifest=False)
    (tmp_path / "evidence.json").unlink()  # the stage must use the artifact, not the file
    evidence = build_evidence()
    evidence["frameworks"]["icmi"]["stage"] = "Customer-Champion"
    corpus = Corpus(out_dir=tmp_path, manifest=build_manifest(), artifacts={"evidence": evidence})
    result = ReportStage(title="Acme Telecom: CX evidence pack", max_examples=1)(corpus)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert result.artifacts["report"] == tmp_path / "report.html"
    assert "<title>Acme Telecom: CX evidence pack</title>" in html
    assert "Customer-Champion" in html and "sentiment-head" in html
    cards = html.split('<article class="card"')[1:]
    assert cards and all(card.count('<blockquote class="quote">') <= 1 for card in cards)


def test_stage_reads_evidence_file_when_no_artifact(tmp_path: Path) -> None:
    write_run_dir(tmp_path)
    ReportStage()(Corpus(out_dir=tmp_path))
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Customer-Aware" in html
    assert json.loads((tmp_path / "manifest.json").read_text())["tool"]["version"] in html


def test_stage_without_evidence_fails_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="evidence.json"):
        ReportStage()(Corpus(out_dir=tmp_path))


def test_invalid_config_is_rejected() -> None:
    with pytest.raises(ValueError, match="max_examples"):
        ReportStage(max_examples=-1)
