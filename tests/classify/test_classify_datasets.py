"""The USS annotator-agreement figure the sentiment card reports next to the model's own."""

from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity.classify.datasets import annotator_agreement


def test_unanimous_annotators_agree_fully():
    ratings = pd.Series([(1, 1, 2), (3, 3, 3), (5, 4, 4), (2, 1, 1)])
    assert annotator_agreement(ratings) == 1.0


def test_one_dissenting_annotator_lowers_agreement():
    # Turn (3, 3, 5): each 3 is scored against the others' mean 4 (positive) and misses; the 5 is
    # scored against 3 (neutral) and misses. Others' labels: 3 negative (all hit), 5 positive
    # (3 hit), 1 neutral (missed): macro recall (1 + 3/5 + 0) / 3.
    ratings = pd.Series([(1, 2, 1), (3, 3, 5), (4, 5, 4)])
    assert annotator_agreement(ratings) == pytest.approx((1.0 + 0.6 + 0.0) / 3, abs=1e-4)


def test_turns_with_fewer_than_three_ratings_or_none_are_skipped():
    assert annotator_agreement(pd.Series([(3, 4), None], dtype=object)) is None
