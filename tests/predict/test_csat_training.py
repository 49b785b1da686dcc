"""USS reading follows the paper (turn level) and gives whole calls without their OVERALL line (call
level); metrics match their definitions; the turn-level benchmark's decision rule."""

from __future__ import annotations

import numpy as np
import pytest

from cxmaturity.predict import metrics
from cxmaturity.predict.turn_level import decide
from cxmaturity.predict.uss import (
    call_example,
    call_examples,
    examples,
    majority_rating,
    read_part,
    split_dialogues,
)


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


def test_balanced_decision() -> None:
    # 0.2 against a prior of 0.05 is more telling than 0.6 against a prior of 0.85
    assert decide(np.array([[0.0, 0.2, 0.6, 0.2, 0.0]]), [0.01, 0.05, 0.85, 0.08, 0.01])[0] == 2
    assert decide(np.array([[0.0, 0.0, 0.9, 0.1, 0.0]]), [0.0, 0.0, 0.9, 0.1, 0.0])[0] in (
        3,
        4,
    )  # a zero prior never wins


SAMPLE = (
    "USER\tI need a cab.\tINFORM\t3,3,3\n"
    "SYSTEM\tWhere to?\tREQUEST\t\n"
    "USER\tThe airport, I said that already.\tINFORM\t2,2,3\n"
    "SYSTEM\tBooked.\tNOTIFY_SUCCESS\t\n"
    "USER\tOVERALL\tOTHER\t2,3,2,1\n"
    "\n"
    "SYSTEM\tHello.\tGREET\t\n"
    "USER\tHi.\tGREET\t4,4,3\n"
)


def test_call_example_is_the_dialogue_without_its_overall_line(tmp_path) -> None:
    sample = tmp_path / "SGD.txt"
    sample.write_text(SAMPLE)
    first, second = read_part(sample, "SGD")
    call = call_example(first)
    assert call is not None
    assert [t.text for t in call.conversation.turns] == [
        "I need a cab.",
        "Where to?",
        "The airport, I said that already.",
        "Booked.",
    ]
    assert all(t.text != "OVERALL" for t in call.conversation.turns)
    assert call.overall_mean == pytest.approx(2.0) and call.overall_majority == 2  # votes 2,3,2,1
    assert call.conversation.channel == "chat" and call.conversation.conversation_id == "uss-SGD-0"
    assert first.votes[2] == (2, 2, 3) and first.votes[1] == ()
    assert call_example(second) is None  # no OVERALL line: not a call-level example
    assert [c.dialogue for c in call_examples([first, second])] == [0]


def test_call_turns_are_fresh_so_stages_cannot_annotate_the_dialogue(tmp_path) -> None:
    sample = tmp_path / "SGD.txt"
    sample.write_text(SAMPLE)
    dialogue = read_part(sample, "SGD")[0]
    call = call_example(dialogue)
    call.conversation.turns[0].sentiment_score = -0.9
    assert dialogue.turns[0].sentiment_score is None
    assert call_example(dialogue).conversation.turns[0].sentiment_score is None


def test_overall_line_stays_in_the_turn_level_examples(tmp_path) -> None:
    """The paper's task keeps it: the OVERALL line's example is the whole call, rated by its majority."""
    sample = tmp_path / "SGD.txt"
    sample.write_text(SAMPLE)
    last = list(examples(read_part(sample, "SGD")[0]))[-1]
    assert last.rating == 2 and len(last.conversation.turns) == 4
