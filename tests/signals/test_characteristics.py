"""Conversation characteristics from timestamps; null, never zero, without them."""

from __future__ import annotations

import json

import pytest

from cxmaturity.model import Conversation, Turn
from cxmaturity.signals import timing
from cxmaturity.signals.characteristics import CHARACTERISTIC_COLUMNS, characteristics


def _turn(speaker, text, start=None, end=None, score=None):
    turn = Turn(speaker, text, start, end)
    turn.sentiment_score = score
    return turn


VOICE = Conversation(
    "v-1",
    [
        _turn("ivr", "Welcome to Northwind, please say what you're calling about.", 0.0, 4.0),
        _turn("customer", "my broadband keeps dropping out every evening", 5.0, 8.0, score=-0.6),
        _turn(
            "agent", "Hi, thanks for holding, I'm sorry to hear that, let me run a line test for you now", 20.0, 26.0
        ),
        _turn("customer", "okay thanks", 25.5, 26.5, score=0.0),  # cuts in 0.5 s before the agent finishes
        _turn("agent", "the test shows a fault at the cabinet so I've booked an engineer for Thursday", 40.0, 46.0),
        _turn("customer", "brilliant that's great thank you so much", 47.0, 50.0, score=0.8),
    ],
    channel="voice",
)

CHAT = Conversation(
    "c-1",
    [
        Turn("customer", "hi my parcel hasn't arrived", 0.0, None),
        Turn("bot", "Sorry about that! Can I have your order number?", 4.0, None),
        Turn("customer", "[ORDER_NUMBER]", 30.0, None),
        Turn("agent", "Thanks, it's out for delivery today.", 90.0, None),
    ],
    channel="chat",
)


def _characteristics(conversation):
    return characteristics(conversation, timing.interruptions(conversation)[1])


def test_timed_voice_call():
    out = _characteristics(VOICE)
    assert out["automated_talk_s"] == 4.0 and out["agent_talk_s"] == 12.0
    assert out["customer_talk_s"] == pytest.approx(7.0)
    assert json.loads(out["non_talk_periods"]) == [[8.0, 20.0], [26.5, 40.0]]  # the 1 s gap at 4-5 s is below 3 s
    assert out["non_talk_s"] == pytest.approx(12.0 + 13.5)
    assert (out["agent_interruptions"], out["customer_interruptions"]) == (0, 1)
    assert out["agent_wpm"] == pytest.approx((18 + 15) / (12 / 60), abs=0.1)
    assert out["sentiment_q1"] == -0.6 and out["sentiment_q4"] == 0.8
    assert out["sentiment_change"] == pytest.approx(1.4)
    assert out["first_response_s"] is None  # response times are a messaging measure


def test_chat_response_times_from_message_times():
    out = _characteristics(CHAT)
    assert out["first_response_s"] == 4.0 and out["mean_response_s"] == pytest.approx((4.0 + 60.0) / 2)
    assert out["agent_talk_s"] is None and out["non_talk_periods"] is None  # no durations in chat


def test_untimed_conversation_gives_nulls_not_zeros():
    untimed = Conversation(
        "u-1", [_turn(t.speaker, t.text, score=t.sentiment_score) for t in VOICE.turns], channel="voice"
    )
    out = _characteristics(untimed)
    assert set(out) == set(CHARACTERISTIC_COLUMNS)
    assert all(value is None for value in out.values())
