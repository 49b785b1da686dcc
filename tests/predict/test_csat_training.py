"""USS reading follows the paper; metrics match their definitions; training beats the baselines (slow)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cxmaturity.predict import metrics
from cxmaturity.predict.csat import RatingScale, decide, summarise
from cxmaturity.predict.uss import examples, majority_rating, read_part, split_dialogues

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_majority_rating_ties_go_to_the_lower_rating() -> None:
    assert majority_rating([4, 3, 3]) == 3
    assert majority_rating([5, 3, 5, 5]) == 5
    assert majority_rating([2, 4]) == 2


def test_examples_are_prefixes_before_each_user_turn(tmp_path) -> None:
    sample = tmp_path / "SGD.txt"
    sample.write_text(
        "USER\tI need a cab.\tINFORM\t3,3,3\n"
        "SYSTEM\tWhere to?\tREQUEST\t\n"
        "USER\tThe airport, I said that already.\tINFORM\t2,2,3\n"
        "USER\tOVERALL\tOTHER\t2,3,2\n"
        "\n"
        "SYSTEM\tHello.\tGREET\t\n"
        "USER\tHi.\tGREET\t4,4,3\n"
    )
    dialogues = read_part(sample, "SGD")
    assert len(dialogues) == 2
    first = list(examples(dialogues[0]))
    assert [e.rating for e in first] == [3, 2, 2]
    assert [len(e.conversation.turns) for e in first] == [0, 2, 3]
    assert [t.speaker for t in first[1].conversation.turns] == ["customer", "agent"]


def test_split_is_by_dialogue_and_seeded(tmp_path) -> None:
    sample = tmp_path / "SGD.txt"
    sample.write_text("\n".join(f"USER\tturn {i}\tX\t3,3,3\n" for i in range(50)))
    dialogues = read_part(sample, "SGD")
    train, test = split_dialogues(dialogues, seed=1)
    assert len(test) == 10 and len(train) == 40
    assert {d.index for d in test}.isdisjoint({d.index for d in train})
    assert [d.index for d in split_dialogues(dialogues, seed=1)[1]] == [d.index for d in test]


def test_paper_metrics() -> None:
    labels = [3, 3, 3, 2, 4, 1, 5]
    assert metrics.uar(labels, labels) == 1.0
    constant = metrics.paper_metrics(labels, [3] * len(labels))
    assert constant["uar"] == pytest.approx(0.2) and constant["kappa"] == 0.0
    assert np.isnan(constant["rho"])  # no rank correlation with a constant
    mostly_three = [3] * 8 + [2, 4]  # like USS: the published formula rewards always answering 3
    assert metrics.spearman_as_published(mostly_three, [3] * 10) == pytest.approx(1 - 6 * 89 / (10 * 99))
    assert metrics.dissatisfied_f1([1, 2, 3], [2, 3, 3]) == pytest.approx(2 / 3)


def test_calibration_metrics() -> None:
    assert metrics.binary_brier([1, 0], [1.0, 0.0]) == 0.0
    table = metrics.reliability_table([1, 0, 1, 1], [0.95, 0.05, 0.9, 0.15])
    assert [row["n"] for row in table] == [1, 1, 2]
    assert metrics.multiclass_brier([3], np.array([[0, 0, 1.0, 0, 0]])) == 0.0


def test_expected_rating_and_balanced_decision() -> None:
    summary = summarise(np.array([[0.0, 0.2, 0.6, 0.2, 0.0]]))
    assert summary.expected[0] == pytest.approx(3.0)
    assert summary.dissatisfied[0] == pytest.approx(0.2)
    # 0.2 against a prior of 0.05 is more telling than 0.6 against a prior of 0.85
    assert decide(np.array([[0.0, 0.2, 0.6, 0.2, 0.0]]), [0.01, 0.05, 0.85, 0.08, 0.01])[0] == 2


def test_rating_scale_matches_the_label_shares() -> None:
    rng = np.random.default_rng(0)
    labels = rng.choice([1, 2, 3, 4, 5], size=5000, p=[0.01, 0.06, 0.85, 0.07, 0.01])
    expected = 3.0 + 0.1 * rng.normal(size=5000)  # a cautious model: every expected value near 3
    scale = RatingScale.fit(expected, labels)
    rating = scale.to_rating(expected)
    assert np.mean(rating < 2.5) == pytest.approx(0.07, abs=0.01)  # as many low as rated 1-2
    assert np.mean(rating > 3.5) == pytest.approx(0.08, abs=0.01)
    assert np.all(np.diff(rating[np.argsort(expected)]) >= 0)  # ranking kept
    assert summarise(np.array([[0.0, 0.0, 1.0, 0.0, 0.0]]), scale).rating[0] == pytest.approx(scale.to_rating(np.array([3.0]))[0])


@pytest.mark.slow
def test_train_csat_beats_majority_and_prior(tmp_path) -> None:
    from cxmaturity.predict.training import train_csat

    meta = train_csat(SHARED_DATA, tmp_path / "csat")
    overall = meta["metrics"]["all"]
    assert overall["model"]["uar"] > overall["majority_baseline"]["uar"]
    assert overall["model"]["kappa"] > 0
    assert overall["brier_5class"] < overall["brier_5class_prior_only"]
    assert (tmp_path / "csat" / "model.skops").stat().st_size < 2_000_000
