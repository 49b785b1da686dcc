"""The call-level CSAT features describe the whole call: the customer's sentiment trajectory, how the
call ends, effort and repetition; odd call shapes give finite features, never a crash."""

from __future__ import annotations

import numpy as np
import pytest

from cxmaturity.classify.sentiment import edge_mean
from cxmaturity.model import Conversation, Turn
from cxmaturity.predict.features import (
    FEATURE_NAMES,
    N_COLUMNS,
    csat_feature_matrix,
    csat_features,
)
from cxmaturity.signals.stage import SignalsStage


def scored(speaker: str, text: str, score: float) -> Turn:
    label = "negative" if score <= -0.3 else "positive" if score >= 0.3 else "neutral"
    return Turn(speaker, text, sentiment=label, sentiment_score=score)


def recovering_call() -> Conversation:
    """Angry at first, sorted out, thankful at the end."""
    return Conversation(
        "recovering",
        [
            scored("agent", "Thanks for calling, how can I help?", 0.3),
            scored(
                "customer",
                "My card was charged twice and nobody has fixed it. This is ridiculous.",
                -0.8,
            ),
            scored(
                "agent",
                "I'm sorry about that, let me look. I can see the duplicate charge and I've refunded it now.",
                0.1,
            ),
            scored("customer", "Okay, so it's back on my card?", -0.1),
            scored(
                "agent",
                "Yes, you'll see it within two days. Is there anything else I can help with?",
                0.2,
            ),
            scored("customer", "No, that's great, thank you so much for sorting it.", 0.9),
        ],
        channel="chat",
    )


def repeating_call() -> Conversation:
    """The customer has to say the same thing again and again; the agent cannot help."""
    return Conversation(
        "repeating",
        [
            scored(
                "customer",
                "I need a table for two at an Italian place in Windsor tonight.",
                0.0,
            ),
            scored("agent", "What kind of food would you like?", 0.0),
            scored(
                "customer",
                "As I said, Italian food, a table for two in Windsor tonight.",
                -0.4,
            ),
            scored("agent", "Which city are you in?", 0.0),
            scored(
                "customer",
                "Windsor. I need a table for two at an Italian place in Windsor tonight.",
                -0.6,
            ),
            scored("agent", "Sorry, I can't do that.", -0.2),
        ],
        channel="chat",
    )


def test_customer_trajectory_rises_in_a_recovering_call(signals: SignalsStage) -> None:
    features = csat_features(signals(recovering_call()))
    assert features["sentiment_available"] == 1.0
    assert features["customer_sentiment_first"] == pytest.approx(-0.8)
    assert features["customer_sentiment_last"] == pytest.approx(0.9)
    assert features["customer_sentiment_min"] == pytest.approx(-0.8)
    assert features["customer_sentiment_max"] == pytest.approx(0.9)
    assert features["customer_sentiment_mean"] == pytest.approx(0.0)
    assert features["customer_sentiment_slope"] == pytest.approx(1.7)  # -0.8 to 0.9 over the call, linear fit
    assert features["customer_sentiment_change"] == pytest.approx(1.7)
    assert features["customer_negative_turn_share"] == pytest.approx(1 / 3)
    assert features["customer_positive_turn_share"] == pytest.approx(1 / 3)
    # The baseline column the classify stage writes: the customer's last two turns.
    assert features["customer_sentiment_end"] == pytest.approx(edge_mean([-0.8, -0.1, 0.9], at_end=True))
    assert features["call_sentiment_mean"] == pytest.approx(np.mean([0.3, -0.8, 0.1, -0.1, 0.2, 0.9]))
    assert features["agent_sentiment_last"] == pytest.approx(0.2)


def test_end_state_of_a_thankful_call(signals: SignalsStage) -> None:
    features = csat_features(signals(recovering_call()))
    assert features["last_speaker_agent"] == 0.0
    assert features["customer_thanks_last"] == 1.0
    assert features["customer_negative_last"] == 0.0
    assert features["last_agent_question"] == 1.0  # "anything else?"
    assert features["resolved"] == 1.0  # the signals stage: offer accepted with thanks
    assert features["n_turns"] == 6 and features["n_customer_turns"] == 3 and features["n_agent_turns"] == 3


def test_effort_and_repetition(signals: SignalsStage) -> None:
    repeating = csat_features(signals(repeating_call()))
    recovering = csat_features(signals(recovering_call()))
    assert repeating["customer_says_repeat"] == 1.0 and recovering["customer_says_repeat"] == 0.0
    assert repeating["customer_repeat_share"] > 0.4 and recovering["customer_repeat_share"] == 0.0
    assert repeating["customer_repeat_max"] > recovering["customer_repeat_max"]
    assert repeating["sim_customer_repeat_max"] > 0.8 > recovering["sim_customer_repeat_max"]
    assert repeating["agent_inability_last"] == 1.0 and recovering["agent_inability_last"] == 0.0
    assert repeating["customer_sentiment_slope"] < 0 < recovering["customer_sentiment_slope"]


ODD_SHAPES = {
    "customer_only": [
        scored("customer", "Your app has been down all morning, sort it out", -0.7),
        scored("customer", "Still waiting.", -0.4),
    ],
    "agent_only": [
        scored("agent", "Hello, this is Sam calling about your renewal.", 0.2),
        scored("agent", "Please call us back. Goodbye.", 0.1),
    ],
    "bot_only": [
        scored("bot", "Hi, I'm the virtual assistant. What can I help with?", 0.3),
        scored("customer", "where is my order", 0.0),
        scored("bot", "It arrives on Friday. Anything else?", 0.2),
        scored("customer", "no thanks", 0.2),
    ],
    "single_turn": [scored("customer", "How do I reset my password?", 0.0)],
    "empty_texts": [Turn("customer", ""), Turn("agent", "   ")],
    "system_only": [Turn("system", "Call transferred to queue: billing")],
    "no_turns": [],
}


@pytest.mark.parametrize("shape", sorted(ODD_SHAPES))
def test_odd_shapes_give_finite_features(signals: SignalsStage, shape: str) -> None:
    conversation = signals(Conversation(shape, list(ODD_SHAPES[shape]), channel="chat"))
    matrix = csat_feature_matrix([conversation])
    assert matrix.shape == (1, N_COLUMNS)
    assert np.all(np.isfinite(matrix))
    features = dict(zip(FEATURE_NAMES, matrix[0], strict=False))  # the named columns; embeddings follow
    has_text = any((t.text or "").strip() and t.speaker != "system" for t in conversation.turns)
    assert features["embedding_available"] == float(has_text)


def test_agent_only_call_has_no_customer_features(signals: SignalsStage) -> None:
    features = csat_features(signals(Conversation("a", list(ODD_SHAPES["agent_only"]))))
    assert features["n_customer_turns"] == 0 and features["customer_sentiment_mean"] == 0.0
    assert features["sim_answer_mean"] == 0.0 and features["agent_sentiment_mean"] == pytest.approx(0.15)


def test_no_sentiment_is_flagged_not_invented(signals: SignalsStage) -> None:
    """Without the classify stage the sentiment features are zeros and say so; a NaN score counts as neutral."""
    plain = Conversation("plain", [Turn("customer", "This is useless."), Turn("agent", "Sorry.")])
    features = csat_features(signals(plain))
    assert features["sentiment_available"] == 0.0 and features["customer_sentiment_min"] == 0.0
    odd = Conversation(
        "nan",
        [Turn("customer", "Hm.", sentiment="neutral", sentiment_score=float("nan"))],
    )
    assert np.all(np.isfinite(csat_feature_matrix([signals(odd)])))


def test_features_do_not_depend_on_the_other_calls_in_the_batch(
    signals: SignalsStage,
) -> None:
    alone = csat_feature_matrix([signals(recovering_call())])
    together = csat_feature_matrix([signals(repeating_call()), signals(recovering_call())])
    np.testing.assert_allclose(together[1], alone[0], atol=1e-5)
