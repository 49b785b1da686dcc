"""`cxm analyze sample_data` with the default pipeline: every output, the contract's columns,
every input accounted for, and no raw PII or live markup in anything written.

Runs the whole pipeline once per module (the same command the README gives a new user).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cxmaturity.cli import main
from tests.conftest import ROOT, SAMPLE_DATA

PII_FILE = ROOT / "tests" / "redact" / "sample_data_pii.yaml"
CONTRACT_CALL_COLUMNS = [
    "conversation_id",
    "source_file",
    "channel",
    "direction",
    "duration_s",
    "n_turns",
    "intent",
    "intent_confidence",
    "sentiment_start",
    "sentiment_end",
    "sentiment_mean",
    "predicted_csat",
    "churn_risk",
    "transfers",
    "holds",
    "escalation_requested",
    "resolved",
    "bot_contained",
    "survey_offered",
    "disclosure_given",
    "pii_found",
]
CONTRACT_TURN_COLUMNS = [
    "conversation_id",
    "turn_index",
    "speaker",
    "start",
    "end",
    "text",
    "sentiment",
    "sentiment_score",
    "pii_types",
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("analyze") / "out"
    code = main(
        [
            "analyze",
            str(SAMPLE_DATA),
            "--out",
            str(out),
            "--quiet",
            "--self-assessment",
            str(SAMPLE_DATA / "self_assessment.yaml"),
        ]
    )
    assert code == 0
    return out


def test_writes_every_output_and_accounts_for_every_input(run: Path) -> None:
    for name in ("turns.parquet", "calls.parquet", "evidence.json", "report.html", "manifest.json"):
        assert (run / name).is_file(), name
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["totals"]["conversations_read"] == 50
    assert manifest["totals"]["conversations_written"] == 50
    assert {entry["status"] for entry in manifest["inputs"]} == {"ok"}
    transcript_files = [p for p in SAMPLE_DATA.rglob("*") if p.is_file() and p.suffix not in (".md", ".yaml")]
    assert len(manifest["inputs"]) == len(transcript_files)
    assert {Path(s["path"]).name for s in manifest["skipped"]} == {"README.md", "self_assessment.yaml"}
    assert set(manifest["pipeline"]["stages"]) >= {"ingest", "redact", "maturity", "report"}


def test_tables_have_the_contract_columns(run: Path) -> None:
    calls = pd.read_parquet(run / "calls.parquet")
    turns = pd.read_parquet(run / "turns.parquet")
    present = [c for c in CONTRACT_CALL_COLUMNS if c in calls.columns]
    missing_stage_columns = set(CONTRACT_CALL_COLUMNS) - set(present)
    # A column may only be missing because its stage is not in the default pipeline.
    stages = set(json.loads((run / "manifest.json").read_text())["pipeline"]["stages"])
    if {"classify", "predict"} <= stages:
        assert not missing_stage_columns
    assert set(CONTRACT_TURN_COLUMNS) <= set(turns.columns)
    assert len(calls) == 50 and calls.conversation_id.is_unique
    assert turns.groupby("conversation_id").turn_index.min().eq(0).all()
    assert turns.text.notna().all()
    assert (calls.pii_found > 0).sum() >= 30


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


def test_no_raw_pii_in_any_output(run: Path) -> None:
    values = {v for entry in yaml.safe_load(PII_FILE.read_text()).values() for v in entry["values"]}
    turns = pd.read_parquet(run / "turns.parquet")
    corpus = {
        "turns.parquet": " ".join(turns.text.dropna()),
        "calls.parquet": pd.read_parquet(run / "calls.parquet").astype(str).to_csv(),
        "evidence.json": (run / "evidence.json").read_text(),
        "report.html": (run / "report.html").read_text(),
        "manifest.json": (run / "manifest.json").read_text(),
    }
    for name, text in corpus.items():
        haystack = _normalise(text)
        leaked = [
            v for v in values if re.search(r"(?<![a-z0-9])" + re.escape(_normalise(v)) + r"(?![a-z0-9])", haystack)
        ]
        assert not leaked, f"{name} holds raw PII values: {len(leaked)}"


def test_hostile_transcript_text_is_escaped_in_the_report(run: Path) -> None:
    html = (run / "report.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert '"><img src=x onerror=alert(1)>' not in html
    assert "onerror=alert(1)>" not in html.replace("&gt;", "")


def test_evidence_has_every_framework_and_the_self_assessment(run: Path) -> None:
    evidence = json.loads((run / "evidence.json").read_text())
    assert set(evidence["frameworks"]) == {"ai_maturity", "icmi", "four_stage", "five_level", "curve"}
    assert evidence["self_assessment"]["claimed_total"] == sum(
        yaml.safe_load((SAMPLE_DATA / "self_assessment.yaml").read_text())["items"].values()
    )
    assert evidence["corpus"]["conversations"] == 50
