"""The report's "Contact drivers" section: topics, flags, sparklines and quotes, all escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxmaturity.pipeline.stage import Corpus
from cxmaturity.report import render_report
from cxmaturity.report.render import render_html
from cxmaturity.report.stage import ReportStage
from cxmaturity.report.topics_view import build_topics_view
from cxmaturity.topics.stage import TOPIC_SCHEMA
from tests.report.report_fixtures import build_calls, write_run_dir

SCRIPT = "<script>alert('topic')</script>"
EVIL_TERM = "<img src=x onerror=alert(2)>"
AGENT = "agent-Jane-Smith-42"


def _topics(calls: pd.DataFrame) -> pa.Table:
    ids = list(calls["conversation_id"])
    rows = [
        {
            "topic_id": 0,
            "label": "bin, missed, collection",
            "terms": ["bin", "missed", "collection"],
            "size": 30,
            "share": 0.5,
            "uncovered_share": 0.8,
            "beyond_taxonomy": True,
            "dominant_intent": "other",
            "dominant_intent_share": 0.6,
            "first_day": "2026-11-01",
            "last_day": "2026-11-09",
            "daily_counts": json.dumps({"2026-11-01": 2, "2026-11-05": 4, "2026-11-09": 9}),
            "trend": "rising",
            "examples": [
                {"conversation_id": ids[0], "turn_index": 1, "text": f"my bins were missed {SCRIPT}"},
                {"conversation_id": ids[1], "turn_index": 2, "text": "the bin lorry drove past again"},
            ],
        },
        {
            "topic_id": 1,
            "label": f"refund, {EVIL_TERM}",
            "terms": ["refund", EVIL_TERM],
            "size": 20,
            "share": 0.33,
            "uncovered_share": 0.1,
            "beyond_taxonomy": False,
            "dominant_intent": "returns_refunds",
            "dominant_intent_share": 0.9,
            "first_day": None,
            "last_day": None,
            "daily_counts": "{}",
            "trend": None,
            "examples": [{"conversation_id": ids[2], "turn_index": 1, "text": "where is my refund"}],
        },
        {
            "topic_id": 2,
            "label": "points, expired",
            "terms": ["points", "expired"],
            "size": 10,
            "share": 0.17,
            "uncovered_share": 0.4,
            "beyond_taxonomy": False,
            "dominant_intent": "information_request",
            "dominant_intent_share": 0.4,
            "first_day": "2026-11-02",
            "last_day": "2026-11-02",
            "daily_counts": json.dumps({"2026-11-02": 10}),
            "trend": None,
            "examples": [],
        },
    ]
    return pa.Table.from_pylist(rows, schema=TOPIC_SCHEMA)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_run_dir(tmp_path_factory.mktemp("run"))
    calls = pd.read_parquet(folder / "calls.parquet")
    calls["agent_id"] = AGENT
    calls["topic_id"] = pd.array([0] * 30 + [1] * 20 + [2] * (len(calls) - 50), dtype="Int64")
    calls.to_parquet(folder / "calls.parquet", index=False)
    pq.write_table(_topics(calls), folder / "topics.parquet")
    return folder


@pytest.fixture(scope="module")
def section(run_dir: Path) -> str:
    html = render_report(run_dir).read_text(encoding="utf-8")
    match = re.search(r'<section id="contact-drivers".*?</section>', html, re.DOTALL)
    assert match, "the report has a Contact drivers section"
    return match.group(0)


def test_quotes_and_terms_are_escaped(section: str) -> None:
    assert SCRIPT not in section and "<script" not in section
    assert "&lt;script&gt;alert(&#39;topic&#39;)&lt;/script&gt;" in section
    assert EVIL_TERM not in section and "&lt;img src=x onerror=alert(2)&gt;" in section


def test_topics_show_terms_size_trend_intent_and_quotes(section: str) -> None:
    assert "bin, missed, collection" in section
    assert "30 (50% of all calls)" in section
    assert "Not in the taxonomy" in section and section.count("badge--not_evidenced") == 1
    assert "Spread over intents" in section  # points/expired: no intent holds half, not mostly uncovered
    assert "rising" in section and "11-09 9" in section and "<svg" in section
    assert "Other (60% of the topic)" in section
    assert "the bin lorry drove past again" in section
    assert section.count('<blockquote class="quote">') == 3


def test_nothing_per_agent(run_dir: Path, section: str) -> None:
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    assert AGENT not in html


def test_quoted_conversations_are_in_the_cited_table(run_dir: Path, section: str) -> None:
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    for anchor in re.findall(r'<a href="#(conv-[0-9a-f]+)">', section):
        assert f'id="{anchor}"' in html


def test_the_report_stage_reads_topics_parquet(run_dir: Path) -> None:
    corpus = ReportStage()(Corpus(out_dir=run_dir))
    assert "Contact drivers" in corpus.artifacts["report"].read_text(encoding="utf-8")


def test_without_topics_the_section_says_why() -> None:
    calls = build_calls()
    view = build_topics_view(None, calls)
    assert not view.available and "topics stage was not in" in view.note.replace("`", "")
    empty = build_topics_view(pd.DataFrame(columns=TOPIC_SCHEMA.names), calls)
    assert not empty.available and "No topics" in empty.note
    html = render_html({}, calls, None, None)
    assert "Not available: this run has no topics.parquet" in html


def test_without_redacted_text_there_are_no_quotes() -> None:
    calls = build_calls()
    turns = pd.DataFrame({"conversation_id": ["x"], "turn_index": [0], "text": [None]})
    view = build_topics_view(_topics(calls).to_pandas(), calls, quotes_allowed=False)
    assert view.available and all(not card.quotes for card in view.cards)
    html = render_html({}, calls, turns, None, topics=_topics(calls).to_pandas())
    assert "my bins were missed" not in html
