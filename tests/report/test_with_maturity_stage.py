"""The report over the maturity stage's real evidence.json (not a hand-written one).

The maturity engine is run on the fixture tables, so a change in its output shape that the
report cannot read shows up here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxmaturity.report import render_html

from .report_fixtures import build_calls, build_manifest, build_turns

maturity_stage = pytest.importorskip("cxmaturity.maturity.stage")
SAMPLE_ASSESSMENT = Path(__file__).resolve().parents[2] / "sample_data" / "self_assessment.yaml"


@pytest.fixture(scope="module")
def real_report() -> tuple[dict, str]:
    calls = build_calls()
    turns = build_turns(calls)
    assessment = SAMPLE_ASSESSMENT if SAMPLE_ASSESSMENT.exists() else None
    evidence = maturity_stage.build_evidence(calls, turns, self_assessment=assessment)
    return evidence, render_html(evidence, calls, turns, build_manifest())


def test_every_framework_verdict_is_shown(real_report) -> None:
    evidence, html = real_report
    summary = re.search(r'<section id="summary".*?</section>', html, flags=re.S).group(0)
    for key, block in evidence["frameworks"].items():
        assert f'id="verdict-{key}"' in summary
        name = block.get("level_name") or block.get("stage")
        if name:
            assert str(name) in summary


def test_every_criterion_gets_a_card_with_its_status(real_report) -> None:
    evidence, html = real_report
    ai = evidence["frameworks"]["ai_maturity"]
    expected = sum(
        len(layer["criteria"]) + len((layer.get("ready_to_graduate") or {}).get("checks") or [])
        for layer in ai["layers"]
    )
    section = re.search(r'<h3 id="evidence-ai_maturity">.*?(?=<h3 id="evidence-)', html, flags=re.S).group(0)
    assert section.count('<article class="card"') == expected
    icmi = re.search(r'<h3 id="evidence-icmi">.*?(?=<h3 id="evidence-|</section>)', html, flags=re.S).group(0)
    assert icmi.count('<article class="card"') == len(evidence["frameworks"]["icmi"]["items"])


def test_rule_metrics_show_value_and_thresholds(real_report) -> None:
    evidence, html = real_report
    assert "evidenced ≥" in html or "evidenced ≤" in html
    assert "{&#39;" not in html and "{'" not in html  # no dict dumped as text


def test_self_assessment_comparison_rendered_when_given(real_report) -> None:
    evidence, html = real_report
    if "self_assessment" not in evidence:
        pytest.skip("sample_data/self_assessment.yaml not present in this checkout")
    assessment = evidence["self_assessment"]
    assert f"<strong>{assessment['claimed_stage']}</strong> ({assessment['claimed_total']} / 100)" in html
    rows = re.findall(r"<tr>\s*<td>", re.search(r'id="gap-table".*?</table>', html, flags=re.S).group(0))
    assert len(rows) == len(assessment["gap_analysis"])
