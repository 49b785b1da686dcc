"""Floors on the independent dialogue eval set (benchmarks/pii/dialogue_set.jsonl).

The set was written without reading the recognizers (see benchmarks/pii/RESULTS.md for how far it is
still independent). These floors sit a little under the measured figures, so a change that loses a class
of PII (cards read a group per turn, names given in answer) fails here, not in a user's report.
Scoring is the benchmark's own (`bench_pii.score`), so the test and RESULTS.md cannot disagree.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "pii" / "bench_pii.py"


@pytest.fixture(scope="module")
def scores(redactor):
    spec = importlib.util.spec_from_file_location("bench_pii", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert redactor.config.score_threshold == bench.THRESHOLD
    records = bench.load_eval_set(bench.EVAL_SETS["dialogue_set"])
    predictions, _seconds = bench.run_ours(records, redactor)
    return bench.score(records, predictions)


def _recall(counts, entity_type=None):
    if entity_type is None:
        return sum(counts["recalled"].values()) / sum(counts["n_gold"].values())
    return counts["recalled"][entity_type] / counts["n_gold"][entity_type]


def test_overall_recall_precision_and_utility(scores):
    assert _recall(scores) >= 0.985
    assert sum(scores["tp_pred"].values()) / sum(scores["n_pred"].values()) >= 0.93
    assert scores["utility"] >= 0.97
    assert scores["leak_rate"] <= 0.01


def test_cards_read_over_several_turns(scores):
    pieces = [
        v
        for (entity, pattern), v in scores["by_pattern"].items()
        if entity == "CREDIT_CARD" and pattern.startswith("cross_turn")
    ]
    assert sum(hit for hit, _ in pieces) / sum(n for _, n in pieces) >= 0.98


def test_names_of_every_culture_and_position(scores):
    assert _recall(scores, "PERSON") >= 0.975
