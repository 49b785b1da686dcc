"""Verdicts per framework from the calls/turns tables: each framework scored, failures contained.

Two scorings, both driven by the framework YAML:
- `cumulative` (AI layers, four stages, five levels, curve; `cumulative.py`): criteria belong to
  levels; each level is judged from its observable criteria and the centre is placed on the ladder
  by the framework's ladder rule (`maturity/ladder.py`, explained in `docs/maturity.md`). The AI
  model's foundation rule then caps the level when its criterion is not evidenced.
- `rated_items` (ICMI; `rated.py`): each item gets an evidenced 1-5 rating or is unverifiable; the
  0-100 score is the toolkit's total scaled from the verifiable items; bands give the stage.

Both return a `FrameworkVerdict` (`verdict.py`); evidence.json is its serialisation. Nothing here
may end a run: a rule that raises makes its criterion `error` (with the exception type and our
frame, never its message), and a framework that raises is reported as an `error` verdict while
the other frameworks go on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from cxmaturity.errors import describe_exception
from cxmaturity.maturity.cumulative import evaluate_cumulative
from cxmaturity.maturity.evaluator import Evaluator, confidence_label, framework_identity
from cxmaturity.maturity.rated import band_level, evaluate_rated_items
from cxmaturity.maturity.schema import select_frameworks
from cxmaturity.maturity.verdict import ERROR, FrameworkVerdict

__all__ = [
    "Evaluator",
    "band_level",
    "confidence_label",
    "corpus_summary",
    "error_verdict",
    "evaluate_cumulative",
    "evaluate_frameworks",
    "evaluate_rated_items",
]


def error_verdict(framework: Mapping[str, Any], exc: BaseException) -> FrameworkVerdict:
    """A framework that raised: reported by exception type and our frame, never its message."""
    return FrameworkVerdict(
        **framework_identity(framework),
        status=ERROR,
        reason=describe_exception(exc),
        level=None,
        level_name=None,
        confidence=0.0,
        confidence_label="low",
    )


def evaluate_frameworks(
    calls: pd.DataFrame,
    turns: pd.DataFrame | None,
    framework_ids: list[str] | None = None,
    frameworks: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, FrameworkVerdict]:
    """Every (or the named) framework's verdict on this corpus, keyed by framework id.

    `frameworks` are the definitions to choose from (default: the shipped ones; the maturity stage
    passes them with any extra framework files added).
    """
    ev = Evaluator(calls, turns)
    out: dict[str, FrameworkVerdict] = {}
    for fid, framework in select_frameworks(framework_ids, frameworks).items():
        try:
            if framework["scoring"] == "rated_items":
                out[fid] = evaluate_rated_items(framework, ev)
            else:
                out[fid] = evaluate_cumulative(framework, ev)
        except Exception as exc:  # noqa: BLE001 - one framework failing must not cost the others
            out[fid] = error_verdict(framework, exc)
    return out


def corpus_summary(calls: pd.DataFrame) -> dict[str, Any]:
    """The `corpus` section of evidence.json: size, date range, channel and queue mix."""

    def counts(column: str) -> dict[str, int]:
        if column not in calls.columns:
            return {}
        return {str(k): int(v) for k, v in calls[column].fillna("unknown").value_counts().items()}

    date_range: list[str | None] = [None, None]
    if "started_at" in calls.columns and len(calls):
        stamps = pd.to_datetime(calls["started_at"], errors="coerce", utc=True).dropna()
        if not stamps.empty:
            date_range = [
                stamps.min().isoformat().replace("+00:00", "Z"),
                stamps.max().isoformat().replace("+00:00", "Z"),
            ]
    return {
        "conversations": int(len(calls)),
        "date_range": date_range,
        "channels": counts("channel"),
        "queues": counts("queue"),
        "directions": counts("direction"),
    }
