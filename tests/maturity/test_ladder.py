"""The ladder rule: explicit, robust to one weak rung, monotone, and checked when a framework loads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cxmaturity.maturity.ladder import (
    EVIDENCED,
    NOT_EVIDENCED,
    NOT_OBSERVABLE,
    PARTIAL,
    LadderPolicy,
    Rung,
    level_status,
    place,
)
from cxmaturity.maturity.schema import FRAMEWORKS_DIR, FrameworkError, check_framework, load_rules

E, P, N, U = EVIDENCED, PARTIAL, NOT_EVIDENCED, NOT_OBSERVABLE  # U: unobservable
TOLERANT, STRICT = LadderPolicy(), LadderPolicy(rule="strict")


def ladder(*statuses: str) -> list[Rung]:
    return [Rung(level, status) for level, status in enumerate(statuses, start=1)]


def test_worked_example_of_the_docs():
    # docs/maturity.md: curve levels 1 baseline, 2 partial (0.58), 3 and 4 evidenced, 5 partial.
    statuses = [
        E,
        level_status(0.585, TOLERANT),
        level_status(0.87, TOLERANT),
        level_status(0.81, TOLERANT),
        level_status(0.35, TOLERANT),
    ]
    assert statuses == [E, P, E, E, P]
    placement = place(ladder(*statuses), TOLERANT)
    assert placement.level == 4 and placement.gap_levels == (2,) and placement.reached == {1, 2, 3, 4}
    assert place(ladder(*statuses), STRICT).level == 1


def test_a_missing_foundation_blocks_and_gaps_are_counted():
    assert place(ladder(E, N, E, E), TOLERANT).level == 1  # not evidenced is not a gap
    assert place(ladder(E, E, P, E), TOLERANT).level == 4  # one gap, directly below
    assert place(ladder(E, P, P, E, E), TOLERANT).level == 1  # two gaps exceed max_gaps
    assert place(ladder(E, P, P, E, E), LadderPolicy(max_gaps=2)).level == 5
    assert place(ladder(E, E, E, P, N, E), TOLERANT).level == 3  # partial 4 is above the placement


def test_unobservable_levels_neither_lift_nor_block():
    placement = place(ladder(E, U, E, E), TOLERANT)
    assert placement.level == 4 and placement.unobserved_levels == (2,) and 2 not in placement.reached
    assert place(ladder(E, E, U, U), TOLERANT).level == 2


def test_floor_only_when_the_first_level_is_not_evidenced():
    placement = place(ladder(N, E, E), TOLERANT)
    assert placement.level == 1 and placement.floor_only and placement.reached == frozenset()
    assert place(ladder(P, E, E), TOLERANT).level == 3  # a partial first level is one gap


RUNG = st.sampled_from([N, P, E, U])
ORDER = {N: 0, P: 1, E: 2}


@settings(max_examples=300, deadline=None)
@given(st.lists(RUNG, min_size=2, max_size=7), st.data(), st.sampled_from([TOLERANT, STRICT, LadderPolicy(max_gaps=0)]))
def test_raising_any_level_never_lowers_the_placement(statuses, data, policy):
    observed = [i for i, s in enumerate(statuses) if s != U]
    raised = list(statuses)
    for i in observed:
        raised[i] = data.draw(st.sampled_from([s for s in (N, P, E) if ORDER[s] >= ORDER[statuses[i]]]))
    assert place(ladder(*raised), policy).level >= place(ladder(*statuses), policy).level


def _framework(tmp_path: Path, **ladder_block) -> tuple[Path, dict]:
    data = yaml.safe_load((FRAMEWORKS_DIR / "curve.yaml").read_text(encoding="utf-8"))
    data["ladder"] = ladder_block
    return tmp_path / "curve.yaml", data


@pytest.mark.parametrize(
    "block, problem",
    [
        ({"rule": "best_guess"}, "ladder rule 'best_guess'"),
        ({"evidenced": 0.3, "partial": 0.5}, "partial <= evidenced"),
        ({"max_gap": 2}, "unknown key 'max_gap'"),
        ({"floor": 9}, "ladder floor 9"),
    ],
)
def test_bad_ladder_blocks_fail_at_load(tmp_path, block, problem):
    path, data = _framework(tmp_path, **block)
    with pytest.raises(FrameworkError, match=problem):
        check_framework(path, data, load_rules())


def test_levels_out_of_order_fail_at_load(tmp_path):
    path, data = _framework(tmp_path)
    data["levels"][0], data["levels"][1] = data["levels"][1], data["levels"][0]
    with pytest.raises(FrameworkError, match="numbered 1..N in order"):
        check_framework(path, data, load_rules())


def test_an_annotation_no_reader_emits_fails_at_load(tmp_path):
    rules = load_rules()
    bad = dict(rules["qa_fields_in_export"], any_of=["qa_score", "quality_scorez"])
    path, data = _framework(tmp_path)
    data["criteria"][0]["evidence"] = [{k: v for k, v in bad.items()}]
    with pytest.raises(FrameworkError, match="'quality_scorez', which no reader emits"):
        check_framework(path, data, rules)
