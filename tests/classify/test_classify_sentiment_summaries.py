"""Call-level sentiment summaries and placeholder handling (pure functions, no model)."""

from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity.classify.encoder import normalise_placeholders
from cxmaturity.classify.heads import placeholder_augmentations
from cxmaturity.classify.sentiment import edge_mean, trajectory, vader_labels


def test_trajectory_improved_worsened_flat():
    assert trajectory([-0.8, -0.6, 0.1, 0.7, 0.9]) == "improved"
    assert trajectory([0.6, 0.4, -0.2, -0.7]) == "worsened"
    assert trajectory([0.05, -0.05, 0.1, 0.0]) == "flat"
    assert trajectory([0.5]) is None
    assert trajectory([-0.9, 0.9]) == "improved"


def test_edge_means():
    assert edge_mean([], at_end=False) is None
    assert edge_mean([-1.0, 0.0, 1.0], at_end=False) == pytest.approx(-0.5)
    assert edge_mean([-1.0, 0.0, 1.0], at_end=True) == pytest.approx(0.5)


def test_placeholders_become_neutral_words():
    text = "Hi [PERSON], card [CREDIT_CARD] and <EMAIL_ADDRESS> plus {{ZIP}} and [UNSEEN_TYPE] and [PERSON_2]"
    cleaned = normalise_placeholders(text)
    assert "[" not in cleaned and "<" not in cleaned and "{" not in cleaned
    assert cleaned.count("the person") == 2 and "the card number" in cleaned and "the email address" in cleaned
    assert normalise_placeholders("no placeholders [here] in lower case") == "no placeholders [here] in lower case"


def test_placeholder_augmentation_is_seeded_and_points_at_its_row():
    texts = [f"my number is 0770 900 {i:03d} please" for i in range(30)] + [f"text {i}" for i in range(30)]
    first = placeholder_augmentations(texts, seed=5, fraction=0.2)
    assert first == placeholder_augmentations(texts, seed=5, fraction=0.2)
    assert len(first) == 12
    assert all("[" in copy for _, copy in first)
    # digits are replaced by the placeholder, other texts carried in a sentence around it
    assert all(not any(ch.isdigit() for ch in copy) for i, copy in first if i < 30)
    assert all(texts[i] in copy for i, copy in first if i >= 30)


def test_placeholder_copies_keep_label_and_speaker():
    from cxmaturity.classify.training import with_placeholder_copies

    words = (
        "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec "
        "romeo sierra tango"
    )
    train = pd.DataFrame(
        {
            "text": [f"sorry about the wait on case {word}" for word in words.split()],
            "label": ["neutral"] * 10 + ["negative"] * 10,
            "speaker": ["agent"] * 10 + ["customer"] * 10,
            "source": "contact_centre_own",
        }
    )
    rows = with_placeholder_copies(train, seed=3)
    assert len(rows) == 22 and rows.iloc[:20].equals(train)
    for _, copy in rows.iloc[20:].iterrows():
        (original,) = [r for _, r in train.iterrows() if r["text"] in copy["text"]]
        assert copy["text"] != original["text"] and "[" in copy["text"]
        assert (copy["label"], copy["speaker"]) == (original["label"], original["speaker"])


def test_vader_baseline_uses_standard_thresholds():
    assert vader_labels(
        ["I love this, wonderful service", "The parcel is at the depot", "This is awful and I hate it"]
    ) == [
        "positive",
        "neutral",
        "negative",
    ]
