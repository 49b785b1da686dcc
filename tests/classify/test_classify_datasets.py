"""USS and own contact-centre turns as sentiment rows, and the annotator-agreement figure the sentiment card reports."""

from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity.classify.datasets import annotator_agreement, load_uss_user_turns


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


def test_uss_rows_are_rated_user_turns_without_the_dialogue_overall_line(tmp_path):
    # The USS layout: each dialogue ends with a USER line "OVERALL" carrying the whole dialogue's
    # rating. It is not a turn, so it must not become a sentiment row labelled by that rating.
    uss = tmp_path / "uss"
    uss.mkdir()
    dialogue = (
        "USER\tBook a table for two tonight\tINFORM\t3,3,3\n"
        "SYSTEM\tWhich restaurant?\tREQUEST\t\n"
        "USER\tNo, I already told you, the Italian place\tINFORM\t2,2,1\n"
        "SYSTEM\tBooked.\tNOTIFY\t\n"
        "USER\tPerfect, thanks so much\tTHANK\t5,4,4,4\n"
        "USER\tOVERALL\t\t4,4,3\n"
    )
    for part in ("SGD", "MWOZ", "ReDial", "CCPE"):
        (uss / f"{part}.txt").write_text(dialogue + "\n" + dialogue, encoding="utf-8")
    rows = load_uss_user_turns(tmp_path, parts=("SGD",))
    assert rows["text"].tolist() == [
        "Book a table for two tonight", "No, I already told you, the Italian place", "Perfect, thanks so much",
    ] * 2
    assert rows["label"].tolist() == ["neutral", "negative", "positive"] * 2
    assert rows["group"].nunique() == 2


def test_held_out_rows_of_one_source_do_not_move_when_another_source_grows():
    from cxmaturity.classify.datasets import held_out_mask

    tweets = pd.DataFrame({"text": [f"t{i}" for i in range(50)], "label": ["neutral", "positive"] * 25, "source": "tweeteval"})
    own = pd.DataFrame({"text": [f"o{i}" for i in range(20)], "label": ["negative"] * 20, "source": "contact_centre_own"})
    more_own = pd.DataFrame({"text": [f"o{i}" for i in range(60)], "label": ["negative"] * 60, "source": "contact_centre_own"})
    before = pd.concat([own, tweets], ignore_index=True)
    after = pd.concat([more_own, tweets], ignore_index=True)
    held_before = set(before.loc[held_out_mask(before, seed=13), "text"])
    held_after = set(after.loc[held_out_mask(after, seed=13), "text"])
    assert {t for t in held_before if t.startswith("t")} == {t for t in held_after if t.startswith("t")}
    assert len([t for t in held_after if t.startswith("t")]) == 10  # 20% of each label, 5 + 5


def test_own_sentiment_turns_name_their_speaker():
    from cxmaturity.classify.datasets import load_own_sentiment

    frame = load_own_sentiment()
    assert set(frame["speaker"]) == {"customer", "agent"}
    # Both sides say every kind of thing: agents also give bad news and share relief, customers also stay calm.
    counts = frame.groupby(["speaker", "label"]).size()
    assert (counts >= 20).all() and len(counts) == 6
    agent = frame[frame["speaker"] == "agent"]["text"].str.lower()
    assert agent.str.contains("sorry|apologi").sum() >= 20


def test_own_sentiment_rejects_an_unknown_speaker(tmp_path, monkeypatch):
    from cxmaturity.classify import datasets

    bad = tmp_path / "own.tsv"
    bad.write_text("# header\nneutral\tcustomer\tI'm calling about my bill\nneutral\tmanager\tOne moment please\n")
    monkeypatch.setattr(datasets, "OWN_SENTIMENT_FILE", bad)
    with pytest.raises(ValueError, match="unknown speakers \\['manager'\\]"):
        datasets.load_own_sentiment()
