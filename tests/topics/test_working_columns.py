"""The reason vectors are working data: never in calls.parquet, with or without the topics stage."""

from __future__ import annotations

import pandas as pd

from cxmaturity.cli import main
from tests.conftest import SAMPLE_DATA


def test_a_pipeline_without_topics_does_not_ship_the_reason_vectors(tmp_path):
    pipeline = tmp_path / "no_topics.yaml"
    pipeline.write_text("stages:\n  - name: ingest\n  - name: redact\n  - name: classify\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(SAMPLE_DATA / "jsonl"), "--out", str(out), "--pipeline", str(pipeline), "--quiet"]) == 0
    calls = pd.read_parquet(out / "calls.parquet")
    assert "reason_embedding" not in calls.columns
    assert calls["reason_turn"].notna().any()  # which turn stated the reason stays: analysts read it
