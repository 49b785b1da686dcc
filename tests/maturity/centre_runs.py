"""Simulated centres through the real pipeline, one verdict set per centre.

Every centre is written as a canonical JSONL export (`simulated_centres.py`), all of them are read
by one in-process `cxm analyze` run (so models load once), and each centre's slice of the calls
and turns tables is judged on its own, exactly as the maturity stage would judge a run over that
centre alone: repeat contacts are recomputed within the slice, then `evaluate_frameworks`.

Used by `test_simulated_centres.py` (small corpora, and a bigger run under `-m slow`) and by
`benchmarks/maturity/simulated_centres.py`, which writes the table of levels per centre.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from cxmaturity.maturity.engine import evaluate_frameworks
from cxmaturity.maturity.verdict import verdicts_json
from cxmaturity.pipeline.config import load_pipeline
from cxmaturity.pipeline.runner import RunOptions, analyze
from cxmaturity.signals.corpus import repeat_contact_columns

from .simulated_centres import Centre, write_centre

# The conversation stages that produce what maturity reads: the default pipeline without the
# models maturity does not use (sentiment/intent and CSAT/churn), for speed in the test suite.
EVIDENCE_STAGES = ("ingest", "redact", "signals")
CUMULATIVE = ("ai_maturity", "four_stage", "five_level", "curve")


def pipeline_file(folder: Path, stages: Sequence[str] | None) -> Path | None:
    """A pipeline YAML with these stages (None: the default pipeline)."""
    if stages is None:
        return None
    path = folder / "pipeline.yaml"
    path.write_text(yaml.safe_dump({"stages": [{"name": name} for name in stages]}), encoding="utf-8")
    return path


def run_centres(
    centres: Sequence[Centre],
    n: int,
    folder: Path,
    *,
    seed: int = 0,
    stages: Sequence[str] | None = EVIDENCE_STAGES,
    workers: int = 1,
) -> dict[str, dict[str, Any]]:
    """Verdicts (as in evidence.json) per centre name, from one pipeline run over all of them."""
    exports = folder / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    for centre in centres:
        write_centre(centre, n, exports, seed=seed)
    out = folder / "out"
    pipeline = load_pipeline(pipeline_file(folder, stages))
    analyze(pipeline, [str(exports)], RunOptions(out_dir=out, workers=workers))
    calls = pd.read_parquet(out / "calls.parquet")
    turns = pd.read_parquet(out / "turns.parquet")
    verdicts = {}
    file_names = calls["source_file"].map(lambda p: Path(str(p)).name)
    for centre in centres:
        mine = calls[file_names == f"{centre.name}.jsonl"].copy()
        assert len(mine) == n, (centre.name, len(mine))
        for column, values in repeat_contact_columns(mine).items():
            mine[column] = values
        verdicts[centre.name] = verdicts_json(
            evaluate_frameworks(mine, turns[turns["conversation_id"].isin(set(mine["conversation_id"]))])
        )
    return verdicts


def levels(verdicts: Mapping[str, Any]) -> dict[str, int | None]:
    """The level of every framework, ICMI as its stage (band) number."""
    return {framework: verdict.get("level") for framework, verdict in verdicts.items()}


def level_table(centres: Sequence[Centre], verdicts: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per centre: its ladder and rank, each framework's level, the ICMI score."""
    rows = []
    for centre in centres:
        verdict = verdicts[centre.name]
        row: dict[str, Any] = {"centre": centre.name, "ladder": centre.ladder, "rank": centre.rank}
        for framework in CUMULATIVE:
            row[framework] = verdict[framework]["level"]
        row["icmi_stage"] = verdict["icmi"]["level"]
        row["icmi_score"] = verdict["icmi"]["score"]
        ai = verdict["ai_maturity"].get("foundation_rule") or {}
        row["ai_uncapped"] = ai.get("uncapped_level")
        rows.append(row)
    return rows


def monotonicity_violations(ladder: Sequence[Centre], verdicts: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Every (framework, weaker centre, stronger centre) where the stronger one gets a lower level."""
    problems = []
    for i, weaker in enumerate(ladder):
        for stronger in ladder[i + 1 :]:
            low, high = levels(verdicts[weaker.name]), levels(verdicts[stronger.name])
            for framework, level in low.items():
                if level is not None and (high[framework] is None or high[framework] < level):
                    problems.append(f"{framework}: {stronger.name} at {high[framework]} below {weaker.name} at {level}")
    return problems
