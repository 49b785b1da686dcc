"""The `report` corpus stage: writes report.html at the end of `cxm analyze`."""

from __future__ import annotations

import os
import secrets
from typing import Any

import pandas as pd
from jinja2 import TemplateError
from pyarrow import ArrowException

from cxmaturity.errors import ConfigError
from cxmaturity.maturity.schema import load_frameworks
from cxmaturity.pipeline.stage import Corpus, CorpusStage
from cxmaturity.report.render import (
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_TITLE,
    ReportError,
    check_templates,
    read_run_json,
    render_html,
    write_report,
)

AGENT_ID_MODES = ("pseudonymised", "as_exported")
PSEUDONYM_KEY_ENV = "CXM_AGENT_PSEUDONYM_KEY"


class ReportStage(CorpusStage):
    """Renders the evidence pack from the maturity stage's evidence and the run's tables.

    Config (pipeline YAML): `title` (report heading, e.g. the client's name), `max_examples`
    (quotes shown per criterion), `per_agent` (the QA scorecard per agent: off by default, because scoring
    employees is sensitive and can make a system high-risk under the EU AI Act; `cxm analyze --per-agent`),
    `agent_ids` (`pseudonymised`, the default: a keyed hash, the key random per run unless the environment
    sets CXM_AGENT_PSEUDONYM_KEY for pseudonyms stable across runs; or `as_exported`). The config is
    checked when the stage is built and the templates and framework definitions in `prepare`, so a
    problem is a ConfigError before any conversation is read.
    """

    name = "report"

    def __init__(
        self,
        title: str = DEFAULT_TITLE,
        max_examples: int = DEFAULT_MAX_EXAMPLES,
        per_agent: bool = False,
        agent_ids: str = "pseudonymised",
    ) -> None:
        if not isinstance(title, str) or not title.strip():
            raise ConfigError(f"title must be a non-empty string, got {title!r}")
        if isinstance(max_examples, bool) or not isinstance(max_examples, int) or max_examples < 0:
            raise ConfigError(f"max_examples must be a non-negative integer, got {max_examples!r}")
        if not isinstance(per_agent, bool):
            raise ConfigError(f"per_agent must be true or false, got {per_agent!r}")
        if agent_ids not in AGENT_ID_MODES:
            raise ConfigError(f"agent_ids must be one of {AGENT_ID_MODES}, got {agent_ids!r}")
        self.title = title
        self.max_examples = max_examples
        self.per_agent = bool(per_agent)
        self.agent_ids = agent_ids

    def prepare(self, options: dict[str, Any]) -> None:
        """The templates and the shipped framework definitions load (a broken install fails before any work)."""
        load_frameworks()
        try:
            check_templates()
        except TemplateError as exc:
            raise ConfigError(f"report templates cannot be loaded ({type(exc).__name__})") from None

    def _pseudonym_key(self) -> bytes | None:
        if self.agent_ids == "as_exported":
            return None
        configured = os.environ.get(PSEUDONYM_KEY_ENV)
        return configured.encode("utf-8") if configured else secrets.token_bytes(32)

    def _table(self, corpus: Corpus, name: str) -> pd.DataFrame | None:
        if not (corpus.out_dir / f"{name}.parquet").exists():
            return None
        try:
            return corpus.table(name)
        except (ArrowException, OSError, ValueError) as exc:  # say which file, never what it holds
            raise ReportError(
                f"{corpus.out_dir / (name + '.parquet')}: cannot read table ({type(exc).__name__})"
            ) from None

    def __call__(self, corpus: Corpus) -> Corpus:
        evidence = corpus.artifacts.get("evidence")
        if not isinstance(evidence, dict):
            evidence = read_run_json(corpus.out_dir / "evidence.json", required=True)
        manifest = corpus.manifest or read_run_json(corpus.out_dir / "manifest.json", required=False)
        html = render_html(
            evidence,
            self._table(corpus, "calls"),
            self._table(corpus, "turns"),
            manifest,
            title=self.title,
            max_examples=self.max_examples,
            topics=self._table(corpus, "topics"),
            per_agent=self.per_agent,
            pseudonym_key=self._pseudonym_key(),
            frameworks=corpus.artifacts.get("frameworks"),  # the maturity stage's, extra framework files included
        )
        corpus.artifacts["report"] = write_report(corpus.out_dir, html)
        return corpus

    def model_info(self) -> dict[str, Any]:
        return {}
