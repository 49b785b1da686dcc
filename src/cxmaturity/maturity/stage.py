"""The `maturity` corpus stage: evidence.json from the finished calls/turns tables."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from cxmaturity.errors import ConfigError
from cxmaturity.maturity.engine import corpus_summary, evaluate_frameworks
from cxmaturity.maturity.schema import load_framework_set, load_rules, select_frameworks
from cxmaturity.maturity.self_assessment import SelfAssessment, compare, load_self_assessment
from cxmaturity.maturity.verdict import verdicts_json
from cxmaturity.pipeline.stage import Corpus, CorpusStage

EVIDENCE_FILE = "evidence.json"
# The framework definitions the verdicts came from, for the report stage (titles, levels, bands).
FRAMEWORKS_ARTIFACT = "frameworks"
Frameworks = Mapping[str, dict[str, Any]]


def _paths_option(name: str, value: Any) -> list[str] | None:
    """A config option that lists strings (ids or paths); anything else is a ConfigError naming it."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{name} must be a list of non-empty strings, got {value!r}")
    return list(value)


class MaturityStage(CorpusStage):
    """Infers maturity under every framework and checks an optional self-assessment.

    Config: `frameworks` (ids to evaluate; default all), `framework_files` (framework YAML files or
    folders of them, added to the shipped frameworks; see docs/maturity.md). The framework files,
    the evidence rules, the ids and the self-assessment are all loaded and checked in `prepare`,
    before any conversation is read; a problem is a ConfigError naming the file and the field.
    """

    name = "maturity"

    def __init__(self, frameworks: list[str] | None = None, framework_files: list[str] | None = None) -> None:
        self.framework_ids = _paths_option("frameworks", frameworks)
        self.framework_files = [Path(p) for p in _paths_option("framework_files", framework_files) or []]
        self._definitions: dict[str, dict[str, Any]] | None = None
        self._assessment: tuple[Path, SelfAssessment] | None = None

    def prepare(self, options: dict[str, Any]) -> None:
        load_rules()
        definitions = load_framework_set(self.framework_files)
        select_frameworks(self.framework_ids, definitions)  # an unknown id fails here, named
        self._definitions = definitions
        path = options.get("self_assessment")
        self._assessment = (Path(path), load_self_assessment(Path(path), definitions)) if path else None

    def __call__(self, corpus: Corpus) -> Corpus:
        calls = corpus.table("calls")
        turns = corpus.table("turns") if (Path(corpus.out_dir) / "turns.parquet").exists() else None
        path = corpus.self_assessment
        prepared_for = self._assessment[0] if self._assessment else None
        if self._definitions is None or prepared_for != (Path(path) if path else None):
            self.prepare({"self_assessment": path})
        evidence = build_evidence(calls, turns, self.framework_ids, self._assessment, self._definitions)
        (Path(corpus.out_dir) / EVIDENCE_FILE).write_text(
            json.dumps(evidence, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        corpus.artifacts["evidence"] = evidence
        corpus.artifacts[FRAMEWORKS_ARTIFACT] = self._definitions
        return corpus

    def model_info(self) -> dict[str, Any]:
        return {}


def build_evidence(
    calls: pd.DataFrame,
    turns: pd.DataFrame | None,
    framework_ids: list[str] | None = None,
    self_assessment: str | Path | tuple[Path, SelfAssessment] | None = None,
    frameworks: Frameworks | None = None,
) -> dict[str, Any]:
    """The evidence.json document (contract shape) for these tables.

    `self_assessment` is a file (loaded first, so a bad file fails before any work) or an
    already loaded `(path, assessment)` pair; `frameworks` the definitions to evaluate
    (default: the shipped ones).
    """
    if isinstance(self_assessment, tuple):
        path, assessment = self_assessment
    elif self_assessment:
        path = Path(self_assessment)
        assessment = load_self_assessment(path, frameworks)
    else:
        path, assessment = None, None
    frameworks_json = verdicts_json(evaluate_frameworks(calls, turns, framework_ids, frameworks))
    evidence: dict[str, Any] = {"frameworks": frameworks_json}
    if assessment is not None and path is not None:
        evidence["self_assessment"] = compare(assessment, frameworks_json, frameworks)
        evidence["self_assessment"]["source_file"] = path.name
    evidence["corpus"] = corpus_summary(calls)
    return evidence
