"""The `churn` corpus stage: `churn_risk` (0..1) per call, the column's one writer.

Churn reads columns of several stages: the `signals` flags, the `predict` stage's
`csat_dissatisfied_proba`, and `repeat_contact_7d`, which only the `repeat_contacts` corpus stage
can know because it needs every call of a customer. So churn is scored once, over
`calls.parquet`, after `repeat_contacts` (list it after that stage). Without `repeat_contacts` in
the pipeline every call counts as not a repeat contact, as the model treats any unknown value.
The model (`models/churn`, hash-checked) is loaded when the stage is built, before any input is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from cxmaturity.errors import CxmError
from cxmaturity.pipeline.stage import Corpus, CorpusStage
from cxmaturity.predict.churn import call_records, load_churn_model

COLUMN = "churn_risk"
# Where the column sat when the per-call predict stage wrote it; kept so calls.parquet's column order holds.
FOLLOWS = "csat_dissatisfied_proba"
# Columns that show the stages churn reads from ran (`repeat_contact_7d` may be absent: unknown counts as no).
REQUIRED_COLUMNS: dict[str, str] = {"resolved": "signals", "csat_dissatisfied_proba": "predict"}
# Decimals of a landed row's score: what the per-call predict stage stored, so a store keeps its values.
LANDING_DIGITS = 4


class MissingChurnInputsError(CxmError, ValueError):
    """The calls lack the columns of a stage churn reads: the pipeline does not run it before `churn`."""


def require_inputs(columns: Sequence[str]) -> None:
    """Raise unless the stages churn reads from have run (their columns are present)."""
    missing = {column: stage for column, stage in REQUIRED_COLUMNS.items() if column not in columns}
    if missing:
        raise MissingChurnInputsError(
            f"the calls have no {', '.join(missing)}: the pipeline must run "
            f"{', '.join(sorted(set(missing.values())))} before `churn`"
        )


class ChurnStage(CorpusStage):
    """Scores `churn_risk` for every call of the run. Config: `model` (a folder; default `models/churn`)."""

    name = "churn"

    def __init__(self, model: str | None = None) -> None:
        self.model = load_churn_model(Path(model) if model else None)

    def model_info(self) -> dict[str, Any]:
        return self.model.info()

    def __call__(self, corpus: Corpus) -> Corpus:
        calls = corpus.table("calls").copy()
        if len(calls):  # a run whose every conversation was rejected has an empty table: nothing to check
            require_inputs([str(c) for c in calls.columns])
        risk = pd.Series(self.score(call_records(calls)), index=calls.index, dtype="float64")
        if COLUMN in calls.columns:
            calls[COLUMN] = risk
        else:
            calls.insert(_position([str(c) for c in calls.columns]), COLUMN, risk)
        corpus.replace_table("calls", calls)
        return corpus

    def score(self, calls: Sequence[Mapping[str, Any]]) -> list[float]:
        """Churn risk of each call from its columns (a `calls.parquet` row or a store row)."""
        if not calls:
            return []
        return [float(risk) for risk in self.model.predict_proba_calls(calls)]

    def on_landing(self, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Call rows (column -> value) as a store lands them one batch at a time (`cxm nightly`), with
        `churn_risk` scored from what each row knows, in its usual column place.

        Repeat contacts are not known yet there (they need the whole window), so they count as
        absent, as they did when the per-call predict stage scored churn (and rounded it to
        `LANDING_DIGITS`); the snapshot's run of this stage over the window scores with them.
        """
        if rows:
            require_inputs(list(rows[0]))
        out = []
        for row, risk in zip(rows, self.score(rows), strict=True):
            columns = [c for c in row if c != COLUMN]
            at = _position(columns)
            items = [(c, row[c]) for c in columns]
            out.append(dict(items[:at] + [(COLUMN, round(risk, LANDING_DIGITS))] + items[at:]))
        return out


def _position(columns: list[str]) -> int:
    """Index for the new column: right after `csat_dissatisfied_proba`, else at the end."""
    return columns.index(FOLLOWS) + 1 if FOLLOWS in columns else len(columns)
