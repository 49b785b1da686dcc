"""report.html from a realistic run folder: self-contained, escaped, complete, and robust to gaps."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from cxmaturity.report import ReportError, render_html, render_report
from cxmaturity.report.evidence_view import conversation_anchor

from .report_fixtures import (
    ALL_PAYLOADS,
    EVIL_CONVERSATION_ID,
    build_calls,
    build_evidence,
    write_run_dir,
)

SECTION_IDS = ["summary", "ai-ladder", "icmi", "evidence", "gap-analysis", "corpus", "method", "conversations"]


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, flags=re.S)
    assert match, section_id
    return match.group(0)


def _table_rows(html: str, table_id: str) -> list[str]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, flags=re.S).group(0)
    return re.findall(r"<tr[ >].*?</tr>", table.split("<tbody>")[1], flags=re.S)


def test_every_section_is_present(report_html: str) -> None:
    for section_id in SECTION_IDS:
        assert f'<section id="{section_id}"' in report_html


def test_report_is_self_contained(report_html: str) -> None:
    assert not re.search(r"""\b(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?//""", report_html, re.I)
    assert "<link" not in report_html and "@import" not in report_html
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", report_html)
    assert "<style>" in report_html  # CSS inline
    assert report_html.count("<svg") >= 9  # ladder, ICMI, channel, queue, day, trajectory, sentiment, intent, CSAT, PII


def test_transcript_payloads_never_appear_unescaped(report_html: str) -> None:
    for payload in ALL_PAYLOADS:
        assert payload not in report_html
    assert "<img" not in report_html
    # The only script element is the report's own sort script.
    assert len(re.findall(r"<script\b", report_html)) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report_html  # the queue name / intent, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in report_html  # the conversation id, as text
    assert "document.title=&#39;PWNED&#39;" in report_html  # the quote, as text


def test_no_live_event_handler_attributes(report_html: str) -> None:
    tags = re.findall(r"<[a-zA-Z][^>]*>", report_html)
    assert not [tag for tag in tags if re.search(r"\son[a-z]+\s*=", tag)]


def test_headline_verdicts_and_claim_comparison(report_html: str) -> None:
    summary = _section(report_html, "summary")
    for verdict in ("Augment", "Customer-Aware", "Developing", "Emerging", "Reactive"):
        assert verdict in summary
    assert "Layer 2 of 6" in summary and "Confidence: 70% (high)" in summary
    assert "Claimed: <strong>Layer 4</strong>" in summary
    assert "Overclaimed by 2 layers." in summary
    assert "Overclaimed by 15 points." in summary
    assert "<strong>Customer-Centric</strong> (72 / 100)" in summary


def test_icmi_chart_and_ladder_cover_all_items(report_html: str) -> None:
    icmi = _section(report_html, "icmi")
    assert icmi.count('<g class="item">') == 20
    assert icmi.count("not observable from transcripts") == 8
    ladder = _section(report_html, "ai-ladder")
    assert ladder.count('<g class="rung">') == 6
    assert "◀ Evidenced" in ladder and "◀ Claimed" in ladder


def test_evidence_cards_show_metric_threshold_status_and_linked_quotes(report_html: str) -> None:
    evidence = _section(report_html, "evidence")
    assert "Automated QA coverage" in evidence
    assert "Share with qa annotation" in evidence and "≥ 0.50" in evidence
    assert "Direct: seen in transcripts" in evidence
    assert 'class="badge badge--not_observable"' in evidence
    anchor = conversation_anchor(EVIL_CONVERSATION_ID)
    assert f'href="#{anchor}"' in evidence
    cited = _section(report_html, "conversations")
    assert f'id="{anchor}"' in cited  # every quote's link lands on a row
    for href in set(re.findall(r'href="#(conv-[0-9a-f]+)"', evidence)):
        assert f'id="{href}"' in cited


def test_gap_worksheet_is_a_sortable_table_in_priority_order(report_html: str) -> None:
    assert re.search(r'<table class="sortable" id="gap-table">', report_html)
    rows = _table_rows(report_html, "gap-table")
    assert len(rows) == 20
    priorities = [int(re.findall(r'data-sort="(\d+)"', row)[0]) for row in rows]  # priority, then effort
    assert priorities == sorted(priorities, reverse=True)


def test_churn_list_is_ids_and_scores_only(report_html: str) -> None:
    calls = build_calls()
    rows = _table_rows(report_html, "churn-table")
    expected = calls[calls["churn_risk"] >= 0.5].sort_values("churn_risk", ascending=False).head(15)
    assert len(rows) == len(expected)
    for row, risk in zip(rows, expected["churn_risk"], strict=True):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        assert len(cells) == 2
        assert cells[1] == f"{risk:.2f}"


def test_pii_counts_by_type_match_the_calls_table(report_html: str) -> None:
    calls = build_calls()
    expected = Counter(entity for types in calls["pii_types"] for entity in set(types))
    pii = re.search(r'id="pii-by-type".*?</figure>', report_html, flags=re.S).group(0)
    for entity, count in expected.items():
        assert f"<title>{entity}: {count}</title>" in pii
    assert f"{int(calls['pii_found'].sum())} PII entities redacted" in pii


def test_volume_by_day_totals_match_calls(report_html: str) -> None:
    day = re.search(r'id="volume-day".*?</figure>', report_html, flags=re.S).group(0)
    totals = [int(n) for n in re.findall(r"<title>\d{4}-\d\d-\d\d: (\d+) conversations", day)]
    assert sum(totals) == len(build_calls()) and len(totals) == 10


def test_method_notes_show_models_versions_and_unobservables(report_html: str) -> None:
    method = _section(report_html, "method")
    assert "cxmaturity 0.1.0" in method
    assert "sentiment-head" in method and "2026.11" in method
    assert "cd34cd34cd34…" in method  # hashes shortened, full value in the tooltip
    assert 'title="' + "cd34" * 16 + '"' in method
    assert "What transcripts cannot show" in method
    assert _table_rows(report_html, "not-observable")  # the unobservable criteria are listed
    assert "exports/broken.csv" in method and "no turns column" in method


def test_missing_stage_columns_are_reported_not_fatal(tmp_path: Path) -> None:
    run = write_run_dir(tmp_path, with_turns=False, with_manifest=False)
    calls = pd.read_parquet(run / "calls.parquet")
    calls.drop(
        columns=[
            "predicted_csat",
            "churn_risk",
            "intent",
            "customer_sentiment_trajectory",
            "pii_types",
            "pii_found",
            "queue",
        ]
    ).to_parquet(run / "calls.parquet", index=False)
    html = render_report(run).read_text(encoding="utf-8")
    corpus = _section(html, "corpus")
    assert "no `predicted_csat` column (the `predict` stage" in corpus
    assert "no `churn_risk` column (the `churn` stage" in corpus
    assert "no `intent` column (the `classify` stage" in corpus
    assert "(the `redact` stage" in corpus
    assert "the exports carried no queue names" in corpus
    assert "The manifest records no models" in html


def test_no_calls_table_falls_back_to_evidence_corpus_block(tmp_path: Path) -> None:
    (tmp_path / "evidence.json").write_text(json.dumps(build_evidence()))
    html = render_report(tmp_path).read_text(encoding="utf-8")
    assert "this run has no calls.parquet" in html
    assert "2026-11-16 to 2026-11-25" in html
    assert "<title>voice: 30</title>" in html


@pytest.mark.parametrize(
    "evidence",
    [
        {},
        {"frameworks": {}},
        {"frameworks": {"ai_maturity": {}, "icmi": {"items": [{"id": "quality_assurance"}]}, "novel": {"x": 1}}},
        {
            "frameworks": {
                "ai_maturity": {
                    "level": "2",
                    "layers": [{"layer": 1, "criteria": [{"status": "weird", "metrics": None}]}],
                },
                "icmi": {"items": "not a list", "score": None},
            },
            "self_assessment": {"items": [{"id": "quality_assurance", "claimed": "5"}], "gap_analysis": [{}]},
            "corpus": "nonsense",
        },
    ],
)
def test_thin_or_odd_evidence_renders_with_na(evidence) -> None:
    html = render_html(evidence)
    for section_id in SECTION_IDS:
        assert f'<section id="{section_id}"' in html
    assert "n/a" in html


def test_without_self_assessment_the_worksheet_is_derived_from_evidence() -> None:
    evidence = build_evidence()
    del evidence["self_assessment"]
    html = render_html(evidence)
    assert "No self-assessment was supplied" in html
    assert "current ratings are the evidenced ratings" in html
    rows = _table_rows(html, "gap-table")
    assert len(rows) == 20
    assert "Claimed:" not in _section(html, "summary")


def test_quotes_withheld_when_run_had_no_redaction() -> None:
    calls = build_calls()
    turns = pd.DataFrame(
        {"conversation_id": calls["conversation_id"], "turn_index": 0, "speaker": "agent", "text": [None] * len(calls)}
    )
    html = render_html(build_evidence(), calls, turns)
    assert "Quotes are withheld" in html
    assert "I was billed for a plan" not in html
    assert f'href="#{conversation_anchor("c-0012")}"' in html  # the ids are still cited


def test_missing_evidence_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="evidence.json: not found"):
        render_report(tmp_path)


def test_corrupt_table_error_names_the_file_not_its_content(tmp_path: Path) -> None:
    write_run_dir(tmp_path)
    (tmp_path / "turns.parquet").write_bytes(b"My card 4111 1111 1111 1111 is not parquet")
    with pytest.raises(ReportError) as caught:
        render_report(tmp_path)
    assert "turns.parquet" in str(caught.value) and "4111" not in str(caught.value)
