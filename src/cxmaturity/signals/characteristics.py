"""The conversation characteristics every analytics peer reports, from turn timestamps.

Talk time and pace per speaker, non-talk periods with their offsets, who interrupts whom,
chat response times and the customer's sentiment by quarter of the conversation, as Contact
Lens, CCAI Insights and their peers show them. Everything is computed from timestamps and is
None without them: an unknown is not a zero.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cxmaturity.model import AUTOMATED_SPEAKERS, Conversation, Turn
from cxmaturity.signals.timing import TimedTurn, merged_intervals, timed_turns, union_length

MESSAGING_CHANNELS = frozenset({"chat", "sms", "social"})
# The columns this module writes (docs/architecture.md lists them with their meaning).
CHARACTERISTIC_COLUMNS = (
    "agent_talk_s", "customer_talk_s", "automated_talk_s", "non_talk_s", "non_talk_periods",
    "agent_interruptions", "customer_interruptions", "agent_wpm", "customer_wpm",
    "first_response_s", "mean_response_s",
    "sentiment_q1", "sentiment_q2", "sentiment_q3", "sentiment_q4", "sentiment_change",
)  # fmt: skip


def _talk_seconds(spans: list[TimedTurn], speakers: frozenset[str]) -> float:
    return round(union_length([(t.start, t.end) for t in spans if t.speaker in speakers]), 3)


def _wpm(spans: list[TimedTurn], speaker: str) -> float | None:
    words = sum(len((t.turn.text or "").split()) for t in spans if t.speaker == speaker)
    seconds = sum(t.end - t.start for t in spans if t.speaker == speaker)
    return round(words / (seconds / 60.0), 1) if seconds > 0 and words else None


def _non_talk(spans: list[TimedTurn], min_s: float) -> tuple[float, list[list[float]]]:
    """Silences of at least `min_s` between the first and last word, with their offsets."""
    talk = merged_intervals([(t.start, t.end) for t in spans])
    periods = [
        [round(a_end, 3), round(b_start, 3)]
        for (_, a_end), (b_start, _) in zip(talk, talk[1:], strict=False)  # consecutive pairs
        if b_start - a_end >= min_s
    ]
    return round(sum(end - start for start, end in periods), 3), periods


def _response_times(turns: Sequence[Turn]) -> tuple[float | None, float | None]:
    """Seconds from a customer's message to the next agent or bot message: the first, and the mean."""
    waits: list[float] = []
    waiting_since: float | None = None
    for turn in turns:
        if turn.start is None:
            continue
        if turn.speaker == "customer" and waiting_since is None:
            waiting_since = turn.start
        elif turn.speaker in ("agent", *AUTOMATED_SPEAKERS) and waiting_since is not None:
            waits.append(max(0.0, turn.start - waiting_since))
            waiting_since = None
    if not waits:
        return None, None
    return round(waits[0], 3), round(sum(waits) / len(waits), 3)


def _sentiment_quarters(spans: list[TimedTurn]) -> list[float | None]:
    """The customer's mean sentiment in each quarter of the conversation's time span."""
    scored = [(t, t.turn.sentiment_score) for t in spans if t.speaker == "customer"]
    if not spans or all(score is None for _, score in scored):
        return [None] * 4
    first, last = min(t.start for t in spans), max(t.end for t in spans)
    length = last - first
    quarters: list[list[float]] = [[], [], [], []]
    for turn, score in scored:
        if score is None:
            continue
        middle = (turn.start + turn.end) / 2.0
        index = 0 if length <= 0 else min(3, int(4 * (middle - first) / length))
        quarters[index].append(float(score))
    return [round(sum(q) / len(q), 4) if q else None for q in quarters]


def characteristics(
    conversation: Conversation, interrupting_turns: Sequence[int], non_talk_min_s: float = 3.0
) -> dict[str, Any]:
    """Every characteristic column for one conversation (None where timestamps are missing).

    `interrupting_turns` are the turns that cut in on the other party (`timing.interruptions`,
    which the signals stage has already computed); here they are counted by who cut in.
    """
    out: dict[str, Any] = dict.fromkeys(CHARACTERISTIC_COLUMNS)
    if conversation.channel in MESSAGING_CHANNELS or conversation.channel is None:
        out["first_response_s"], out["mean_response_s"] = _response_times(conversation.turns)
    spans = timed_turns(conversation.turns)
    if len(spans) < 2:
        return out
    out["agent_talk_s"] = _talk_seconds(spans, frozenset({"agent"}))
    out["customer_talk_s"] = _talk_seconds(spans, frozenset({"customer"}))
    out["automated_talk_s"] = _talk_seconds(spans, AUTOMATED_SPEAKERS)
    non_talk_s, periods = _non_talk(spans, non_talk_min_s)
    out["non_talk_s"], out["non_talk_periods"] = non_talk_s, json.dumps(periods)
    cut_in = [conversation.turns[i].speaker for i in interrupting_turns]
    out["agent_interruptions"], out["customer_interruptions"] = cut_in.count("agent"), cut_in.count("customer")
    out["agent_wpm"], out["customer_wpm"] = _wpm(spans, "agent"), _wpm(spans, "customer")
    quarters = _sentiment_quarters(spans)
    out["sentiment_q1"], out["sentiment_q2"], out["sentiment_q3"], out["sentiment_q4"] = quarters
    known = [q for q in quarters if q is not None]
    out["sentiment_change"] = round(known[-1] - known[0], 4) if len(known) >= 2 else None
    return out
