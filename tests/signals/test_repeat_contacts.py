"""Repeat contacts across calls: the same customer within 7 days, before or after; unknown stays unknown.
The stage writes the repeat-contact columns only (churn risk is the `churn` stage's)."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

import cxmaturity.signals
from cxmaturity.errors import ConfigError
from cxmaturity.pipeline.stage import Corpus
from cxmaturity.signals.corpus import RepeatContactsStage, repeat_contact_columns


def calls_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "conversation_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
            "customer_id": ["cust-1", "cust-1", "cust-2", "cust-1", None, "cust-3"],
            "started_at": [
                "2026-03-01T09:00:00Z",
                "2026-03-06T17:30:00Z",  # 5 days after c1: both are repeats
                "2026-03-02T10:00:00Z",  # cust-2's only call
                "2026-03-20T08:00:00Z",  # 14 days after c2: not a repeat
                "2026-03-02T11:00:00Z",  # no customer id: unknown
                None,  # no start time: unknown
            ],
            "churn_risk": [0.1] * 6,
            "cancellation_mention": [False] * 6,
        }
    )


def test_repeat_contact_within_seven_days_either_side() -> None:
    columns = repeat_contact_columns(calls_frame())
    repeat = columns["repeat_contact_7d"].tolist()
    assert repeat[:4] == [True, True, False, False]
    assert columns["contacts_by_customer_7d"].tolist()[:4] == [2, 2, 1, 1]


def test_unknown_customer_or_time_is_null_not_false() -> None:
    columns = repeat_contact_columns(calls_frame())
    assert columns["repeat_contact_7d"].isna().tolist() == [False, False, False, False, True, True]
    assert columns["contacts_by_customer_7d"].isna().tolist()[4:] == [True, True]


def test_window_edge_is_inclusive() -> None:
    frame = pd.DataFrame({"customer_id": ["a", "a"], "started_at": ["2026-01-01T00:00:00Z", "2026-01-08T00:00:00Z"]})
    assert repeat_contact_columns(frame)["repeat_contact_7d"].tolist() == [True, True]


def test_stage_adds_repeat_columns_and_leaves_churn_to_the_churn_stage(tmp_path) -> None:
    calls_frame().to_parquet(tmp_path / "calls.parquet", index=False)
    corpus = RepeatContactsStage()(Corpus(out_dir=tmp_path))
    written = pd.read_parquet(tmp_path / "calls.parquet")
    assert written["repeat_contact_7d"].tolist()[:4] == [True, True, False, False]
    assert pd.isna(written["repeat_contact_7d"].iloc[4])
    assert written["churn_risk"].tolist() == [0.1] * 6  # one writer: the `churn` stage
    pd.testing.assert_frame_equal(corpus.table("calls"), written, check_dtype=False)


def test_rescore_churn_setting_points_to_the_churn_stage() -> None:
    with pytest.raises(ConfigError, match="repeat_contacts.rescore_churn: .*`churn` stage"):
        RepeatContactsStage(rescore_churn=True)


def test_signals_imports_nothing_of_predict() -> None:
    """Dependencies point one way: predict reads signals, never the reverse."""
    package = Path(cxmaturity.signals.__file__).parent
    for module in package.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [name for name in imported if name.startswith("cxmaturity.predict")], module.name


def test_empty_table(tmp_path) -> None:
    pd.DataFrame(
        {
            "conversation_id": pd.Series([], dtype="string"),
            "customer_id": pd.Series([], dtype="string"),
            "started_at": pd.Series([], dtype="string"),
        }
    ).to_parquet(tmp_path / "calls.parquet", index=False)
    RepeatContactsStage()(Corpus(out_dir=tmp_path))
    assert list(pd.read_parquet(tmp_path / "calls.parquet").columns)[-2:] == [
        "repeat_contact_7d",
        "contacts_by_customer_7d",
    ]


@pytest.mark.parametrize("started", ["2026-03-01 09:00", "2026-03-01T09:00:00+01:00"])
def test_timestamp_formats(started: str) -> None:
    frame = pd.DataFrame({"customer_id": ["a", "a"], "started_at": [started, "2026-03-03T09:00:00Z"]})
    assert repeat_contact_columns(frame)["repeat_contact_7d"].tolist() == [True, True]
