"""No raw turn text stays in the process after a redaction batch (review finding 9).

Four places could keep it: the spoken-number views the recognizers share, spaCy's vocabulary
(every new token parsed is added to the shared model's string store), the consistent
placeholders' value keys, and the findings a redactor remembers for texts it has seen. Each
test redacts a value no other test uses and looks for it.
"""

from __future__ import annotations

import pickle

import pytest

from cxmaturity.redact import spoken
from cxmaturity.redact.engine import SEEN_TEXTS, SeenTexts, _Numberer
from cxmaturity.redact.recognizers._base import SpokenViewReader
from cxmaturity.redact.spoken import SpokenViews, view_of


def test_spoken_module_keeps_no_cache():
    module_level = vars(spoken).values()
    assert not [value for value in module_level if hasattr(value, "cache_info") or isinstance(value, SpokenViews)]


def test_views_are_computed_once_per_batch_and_bounded():
    views = SpokenViews(max_views=2)
    text = "four one one one"
    assert views(text) is views(text)
    assert views(text) == view_of(text)
    views("a"), views("b")
    assert len(views) == 2  # past the bound a view is computed, not kept
    views.clear()
    assert len(views) == 0


def test_every_view_reading_recognizer_shares_the_redactors_views(redactor):
    readers = [r for r in redactor.analyzer.registry.recognizers if isinstance(r, SpokenViewReader)]
    assert {type(r).__name__ for r in readers} >= {"CardNumberRecognizer", "PhoneNumberRecognizer"}
    assert all(r._views is redactor.spoken_views for r in readers)


def test_views_fill_during_a_batch_and_are_dropped_after(redactor, monkeypatch):
    seen: list[int] = []
    recognize = redactor._recognize

    def spy(*args, **kwargs):
        result = recognize(*args, **kwargs)
        seen.append(len(redactor.spoken_views))
        return result

    monkeypatch.setattr(redactor, "_recognize", spy)
    monkeypatch.setattr(redactor, "_seen", SeenTexts(SEEN_TEXTS))  # texts earlier tests redacted are read again
    redactor.redact_conversation(["agent", "customer"], ["the card please", "four nine two nine one one one one"])
    assert seen and max(seen) > 0  # the recognizers did share views while the batch ran
    assert len(redactor.spoken_views) == 0


def test_views_are_dropped_when_a_batch_fails(redactor, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(redactor, "_anonymize", fail)
    with pytest.raises(RuntimeError):
        redactor.redact_conversation(["customer"], ["my pin is four four seven two"])
    with pytest.raises(RuntimeError):
        redactor.redact_texts(["call me on oh seven seven double oh nine hundred"])
    assert len(redactor.spoken_views) == 0


def test_spacy_vocabulary_forgets_the_batchs_words(redactor):
    strings = redactor.nlp_engine.pipeline.vocab.strings
    name, code = "Zyxwavelund", "QX7731KV"
    assert name not in strings and code not in strings
    out = redactor.redact_conversation(
        ["agent", "customer"], ["can I take your name", f"it's {name} and my reference is {code}"]
    )
    assert name not in out[1].text
    assert name not in strings and name.lower() not in strings and code not in strings


def test_texts_seen_earlier_in_the_run_are_remembered_by_keyed_hash_only(redactor):
    name, card = "Qorvandel", "4929 1111 1111 1116"
    redactor.redact_conversation(["agent", "customer"], ["your name and card please", f"{name}, card {card}"])
    kept = pickle.dumps(list(redactor._seen._entries.items()))
    assert name.encode() not in kept and name.lower().encode() not in kept and card.encode() not in kept
    assert all(isinstance(key, bytes) and len(key) == 16 for key in redactor._seen._entries)
    assert SeenTexts(10)._key != SeenTexts(10)._key and len(SeenTexts(10)._key) == 16


def test_consistent_placeholders_use_a_fresh_random_key_per_conversation():
    first, second = _Numberer(), _Numberer()
    assert first._key != second._key and len(first._key) == 16
    number = first.for_type("PIN")
    assert number("4 4 7 2") == number("four four seven two") == "[PIN_1]"
    assert number("1234") == "[PIN_2]"
    assert second.for_type("PIN")("1234") == "[PIN_1]"
