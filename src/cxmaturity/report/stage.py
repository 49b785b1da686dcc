"""The `report` corpus stage: writes report.html at the end of `cxm analyze`."""

from __future__ import annotations

from typing import Any

from cxmaturity.pipeline.stage import Corpus, CorpusStage
from cxmaturity.report.render import (
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_TITLE,
    ReportError,
    read_run_json,
    render_html,
    write_report,
)


class ReportStage(CorpusStage):
    """Renders the evidence pack from the maturity stage's evidence and the run's tables.

    Config (pipeline YAML): `title` (report heading, e.g. the client's name), `max_examples`
    (quotes shown per criterion).
    """

    name = "report"

    def __init__(self, title: str = DEFAULT_TITLE, max_examples: int = DEFAULT_MAX_EXAMPLES) -> None:
        if not isinstance(max_examples, int) or max_examples < 0:
            raise ValueError(f"report: max_examples must be a non-negative integer, got {max_examples!r}")
        self.title = str(title)
        self.max_examples = max_examples

    def _table(self, corpus: Corpus, name: str):
        if not (corpus.out_dir / f"{name}.parquet").exists():
            return None
        try:
            return corpus.table(name)
        except Exception as exc:
            raise ReportError(f"{corpus.out_dir / (name + '.parquet')}: cannot read table "
                              f"({type(exc).__name__})") from None

    def __call__(self, corpus: Corpus) -> Corpus:
        evidence = corpus.artifacts.get("evidence")
        if not isinstance(evidence, dict):
            evidence = read_run_json(corpus.out_dir / "evidence.json", required=True)
        manifest = corpus.manifest or read_run_json(corpus.out_dir / "manifest.json", required=False)
        html = render_html(evidence, self._table(corpus, "calls"), self._table(corpus, "turns"), manifest,
                           title=self.title, max_examples=self.max_examples, topics=self._table(corpus, "topics"))
        corpus.artifacts["report"] = write_report(corpus.out_dir, html)
        return corpus

    def model_info(self) -> dict[str, Any]:
        return {}
