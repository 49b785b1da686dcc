"""The lookup that stands in for the spaCy model's attribute ruler gives every token the same attributes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from cxmaturity.signals.attribute_lookup import OTHER_WORD, AttributeLookup, use_attribute_lookup
from cxmaturity.signals.matching import SPACY_MODEL, load_nlp

EVAL_SETS = Path(__file__).resolve().parents[2] / "benchmarks" / "signals"
# The ruler's multi-token and regex rules (gonna, gotta, y'all, ain't, let's, c'mon, nothin'), whitespace
# tokens, and turns as speech-to-text writes them.
ODD_TURNS = [
    "y'all ain't gonna believe it, I gotta go",
    "let's c'm on then, there's nothin' on the account   \n  ok",
    "I ain't got nuthin' to say to you",
    "  ",
    "\t\n",
    "",
    "uh yeah it's four one one one uh one one one one and the expiry's oh nine twenty eight",
    "The bill's gone up AGAIN!!! Third time this year. Can I speak to a manager??",
]


def _attributes(nlp, texts):
    return [[(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc] for doc in nlp.pipe(texts)]


@pytest.fixture(scope="module")
def turns() -> list[str]:
    rows = [json.loads(line) for name in sorted(EVAL_SETS.glob("eval_turns*.jsonl")) for line in name.open()]
    return [row["text"] for row in rows] + ODD_TURNS


def test_the_lookup_gives_the_rulers_attributes_on_every_token(turns):
    ruler = spacy.load(SPACY_MODEL, exclude=["parser", "ner", "senter"])
    assert len(turns) > 3000
    assert _attributes(load_nlp(), turns) == _attributes(ruler, turns)


def test_the_signals_pipeline_uses_it_in_the_rulers_place():
    nlp = load_nlp()
    assert nlp.pipe_names == ["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeLookup)
    doc = nlp("I'm putting you on hold")
    assert [t.lemma_ for t in doc][2] == "put" and doc[2].pos_ == "VERB"


def test_a_pipeline_without_a_ruler_is_left_alone():
    nlp = spacy.blank("en")
    assert use_attribute_lookup(nlp).pipe_names == []


def test_the_memo_keeps_no_transcript_words():
    nlp = use_attribute_lookup(spacy.load(SPACY_MODEL, exclude=["parser", "ner", "senter"]))
    lookup = nlp.get_pipe("attribute_ruler")
    list(nlp.pipe([f"account {n} belongs to zebulon fairweather-{n}" for n in range(200)] + ODD_TURNS))
    words = {word for _, word, _, _ in lookup.memo}
    named = lookup.words | {OTHER_WORD}
    assert all(w in named or any(p.search(w) for p in lookup.word_patterns) for w in words)
    assert "zebulon" not in words and "gon" in words and "nothin'" in words
    assert len(lookup.memo) < 100
