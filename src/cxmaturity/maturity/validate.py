"""`cxm validate` and `cxm frameworks`: re-score a finished run, list the shipped frameworks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cxmaturity.maturity.schema import load_frameworks
from cxmaturity.maturity.self_assessment import compare, load_self_assessment

EVIDENCE_FILE = "evidence.json"


def validate_run(run_dir: Path, self_assessment: Path) -> dict[str, Any]:
    """Compare a self-assessment with a finished run's evidence; rewrite evidence.json; return it.

    Raises FileNotFoundError when the run has no evidence.json and SelfAssessmentError
    (listing every problem) when the self-assessment is invalid; the run is left untouched
    in both cases.
    """
    path = Path(run_dir) / EVIDENCE_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no evidence.json in this run folder (run `cxm analyze` with the maturity stage)"
        )
    evidence = json.loads(path.read_text(encoding="utf-8"))
    assessment = load_self_assessment(Path(self_assessment))
    evidence["self_assessment"] = compare(assessment, evidence.get("frameworks") or {})
    evidence["self_assessment"]["source_file"] = Path(self_assessment).name
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(evidence, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return evidence


def list_frameworks() -> list[dict[str, Any]]:
    """id, name, source document and level names of every framework shipped in the package."""
    return [
        {
            "id": fid,
            "name": f["name"],
            "source": f["source"],
            "scoring": f["scoring"],
            "level_label": f.get("level_label", "level"),
            "levels": [level["name"] for level in f["levels"]],
            "criteria": len(f["criteria"]),
            "not_observable_by_design": sum(1 for c in f["criteria"] if c["observability"] == "none"),
        }
        for fid, f in load_frameworks().items()
    ]
