"""The redaction fast paths change no finding: digit prefilters, repeated texts, batched metadata.

Every shortcut here skips work only where the work could not have found anything different: a
recognizer whose patterns need N digits skips a turn with fewer, written or spoken; a text seen
earlier in the run reuses its findings; a finding no context word can lift skips presidio's context
enhancer; a batch's metadata strings go through the engine together.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from presidio_analyzer import Pattern, PatternRecognizer

from cxmaturity.model import Conversation, Turn
from cxmaturity.redact.engine import Entity, RedactionConfig, Redactor, SeenTexts, is_backchannel
from cxmaturity.redact.spoken import view_of
from cxmaturity.redact.stage import RedactStage

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks" / "pii"
# Numbers in words, digits mixed with words, and near misses around each recognizer's digit count.
SPOKEN = [
    "my card number is four one one one one one one one one one one one one one one one",
    "it's four nine two nine, one one one one, one one one one, one one one six",
    "call me on oh seven nine one one one two three four five six",
    "plus four four seven nine one one one two three four five six",
    "my social is one two three four five six seven eight nine",
    "national insurance a b one two three four five six c",
    "the postcode is s o fourteen three e n",
    "it's s o o e n",
    "expiry oh nine twenty seven",
    "date of birth oh five oh three nineteen eighty five",
    "the fifth of may eighty five",
    "security code triple seven",
    "account number double four nine two oh one eight three",
    "i live at twenty two baker street",
    "TRK six six three three oh one nine two",
    "sort code four oh dash four seven dash eight four",
    "it's one two three",
    "oh okay that's fine",
    "GB82 WEST 1234 5698 7654 32",
]


def _benchmark_texts() -> list[str]:
    texts: list[str] = []
    for name in ("eval_set.jsonl", "dialogue_set.jsonl"):
        for line in (BENCHMARKS / name).read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    return list(dict.fromkeys(texts))


def _found(recognizer, text: str) -> list[tuple[str, int, int, float]]:
    return sorted((r.entity_type, r.start, r.end, r.score) for r in recognizer.analyze(text, [], None))


def test_digit_prefilters_never_change_a_recognizers_findings(redactor, monkeypatch):
    filtered = [r for r in redactor.analyzer.registry.recognizers if getattr(r, "MIN_DIGITS", 0)]
    assert {type(r).__name__ for r in filtered} >= {"CardNumberRecognizer", "PhoneNumberRecognizer", "IbanRecognizer"}
    texts = SPOKEN + _benchmark_texts()
    try:
        for recognizer in filtered:
            with_filter = [_found(recognizer, text) for text in texts]
            monkeypatch.setattr(recognizer, "MIN_DIGITS", 0)
            assert [_found(recognizer, text) for text in texts] == with_filter, type(recognizer).__name__
    finally:
        redactor.spoken_views.clear()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my card number is four one one one one one one one one one one one one one one one", "CREDIT_CARD"),
        ("call me on oh seven nine one one, one two three four five six", "PHONE_NUMBER"),
        ("the postcode is s o fourteen three e n", "POSTCODE"),
        ("the security code on the back is triple seven", "CARD_CVV"),
        ("my date of birth is oh five oh three nineteen eighty five", "DATE_OF_BIRTH"),
        ("my national insurance number is a b one two three four five six c", "UK_NINO"),
    ],
)
def test_numbers_said_in_words_still_reach_the_digit_recognizers(redactor, text, expected):
    assert not any(ch.isdigit() for ch in text)  # only the spoken view has digits
    assert expected in redactor.redact_texts([text])[0].types


def test_a_turn_without_digits_or_number_words_skips_the_digit_patterns(redactor, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("a pattern was run on a turn that holds no digit")

    monkeypatch.setattr(PatternRecognizer, "analyze", fail)
    text = "thanks for holding, I've had a look at the bill and the charge is from last week"
    assert view_of(text).digit_count == 0
    try:
        for recognizer in redactor.analyzer.registry.recognizers:
            if getattr(recognizer, "MIN_DIGITS", 0):
                assert recognizer.analyze(text, [], None) == []
    finally:
        redactor.spoken_views.clear()


def test_digit_count_covers_written_and_spoken_digits():
    assert view_of("security code triple seven").digit_count == 3
    assert view_of("4111 1111 1111 1111").digit_count == 16
    assert view_of("card four one one one and 12").digit_count == 6
    assert view_of("no numbers here").digit_count == 0


def _conversations(redactor_texts: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    return [(["agent", "customer"] * (len(texts) // 2), texts) for texts in redactor_texts]


def test_a_text_seen_earlier_in_the_run_skips_ner_and_gives_the_same_findings(monkeypatch):
    redactor = Redactor(RedactionConfig())
    calls = _conversations(
        [
            ["can I take your full name please", "it's Amara Okafor and my card is 4111 1111 1111 1111"],
            ["can I take your full name please", "yes it's Tomasz Grzelak"],
        ]
    )
    first = redactor.redact_conversations(calls)
    parsed: list[str] = []
    nlp = redactor.nlp_engine.pipeline
    pipe = nlp.pipe

    def spy(texts, *args, **kwargs):
        texts = list(texts)
        parsed.extend(texts)
        return pipe(texts, *args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", spy)
    again = redactor.redact_conversations(calls)
    assert parsed == []  # every text was seen in the first batch: no NER
    assert [[(r.text, r.entities) for r in conv] for conv in again] == [
        [(r.text, r.entities) for r in conv] for conv in first
    ]
    fresh = Redactor(RedactionConfig()).redact_conversations(calls)
    assert [[(r.text, r.entities) for r in conv] for conv in fresh] == [
        [(r.text, r.entities) for r in conv] for conv in first
    ]


def test_seen_texts_are_bounded_and_forget_the_least_recently_used():
    seen = SeenTexts(2)
    seen.put("a", ())
    seen.put("b", ())
    assert seen.get("a") == ()  # "a" is now the most recently used
    seen.put("c", ())
    assert len(seen) == 2 and seen.get("b") is None and seen.get("a") == () and seen.get("c") == ()
    off = SeenTexts(0)
    off.put("a", ())
    assert off.get("a") is None and len(off) == 0


def test_a_plugin_recognizer_turns_the_memory_of_seen_texts_off(monkeypatch):
    import catalogue

    from cxmaturity.redact.recognizers import import_builtin_recognizers, register_recognizer

    class TicketRecognizer(PatternRecognizer):
        def __init__(self) -> None:
            super().__init__(supported_entity="TICKET", patterns=[Pattern("ticket", r"\bTK-\d{6}\b", 0.9)])

    import_builtin_recognizers()
    monkeypatch.setattr(catalogue, "REGISTRY", dict(catalogue.REGISTRY))
    register_recognizer(TicketRecognizer)
    assert Redactor(RedactionConfig())._seen.max_texts == 0
    assert Redactor(RedactionConfig(entities=["PERSON"]))._seen.max_texts > 0  # the plugin is not selected


def test_batch_metadata_is_what_each_conversation_gets_on_its_own(redactor):
    def conversation(cid: str, note: str) -> Conversation:
        return Conversation(
            conversation_id=cid,
            turns=[Turn("agent", "hello", metadata={"agent": "Priya Raman"}), Turn("customer", "hi")],
            metadata={"note": note, "queue": "billing"},
        )

    batch = [
        conversation("c-1", "callback 07911 123456 for Priya Raman"),
        conversation("c-2", "no metadata of note"),
        Conversation(conversation_id="c-3", turns=[Turn("customer", "hi")]),
        conversation("c-4", "callback 07911 654321, 07911 123456"),
    ]
    for placeholders in ("typed", "consistent"):
        stage = RedactStage(placeholders=placeholders)
        stage._redactor = redactor if placeholders == "typed" else Redactor(RedactionConfig(placeholders="consistent"))
        assert stage._redact_metadata_batch(batch) == [stage._redact_metadata(c) for c in batch]
    first, _turns = stage._redact_metadata(batch[0])
    assert first["note"] == "callback [PHONE_NUMBER_1] for [PERSON_1]"  # numbered per conversation


def _benchmark_conversations(limit_turns: int) -> list[list[str]]:
    conversations: dict[str, list[tuple[int, str]]] = {}
    for name in ("eval_set.jsonl", "dialogue_set.jsonl"):
        for line in (BENCHMARKS / name).read_text(encoding="utf-8").splitlines()[:limit_turns]:
            record = json.loads(line)
            conversations.setdefault(f"{name}:{record['conversation_id']}", []).append(
                (record["turn_index"], record["text"])
            )
    return [[text for _, text in sorted(turns)] for turns in conversations.values()]


def test_analysis_is_presidios_analyze_turn_by_turn(redactor):
    """Our split of presidio's `AnalyzerEngine.analyze` (distinct texts once, the context step per turn, findings
    that no context word can lift kept as they are) finds what `analyze` itself finds, scores included."""
    texts: list[str] = []
    contexts: list[list[str]] = []
    for conversation in _benchmark_conversations(1500):
        texts.extend(conversation)
        contexts.extend(redactor._context_words(conversation))
    nlp = redactor.nlp_engine.pipeline
    try:
        ours = redactor.analyze_texts(texts, contexts)
        with nlp.memory_zone():
            for text, context, found in zip(texts, contexts, ours, strict=True):
                if is_backchannel(text):
                    assert found == []
                    continue
                results = redactor.analyzer.analyze(
                    text,
                    language="en",
                    entities=redactor._recognizer_types,
                    nlp_artifacts=redactor.nlp_engine.artifacts_for(nlp(text)),
                    context=context,
                    score_threshold=redactor.config.score_threshold,
                )
                assert found == [Entity(r.entity_type, r.start, r.end, r.score) for r in results], text
    finally:
        redactor.spoken_views.clear()
