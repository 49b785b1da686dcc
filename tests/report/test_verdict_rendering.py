"""The report shows what the engine decided: the placement sentence, gaps, denominators and errors."""

from __future__ import annotations

from cxmaturity.maturity.self_assessment import SelfAssessment, compare
from cxmaturity.maturity.stage import build_evidence
from cxmaturity.report import render_html
from tests.maturity.conftest import AUTOMATED, make_corpus, replace_metric


def _evidence(monkeypatch):
    calls, turns = make_corpus(AUTOMATED, 80, seed=11)

    def exploding(original, tables, p):
        if p.get("column") == "wait_complaint":
            raise KeyError("<script>alert('raw transcript')</script>")
        return original(tables, p)

    replace_metric(monkeypatch, "rate", exploding)
    evidence = build_evidence(calls, turns)
    claims = SelfAssessment(
        ratings={item["id"]: 4 for item in evidence["frameworks"]["icmi"]["items"]}, claimed_ai_layer=3
    )
    evidence["self_assessment"] = compare(claims, evidence["frameworks"])
    return evidence, calls, turns


def test_summary_denominators_and_errors_are_rendered(monkeypatch):
    evidence, calls, turns = _evidence(monkeypatch)
    html = render_html(evidence, calls, turns)
    for verdict in evidence["frameworks"].values():
        if verdict.get("summary"):
            assert verdict["summary"].replace("&", "&amp;") in html.replace("&#39;", "'")
    assert "over conversations handled by a human agent" in html
    assert "badge--error" in html and "KeyError at maturity/" in html
    assert "raw transcript" not in html  # the exception message never reaches the report


def test_items_transcripts_cannot_show_are_marked_not_observable(monkeypatch):
    evidence, calls, turns = _evidence(monkeypatch)
    items = {item["id"]: item for item in evidence["self_assessment"]["items"]}
    assert items["employee_satisfaction"]["evidenced"] is None
    assert items["employee_satisfaction"]["evidence_status"] == "not_observable"
    assert items["employee_satisfaction"]["reason"].startswith("not observable in transcripts")
    html = render_html(evidence, calls, turns)
    assert "badge--not_observable" in html and ">Not observable<" in html


def test_characteristics_section_shows_medians_or_says_why_not():
    import pandas as pd

    from cxmaturity.report.corpus_view import build_corpus_view

    timed = pd.DataFrame(
        {
            "conversation_id": ["a", "b", "c"],
            "agent_talk_s": [100.0, 200.0, None],
            "sentiment_change": [0.5, -0.1, None],
        }
    )
    part = build_corpus_view(timed, None, None, []).characteristics
    rows = {row["label"]: row for row in part.data["rows"]}
    assert part.available and rows["Agent talk time"]["median"] == "150 s" and rows["Agent talk time"]["n"] == "2"
    assert rows["Customer sentiment change"]["median"] == "+0.20"
    untimed = pd.DataFrame({"conversation_id": ["a"], "agent_talk_s": [None]})
    part = build_corpus_view(untimed, None, None, []).characteristics
    assert not part.available and "unknown (not zero)" in part.note
