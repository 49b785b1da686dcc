"""Signals from turn timestamps: duration, handle time, talk/silence, talk share, overlaps, gaps.

Everything here is None when the transcript has no timestamps (chat exports often do not):
an unknown is not a zero. Talk share falls back to word counts so it exists for chat too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cxmaturity.model import Conversation, Turn

AGENT_SIDE = ("agent",)
# Metadata keys some exports use for the call's length and after-call work, in seconds.
DURATION_KEYS = ("duration_s", "duration", "call_duration", "contact_duration")
ACW_KEYS = ("after_call_work_s", "acw_s", "acw", "after_contact_work")


@dataclass(frozen=True)
class Gap:
    """Silence between the end of turn `after_turn` and the next turn's start."""

    after_turn: int
    seconds: float


@dataclass(frozen=True)
class TimedTurn:
    """A turn whose start and end are both known (start <= end), with its index in the conversation."""

    index: int
    turn: Turn
    start: float
    end: float

    @property
    def speaker(self) -> str:
        return self.turn.speaker


def timed_turns(turns: Sequence[Turn]) -> list[TimedTurn]:
    """The turns with usable timestamps, in conversation order."""
    return [
        TimedTurn(i, t, t.start, t.end)
        for i, t in enumerate(turns)
        if t.start is not None and t.end is not None and t.end >= t.start
    ]


def has_timestamps(conversation: Conversation) -> bool:
    return len(timed_turns(conversation.turns)) >= 2


def _metadata_seconds(metadata: Mapping[str, Any], keys: Sequence[str]) -> float | None:
    for key in keys:
        value = metadata.get(key)
        if isinstance(value, (int, float)) and value >= 0:
            return float(value)
    return None


def duration_s(conversation: Conversation) -> float | None:
    """Span of the conversation from its first to its last timed turn (or the export's own figure)."""
    timed = timed_turns(conversation.turns)
    if len(timed) >= 2 or (timed and timed[0].end > timed[0].start):
        return round(max(t.end for t in timed) - min(t.start for t in timed), 3)
    return _metadata_seconds(conversation.metadata, DURATION_KEYS)


def handle_time_s(conversation: Conversation) -> float | None:
    """Agent handle time: from the first human-agent turn to the end of the call (talk + hold),
    plus after-call work when the export records it. None for calls no human agent handled."""
    timed = timed_turns(conversation.turns)
    agent_starts = [t.start for t in timed if t.speaker in AGENT_SIDE]
    if not agent_starts:
        return None
    handled = max(t.end for t in timed) - min(agent_starts)
    acw = _metadata_seconds(conversation.metadata, ACW_KEYS) or 0.0
    return round(handled + acw, 3)


def merged_intervals(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping or touching (start, end) intervals merged, in time order."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def union_length(intervals: list[tuple[float, float]]) -> float:
    """Seconds covered by the intervals, overlaps counted once."""
    return sum(end - start for start, end in merged_intervals(intervals))


def talk_and_silence_ratio(conversation: Conversation) -> tuple[float | None, float | None]:
    """Share of the call's span during which somebody speaks, and its complement (silence)."""
    timed = timed_turns(conversation.turns)
    span = duration_s(conversation) if len(timed) >= 2 else None
    if not span:
        return None, None
    talk = min(1.0, union_length([(t.start, t.end) for t in timed]) / span)
    return round(talk, 4), round(1.0 - talk, 4)


def talk_shares(conversation: Conversation) -> tuple[float | None, float | None]:
    """Agent and customer shares of what was said: by speaking time when timed, else by words."""
    timed = timed_turns(conversation.turns)
    amount: dict[str, float] = {"agent": 0.0, "customer": 0.0}
    if len(timed) >= 2:
        for timed_turn in timed:
            if timed_turn.speaker in amount:
                amount[timed_turn.speaker] += timed_turn.end - timed_turn.start
    else:
        for turn in conversation.turns:
            if turn.speaker in amount:
                amount[turn.speaker] += len((turn.text or "").split())
    total = amount["agent"] + amount["customer"]
    if total <= 0:
        return None, None
    return round(amount["agent"] / total, 4), round(amount["customer"] / total, 4)


def interruptions(conversation: Conversation, min_overlap_s: float = 0.3) -> tuple[int | None, list[int]]:
    """Turns that start while the other party is still speaking (by at least `min_overlap_s`)."""
    timed = timed_turns(conversation.turns)
    if len(timed) < 2:
        return None, []
    fired: list[int] = []
    latest_end: dict[str, float] = {}
    for turn in sorted(timed, key=lambda item: (item.start, item.index)):
        for speaker, end in latest_end.items():
            if speaker != turn.speaker and end - turn.start >= min_overlap_s:
                fired.append(turn.index)
                break
        latest_end[turn.speaker] = max(latest_end.get(turn.speaker, turn.end), turn.end)
    return len(fired), sorted(fired)


def silence_gaps(conversation: Conversation, min_gap_s: float) -> list[Gap]:
    """Silences of at least `min_gap_s` between consecutive timed turns (candidate holds)."""
    timed = sorted(timed_turns(conversation.turns), key=lambda item: (item.start, item.index))
    gaps: list[Gap] = []
    reached: float | None = None
    for turn, following in zip(timed, timed[1:], strict=False):  # consecutive pairs: one fewer than turns
        reached = turn.end if reached is None else max(reached, turn.end)
        silence = following.start - reached
        if silence >= min_gap_s:
            gaps.append(Gap(after_turn=turn.index, seconds=round(silence, 3)))
    return gaps
