"""The report's QA scorecard: drill-down quotes, and per agent only when asked for, pseudonymised."""

from __future__ import annotations

import pandas as pd

from cxmaturity.report.corpus_view import agent_pseudonym
from cxmaturity.report.render import render_html

EVIDENCE = {"frameworks": {}, "corpus": {"conversations": 4}}


def _calls() -> pd.DataFrame:
    answers = '{"greeting": {"result": "pass"}, "closing": {"result": "fail"}}'
    return pd.DataFrame(
        {
            "conversation_id": ["c-1", "c-2", "c-3", "c-4"],
            "queue": ["billing"] * 4,
            "agent_id": ["a-12", "a-12", "a-7", None],
            "scorecard_score": [80.0, 60.0, 100.0, 50.0],
            "scorecard_answers": [answers] * 4,
        }
    )


def test_no_agent_appears_unless_asked_for():
    html = render_html(EVIDENCE, _calls())
    assert "scorecard-agents" not in html and "a-12" not in html and "agent-" not in html
    assert "--per-agent" in html


def test_per_agent_shows_keyed_pseudonyms_never_the_exported_ids():
    key = b"k" * 32
    html = render_html(EVIDENCE, _calls(), per_agent=True, pseudonym_key=key)
    assert 'id="scorecard-agents"' in html
    assert agent_pseudonym("a-12", key) in html and agent_pseudonym("a-7", key) in html
    assert ">a-12<" not in html and ">a-7<" not in html
    assert agent_pseudonym("a-12", key) != agent_pseudonym("a-12", b"other key")  # unguessable without the key
    rows = html.split('id="scorecard-agents"')[1].split("</table>")[0]
    assert ">70.0<" in rows and ">2<" in rows  # a-12: two calls, mean 70


def test_ids_as_exported_only_when_configured():
    html = render_html(EVIDENCE, _calls(), per_agent=True, pseudonym_key=None)
    assert ">a-12<" in html


def test_scorecard_rows_drill_down_to_a_quoted_pass_and_a_failing_call():
    calls = _calls()
    calls["scorecard_answers"] = ['{"greeting": {"result": "pass", "turns": [0]}, "closing": {"result": "fail"}}'] * 4
    turns = pd.DataFrame(
        {"conversation_id": ["c-1"], "turn_index": [0], "text": ["Hello <b>you're</b> through to [ORG]"]}
    )
    html = render_html(EVIDENCE, calls, turns)
    table = html.split('id="scorecard-table"')[1].split("</table>")[0]
    assert "<q>Hello &lt;b&gt;you&#39;re&lt;/b&gt; through to [ORG]</q>" in table  # escaped: transcripts are untrusted
    assert ">c-1<" in table
