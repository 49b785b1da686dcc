"""The turn model widens the phrase lists to paraphrases, on the embeddings the classify stage left."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cxmaturity.classify.encoder import get_encoder
from cxmaturity.model import Conversation, Turn
from cxmaturity.modelstore import ModelIntegrityError
from cxmaturity.signals.detector import MODEL_FILE, TurnSignalModel, combine, load_turn_signal_model
from cxmaturity.signals.stage import SignalsStage
from cxmaturity.signals.training import _targets, fit_network, load_examples


@pytest.fixture(scope="module")
def stage() -> SignalsStage:
    return SignalsStage()


def _embedded(*turns: tuple[str, str]) -> Conversation:
    conversation = Conversation("m-1", [Turn(s, t) for s, t in turns], channel="voice")
    encoded = get_encoder().encode([t for _, t in turns])
    conversation.turn_embeddings, conversation.turn_features = encoded.sentence, encoded.features
    return conversation


def test_paraphrases_no_phrase_list_knows_are_detected_and_marked_as_the_models(stage):
    conversation = _embedded(
        ("agent", "just so you know this conversation may be monitored"),
        ("agent", "stay on the line while I look into that for you"),
        ("customer", "honestly I need this to go higher, this is the fourth time I've called"),
        ("agent", "we'd welcome your rating afterwards, it only takes a minute"),
    )
    call = stage(conversation).call
    assert call["disclosure_given"] and call["holds"] == 1 and call["escalation_requested"] and call["survey_offered"]
    found = json.loads(call["signal_model_turns"])
    assert found["hold"] == [1] and found["escalation_requested"] == [2] and found["survey_offered"] == [3]


def test_near_misses_and_wrong_speakers_do_not_fire(stage):
    call = stage(
        _embedded(
            ("customer", "is this call being recorded?"),
            ("customer", "your hold music is honestly awful"),
            ("customer", "they transferred me three times last week"),
            ("agent", "I can see the payment went through on Monday"),
        )
    ).call
    assert not call["disclosure_given"] and call["holds"] == 0 and call["transfers"] == 0
    assert not call["survey_offered"]


def test_without_embeddings_the_phrase_lists_decide_alone(stage):
    conversation = Conversation(
        "m-2", [Turn("agent", "stay on the line while I look into that for you")], channel="chat"
    )
    call = stage(conversation).call
    assert call["holds"] == 0 and json.loads(call["signal_model_turns"]) == {}


def test_a_line_repeated_across_calls_is_scored_once_with_the_same_signals():
    lines = (
        ("agent", "thanks for calling, you're through to [PERSON], how can I help?"),
        ("customer", "I've told three people this already, the router keeps dropping out"),
        ("agent", "stay on the line while I look into that for you"),
        ("customer", "that's sorted it, it's working now, cheers"),
        ("agent", "anything else I can help with today?"),
    )
    remembered, fresh = SignalsStage(), SignalsStage(cached_texts=0)
    calls = [_embedded(*lines), _embedded(*lines[:2], ("customer", "can I speak to your manager please"), *lines[2:])]
    for call in calls:
        with_memory, without = remembered(call).call.copy(), fresh(call).call.copy()
        assert with_memory["signal_turns"] == without["signal_turns"]
        assert with_memory["signal_model_turns"] == without["signal_model_turns"]
    assert json.loads(calls[1].call["signal_turns"])["escalation_requested"] == [2]
    # the second call's five repeated lines came from memory; only its new line was scored
    assert remembered.seen_probabilities.hits == 5 and len(remembered.seen_probabilities) == 6


def test_a_phrase_match_the_model_rules_out_is_dropped():
    kept, found = combine([2, 4], [1, 2, 4], np.array([0.0, 0.9, 0.01, 0.0, 0.3]), threshold=0.5, veto=0.05)
    assert kept == [1, 4] and found == [1]


def test_the_model_is_hash_checked(tmp_path):
    folder = tmp_path / "signals"
    folder.mkdir()
    (folder / MODEL_FILE).write_bytes(b"not the trained weights")
    (folder / "meta.json").write_text(json.dumps({"files": {MODEL_FILE: "0" * 64}}))
    with pytest.raises(ModelIntegrityError):
        load_turn_signal_model(tmp_path)


def test_training_examples_cover_every_signal_with_near_misses():
    examples = load_examples()
    stage_signals = set(SignalsStage(turn_model=False).book.signals)
    by_signal = {}
    for example in examples:
        if example.signal != "none":  # plain turns: negatives for every signal
            by_signal.setdefault(example.signal, [0, 0])[example.label] += 1
    assert set(by_signal) <= stage_signals
    assert all(positives >= 45 and near_misses >= 25 for near_misses, positives in by_signal.values())


def test_the_ngram_block_separates_what_the_embedding_blurs_and_survives_saving(tmp_path):
    """Same embedding, same speaker: only the n-grams tell "on hold" from "hold music"."""
    terms = ("on hold", "hold music")
    coef = np.zeros((1, 384 + 4 + 2), dtype=np.float32)
    coef[0, -2:] = (8.0, -8.0)
    model = TurnSignalModel(
        ("hold",),
        coef,
        np.zeros(1, dtype=np.float32),
        np.array([0.5]),
        np.array([0.1]),
        terms,
        np.ones(2, dtype=np.float32),
        ngram_weight=1.0,
    )
    texts = ["I'll put you on hold", "your hold music is awful"]
    embeddings = np.zeros((2, 384), dtype=np.float32)
    proba = model.predict_proba(texts, embeddings, ["agent", "agent"])
    assert proba[0, 0] > 0.99 and proba[1, 0] < 0.01
    model.save(tmp_path / MODEL_FILE)
    loaded = TurnSignalModel.load(tmp_path / MODEL_FILE)
    assert loaded.terms == terms
    assert np.allclose(loaded.predict_proba(texts, embeddings, ["agent", "agent"]), proba)
    with pytest.raises(ValueError, match="speakers"):
        model.predict_proba(texts, embeddings, ["agent"])


def test_the_hidden_layer_scores_what_a_linear_score_cannot_and_survives_saving(tmp_path):
    """Two dense directions that show a signal alone but not together (an XOR): fitted, only the hidden
    layer can separate them; saved and loaded, the model gives the same probabilities."""
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 2, 600), rng.integers(0, 2, 600)
    dense = np.zeros((600, 8), dtype=np.float32)
    dense[:, 0], dense[:, 1] = a, b
    dense[:, 2:] = rng.normal(0, 0.1, (600, 6))
    y = (a ^ b).reshape(-1, 1)
    weights = fit_network(csr_matrix(dense), y, np.ones_like(y, dtype=bool), dense_width=8, seed=1)
    proba = weights.predict_proba(csr_matrix(dense), dense_width=8)[:, 0]
    assert ((proba >= 0.5) == (y[:, 0] == 1)).mean() > 0.95  # a linear score gets at most 3 of the 4 corners

    model = TurnSignalModel(
        ("customer_repeat",),
        weights.coef[:, :4],  # the same dense block's first columns, as the model's embedding block of width 0
        weights.intercept,
        np.array([0.5]),
        np.array([0.1]),
        hidden_weight=weights.hidden_weight[:4],
        hidden_bias=weights.hidden_bias,
        hidden_coef=weights.hidden_coef,
    )
    speakers = ["agent", "customer", "bot", "ivr"]
    before = model.predict_proba(["a", "b", "c", "d"], np.zeros((4, 0), dtype=np.float32), speakers)
    model.save(tmp_path / MODEL_FILE)
    loaded = TurnSignalModel.load(tmp_path / MODEL_FILE)
    assert loaded.hidden_weight is not None and loaded.hidden_weight.shape == (4, weights.hidden_bias.shape[0])
    assert np.allclose(loaded.predict_proba(["a", "b", "c", "d"], np.zeros((4, 0), np.float32), speakers), before)
    with pytest.raises(ValueError, match="together"):
        TurnSignalModel(("x",), np.zeros((1, 4)), np.zeros(1), np.zeros(1), np.zeros(1), hidden_bias=np.zeros(3))


def _shown(stage, signal: str, texts: list[str], speaker: str) -> list[int]:
    """The turns the signals stage's rule (`detector.combine`: phrases the model does not veto, or the
    model alone) counts as showing `signal`, every turn spoken by `speaker`."""
    model = stage.turn_model
    column = model.signals.index(signal)
    vectors = model.encoded_vectors(get_encoder().encode(texts))
    proba = model.predict_proba(texts, vectors, [speaker] * len(texts))[:, column]
    phrase_hits = [i for i, found in enumerate(stage.matcher.match(texts)) if signal in found]
    shown, _ = combine(phrase_hits, list(range(len(texts))), proba, model.threshold[column], model.veto[column])
    return shown


def test_documents_and_repeated_actions_are_not_a_customer_repeating_themselves(stage):
    """The distinctions a linear score kept blurring: "as I said" is a repeat, "as I said in my letter" is not."""
    texts = [
        "like i told the last lady it's the upstairs radiator that's cold not the downstairs one",
        "as set out in the complaint form I posted, the fence panel was already broken",
        "i've reset the modem four times this morning and nothing changes",
    ]
    assert _shown(stage, "customer_repeat", texts, "customer") == [0]


def test_an_anything_else_question_mid_call_is_not_the_offer_at_the_end_of_the_business(stage):
    """Diagnostics and add-ons ask "anything else" too; only the offer of more help once the business is done counts."""
    texts = [
        "and apart from the screen going blank did anything else odd happen with the telly before it switched off",
        "would you like to pop anything else in the same parcel while the courier's booked for you",
        "okay so the replacement's ordered and you'll have it by friday, um, is there anything else I can help with",
    ]
    assert _shown(stage, "anything_else_offer", texts, "agent") == [2]


def test_the_also_column_makes_a_near_miss_a_positive_of_the_signal_it_shows(tmp_path):
    """ "Can you hold a moment" is no hold return, but it is a hold: a negative for hold_return only."""
    path = tmp_path / "examples.tsv"
    path.write_text(
        "signal\tlabel\tspeaker\ttext\talso\n"
        "# a comment line\n"
        "hold\t1\tagent\tI'll pop you on hold\n"
        "hold_return\t1\tagent\tthanks for holding\n"
        "hold_return\t0\tagent\tcan you hold a moment while I check\thold\n"
        "none\t0\tcustomer\tmy postcode is [LOCATION]\n",
        encoding="utf-8",
    )
    examples = load_examples(path)
    assert examples[2].also == frozenset({"hold"})
    y_hold, kept_hold = _targets(examples, "hold", n_background=0)
    y_return, kept_return = _targets(examples, "hold_return", n_background=0)
    # hold and hold_return co-occur: each one's positives are left out of the other's negatives
    assert list(y_hold) == [1, 0, 1, 0] and list(kept_hold) == [True, False, True, True]
    assert list(y_return) == [0, 1, 0, 0] and list(kept_return) == [False, True, True, True]


def test_an_also_column_naming_its_own_signal_is_refused_with_the_line(tmp_path):
    path = tmp_path / "examples.tsv"
    path.write_text("signal\tlabel\tspeaker\ttext\talso\nhold\t0\tagent\tplease hold\thold\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_examples(path)


def test_the_classify_stage_leaves_the_view_the_shipped_model_reads(stage):
    """End to end through both stages: the signals model finds a paraphrase on the classify pass's own vectors."""
    from cxmaturity.classify.stage import ClassifyStage

    conversation = Conversation(
        "m-2",
        [
            Turn("agent", "hello you're through to [PERSON] how can I help"),
            Turn("customer", "my broadband keeps dropping out every evening"),
            Turn("agent", "stay on the line while I look into that for you"),
        ],
        channel="voice",
    )
    ClassifyStage()(conversation)
    vectors = stage.turn_model.turn_vectors(conversation)
    assert vectors is not None and vectors.shape[0] == 3
    assert vectors.shape[1] == stage.turn_model.coef.shape[1] - 4 - len(stage.turn_model.terms)
    call = stage(conversation).call
    assert json.loads(call["signal_turns"]).get("holds") == [2]
    assert json.loads(call["signal_model_turns"]).get("hold") == [2]  # no phrase list says "stay on the line"
    conversation.drop_working_state()
    assert conversation.turn_features is None and conversation.turn_embeddings is None
