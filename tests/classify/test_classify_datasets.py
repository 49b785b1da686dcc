"""Sentiment rows from GoEmotions and the own contact-centre turns, and the seeded held-out split."""

from __future__ import annotations

import pandas as pd
import pytest


def test_held_out_rows_of_one_source_do_not_move_when_another_source_grows():
    from cxmaturity.classify.datasets import held_out_mask

    tweets = pd.DataFrame(
        {"text": [f"t{i}" for i in range(50)], "label": ["neutral", "positive"] * 25, "source": "tweeteval"}
    )
    own = pd.DataFrame(
        {"text": [f"o{i}" for i in range(20)], "label": ["negative"] * 20, "source": "contact_centre_own"}
    )
    more_own = pd.DataFrame(
        {"text": [f"o{i}" for i in range(60)], "label": ["negative"] * 60, "source": "contact_centre_own"}
    )
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


def _goemotions(tmp_path, rows: list[str]):
    folder = tmp_path / "goemotions_sentiment"
    folder.mkdir()
    (folder / "train.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def test_goemotions_keeps_single_group_comments_only(tmp_path):
    from cxmaturity.classify.datasets import load_goemotions

    data = _goemotions(
        tmp_path,
        [
            "This is the best thing I've read all week\t3\ta1",
            "Why would anyone do that to a dog\t1\ta2",
            "The game starts at eight\t2\ta3",
            'He said "fine" and left\t2\ta4',
            "I love it but it also scares me\t1,3\ta5",
            "Hmm, not sure what to make of this\t0\ta6",
            "Well that's that then\t0,2\ta7",
        ],
    )
    frame = load_goemotions(data, "train")
    assert frame["label"].tolist() == ["positive", "negative", "neutral", "neutral"]
    assert frame["text"].tolist()[3] == 'He said "fine" and left'  # quotes are text, not CSV quoting
    assert set(frame["source"]) == {"goemotions"} and set(frame["split"]) == {"train"}


def test_goemotions_unknown_label_id_names_the_file(tmp_path):
    from cxmaturity.classify.datasets import load_goemotions

    data = _goemotions(tmp_path, ["Some comment\t7\tb1"])
    with pytest.raises(ValueError, match="train.tsv: unknown label ids"):
        load_goemotions(data, "train")
    with pytest.raises(ValueError, match="split"):
        load_goemotions(data, "test")
