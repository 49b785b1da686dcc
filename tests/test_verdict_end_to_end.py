"""A real vendor export through `cxm analyze` and the default pipeline, to a verdict that follows from its content.

The maturity tests build calls tables directly; this one starts from a Genesys Cloud transcript export
(`tests/fixtures/formats/genesys_call.json`), so a reader, redaction, signal or engine change that
alters what that file evidences fails here. What the file shows:

- Genesys' own speech analytics ran on it: `analytics.sentiment` and `analytics.topics` are in the
  export, so sentiment detection and auto-categorisation (AI layer 2) are evidenced.
- No QA evaluation or score is in the export, so automated QA is not evidenced; the AI model's
  foundation rule ("automated QA before advancing beyond Layer 1") then holds the centre at Layer 1,
  and the advice names automated QA first.
- It is a transcribed call, turn by turn, so speech-to-text (layer 1) is evidenced.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cxmaturity.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "formats" / "genesys_call.json"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("genesys") / "out"
    assert main(["analyze", str(FIXTURE), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def ai(run_dir: Path) -> dict:
    evidence = json.loads((run_dir / "evidence.json").read_text(encoding="utf-8"))
    return evidence["frameworks"]["ai_maturity"]


def _criteria(ai: dict) -> dict[str, dict]:
    return {criterion["id"]: criterion for level in ai["levels"] for criterion in level["criteria"]}


def test_the_exports_own_analytics_are_evidenced(ai: dict) -> None:
    criteria = _criteria(ai)
    for criterion_id in ("sentiment_detection", "auto_categorization", "speech_to_text"):
        assert criteria[criterion_id]["status"] == "evidenced", criterion_id
    sentiment = criteria["sentiment_detection"]["metrics"]["sentiment_fields_in_export"]
    assert sentiment["value"] == 1.0 and sentiment["n"] == 1


def test_no_qa_in_the_export_keeps_the_centre_at_layer_1(ai: dict) -> None:
    criteria = _criteria(ai)
    assert criteria["automated_qa"]["status"] == "not_evidenced"
    assert criteria["automated_qa"]["metrics"]["qa_fields_in_export"]["value"] == 0.0
    assert ai["level"] == 1 and ai["level_name"] == "Automate"
    assert ai["foundation_rule"]["holds"] is False
    assert ai["levels"][0]["reached"] is False  # layer 1 itself is not yet evidenced
    assert ai["next_level"]["level"] == 1 and ai["next_level"]["gaps"][0] == "automated_qa"
    assert ai["summary"].startswith("Not yet evidenced at layer 1 (Automate)")


def test_the_report_shows_the_same_verdict(run_dir: Path) -> None:
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    verdict = re.search(r'<article class="verdict" id="verdict-ai_maturity">.*?</article>', html, flags=re.S)
    assert verdict is not None
    assert "Automate" in verdict.group(0) and "Layer 1 of 6" in verdict.group(0)
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus_stages"]["maturity"]["status"] == "ok"
