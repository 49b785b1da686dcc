"""The `maturity` corpus stage: evidence.json from the finished calls/turns tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cxmaturity.maturity.engine import corpus_summary, evaluate_frameworks
from cxmaturity.maturity.schema import select_frameworks
from cxmaturity.maturity.self_assessment import SelfAssessment, compare, load_self_assessment
from cxmaturity.pipeline.stage import Corpus, CorpusStage

EVIDENCE_FILE = "evidence.json"


class MaturityStage(CorpusStage):
    """Infers maturity under every framework and checks an optional self-assessment.

    Config: `frameworks` (list of ids; default all shipped frameworks). The framework files, the
    ids and the self-assessment are all checked in `prepare`, before any conversation is read.
    """

    name = "maturity"

    def __init__(self, frameworks: list[str] | None = None):
        select_frameworks(frameworks)  # a malformed framework file or an unknown id fails here, named
        self.frameworks = list(frameworks) if frameworks else None
        self._assessment: tuple[Path, SelfAssessment] | None = None

    def prepare(self, options: dict[str, Any]) -> None:
        path = options.get("self_assessment")
        if path:
            self._assessment = (Path(path), load_self_assessment(Path(path)))

    def __call__(self, corpus: Corpus) -> Corpus:
        calls = corpus.table("calls")
        turns = corpus.table("turns") if (Path(corpus.out_dir) / "turns.parquet").exists() else None
        path = corpus.options.get("self_assessment")
        if path and (self._assessment is None or self._assessment[0] != Path(path)):
            self.prepare(corpus.options)
        evidence = build_evidence(calls, turns, self.frameworks, self._assessment)
        (Path(corpus.out_dir) / EVIDENCE_FILE).write_text(
            json.dumps(evidence, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        corpus.artifacts["evidence"] = evidence
        return corpus

    def model_info(self) -> dict[str, Any]:
        return {}


def build_evidence(
    calls,
    turns,
    framework_ids: list[str] | None = None,
    self_assessment: str | Path | tuple[Path, SelfAssessment] | None = None,
) -> dict[str, Any]:
    """The evidence.json document (contract shape) for these tables.

    `self_assessment` is a file (loaded first, so a bad file fails before any work) or an
    already loaded `(path, assessment)` pair.
    """
    if isinstance(self_assessment, tuple):
        path, assessment = self_assessment
    elif self_assessment:
        path = Path(self_assessment)
        assessment = load_self_assessment(path)
    else:
        path, assessment = None, None
    frameworks = evaluate_frameworks(calls, turns, framework_ids)
    evidence: dict[str, Any] = {"frameworks": frameworks}
    if assessment is not None and path is not None:
        evidence["self_assessment"] = compare(assessment, frameworks)
        evidence["self_assessment"]["source_file"] = path.name
    evidence["corpus"] = corpus_summary(calls)
    return evidence
