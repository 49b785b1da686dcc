"""The `maturity` corpus stage: evidence.json from the finished calls/turns tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cxmaturity.maturity.engine import corpus_summary, evaluate_frameworks
from cxmaturity.maturity.self_assessment import compare, load_self_assessment
from cxmaturity.pipeline.stage import Corpus, CorpusStage

EVIDENCE_FILE = "evidence.json"


class MaturityStage(CorpusStage):
    """Infers maturity under every framework and checks an optional self-assessment.

    Config: `frameworks` (list of ids; default all shipped frameworks).
    """

    name = "maturity"

    def __init__(self, frameworks: list[str] | None = None):
        self.frameworks = list(frameworks) if frameworks else None

    def __call__(self, corpus: Corpus) -> Corpus:
        calls = corpus.table("calls")
        turns = corpus.table("turns") if (Path(corpus.out_dir) / "turns.parquet").exists() else None
        evidence = build_evidence(calls, turns, self.frameworks, corpus.options.get("self_assessment"))
        (Path(corpus.out_dir) / EVIDENCE_FILE).write_text(json.dumps(evidence, indent=2, ensure_ascii=False),
                                                          encoding="utf-8")
        corpus.artifacts["evidence"] = evidence
        return corpus

    def model_info(self) -> dict[str, Any]:
        return {}


def build_evidence(calls, turns, framework_ids: list[str] | None = None,
                   self_assessment: str | Path | None = None) -> dict[str, Any]:
    """The evidence.json document (contract shape) for these tables.

    The self-assessment is loaded first so that a bad file fails before any work.
    """
    assessment = load_self_assessment(Path(self_assessment)) if self_assessment else None
    frameworks = evaluate_frameworks(calls, turns, framework_ids)
    evidence: dict[str, Any] = {"frameworks": frameworks}
    if assessment is not None:
        evidence["self_assessment"] = compare(assessment, frameworks)
        evidence["self_assessment"]["source_file"] = Path(self_assessment).name
    evidence["corpus"] = corpus_summary(calls)
    return evidence
