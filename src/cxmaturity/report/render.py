"""Render report.html: one self-contained file from evidence, tables and manifest.

Jinja2 with autoescape on for every template, so any transcript-derived string (quotes, queue
names, intents, ids) is escaped; charts are inline SVG built by `charts` with their own escaping.
CSS and the small sort script are inlined, so the file opens with no network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from pyarrow import ArrowException

from cxmaturity.errors import CxmError
from cxmaturity.report import charts
from cxmaturity.report.corpus_view import build_corpus_view
from cxmaturity.report.evidence_view import EvidenceView, build_evidence_view
from cxmaturity.report.method_view import build_method_view
from cxmaturity.report.topics_view import build_topics_view
from cxmaturity.report.trend_view import TrendView

REPORT_FILE = "report.html"
DEFAULT_TITLE = "CX & AI maturity evidence pack"
DEFAULT_MAX_EXAMPLES = 3


class ReportError(CxmError, RuntimeError):
    """The report could not be written (message names the file, never transcript text)."""


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("cxmaturity.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def check_templates() -> None:
    """Load (and so compile) the report's templates; raises jinja2's TemplateError when one is broken."""
    environment = _environment()
    for name in ("report.html.j2", "sortable.js.j2"):
        environment.get_template(name)


def quotes_allowed(turns) -> bool:
    """Quotes only when the run's text was redacted: a run without a redact stage writes null text."""
    if turns is None or "text" not in turns.columns:
        return True
    return bool(turns["text"].notna().any()) or len(turns) == 0


def _cited_ids(view) -> list[str]:
    seen: dict[str, None] = {}
    for cards in view.cards.values():
        for card in cards:
            for example in card.examples:
                seen.setdefault(example.conversation_id, None)
    return list(seen)


def _charts(view: EvidenceView, corpus_view) -> dict[str, Any]:
    built: dict[str, Any] = {
        "ladder_charts": {
            ladder.key: charts.ladder_chart(
                ladder.rungs, ladder.evidenced_level, ladder.claimed_level, ladder.section.chart, ladder.label
            )
            for ladder in view.ladders
        },
        "item_charts": {
            part.key: charts.items_chart(
                part.items, part.groups, part.has_claims, part.section.chart or part.section.heading, part.rating_max
            )
            for part in view.item_sections
        },
    }
    if corpus_view.channels.available:
        built["channels"] = charts.hbar_chart(corpus_view.channels.data["counts"], "Conversations by channel")
    if corpus_view.queues.available:
        built["queues"] = charts.hbar_chart(corpus_view.queues.data["counts"], "Conversations by queue")
    if corpus_view.days.available:
        built["days"] = charts.stacked_columns(corpus_view.days.data["series"], "Conversations per day by channel")
        if corpus_view.days.data["sentiment_by_day"]:
            built["sentiment_by_day"] = charts.line_chart(
                corpus_view.days.data["sentiment_by_day"], "Mean sentiment per day (-1 to +1)"
            )
    if corpus_view.sentiment.available:
        trajectory_colours = {"improved": "#009E73", "flat": "#9aa5b1", "worsened": "#D55E00"}
        items = corpus_view.sentiment.data["trajectory"]
        built["trajectory"] = charts.column_chart(
            items,
            "Customer sentiment trajectory within the conversation",
            colours=[trajectory_colours.get(name, "#0072B2") for name, _ in items],
        )
    if corpus_view.intents.available:
        built["intents"] = charts.hbar_chart(corpus_view.intents.data["counts"], "Intent mix", colour="#CC79A7")
    if corpus_view.csat.available:
        built["csat"] = charts.column_chart(
            corpus_view.csat.data["bins"],
            "Predicted CSAT distribution (rounded to 1-5)",
            x_label="Predicted CSAT",
            colours=["#D55E00", "#E69F00", "#9aa5b1", "#56B4E9", "#009E73"],
        )
    if corpus_view.pii.available and corpus_view.pii.data["by_type"]:
        built["pii"] = charts.hbar_chart(
            corpus_view.pii.data["by_type"], "Conversations with PII, by entity type", colour="#56B4E9"
        )
    return built


def render_html(
    evidence: dict[str, Any] | None,
    calls=None,
    turns=None,
    manifest: dict[str, Any] | None = None,
    title: str = DEFAULT_TITLE,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    generated_at: datetime | None = None,
    trend: TrendView | None = None,
    topics=None,
    per_agent: bool = False,
    pseudonym_key: bytes | None = b"",
    frameworks: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The report as an HTML string, from already-loaded inputs (no file access but the shipped YAML).

    `trend` (from a nightly store's snapshots) adds the section on levels across snapshots; `topics`
    (topics.parquet as a DataFrame, None when the run had no topics stage) the contact drivers;
    `per_agent` the QA scorecard per agent, pseudonymised with `pseudonym_key` (None: ids as exported);
    `frameworks` the framework definitions the verdicts came from (default: the shipped ones)."""
    evidence = evidence if isinstance(evidence, dict) else {}
    view = build_evidence_view(evidence, quotes_allowed=quotes_allowed(turns), definitions=frameworks)
    for cards in view.cards.values():
        for card in cards:
            card.examples = card.examples[:max_examples]
    corpus_block = evidence.get("corpus")
    topics_view = build_topics_view(topics, calls, quotes_allowed(turns), max_examples)
    cited = list(dict.fromkeys(_cited_ids(view) + topics_view.cited_ids))
    corpus_view = build_corpus_view(calls, turns, corpus_block, cited, per_agent, pseudonym_key)
    not_observable = [
        (view.framework_titles.get(card.framework, card.framework), card.name, card.reason or "")
        for card in view.not_observable
    ]
    method = build_method_view(manifest, not_observable)
    stamp = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        generated_at=stamp,
        view=view,
        corpus=corpus_view,
        topics=topics_view,
        method=method,
        charts=_charts(view, corpus_view),
        quotes_allowed=quotes_allowed(turns),
        trend=trend if trend is not None and trend.available else None,
    )


def read_table(path: Path):
    """A run table (`calls`, `turns`, `topics`) as a DataFrame; None when the run did not write it."""
    if not path.exists():
        return None
    import pandas as pd

    try:
        return pd.read_parquet(path)
    except (ArrowException, OSError, ValueError) as exc:  # say which file, never what it holds
        raise ReportError(f"{path}: cannot read table ({type(exc).__name__})") from None


def read_run_json(path: Path, required: bool) -> dict[str, Any] | None:
    if not path.exists():
        if required:
            raise ReportError(f"{path}: not found; run the maturity stage first")
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"{path}: not valid JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path}: expected a JSON object at the top level")
    return data


def write_report(out_dir: Path, html: str) -> Path:
    path = Path(out_dir) / REPORT_FILE
    path.write_text(html, encoding="utf-8")
    return path


def render_report(run_dir: Path, title: str = DEFAULT_TITLE, max_examples: int = DEFAULT_MAX_EXAMPLES) -> Path:
    """Re-render `run_dir/report.html` from the files a finished run left (used after `cxm validate`)."""
    run_dir = Path(run_dir)
    evidence = read_run_json(run_dir / "evidence.json", required=True)
    manifest = read_run_json(run_dir / "manifest.json", required=False)
    html = render_html(
        evidence,
        read_table(run_dir / "calls.parquet"),
        read_table(run_dir / "turns.parquet"),
        manifest,
        title=title,
        max_examples=max_examples,
        topics=read_table(run_dir / "topics.parquet"),
    )
    return write_report(run_dir, html)
