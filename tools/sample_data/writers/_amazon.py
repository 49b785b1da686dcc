"""What Contact Lens and Transcribe Call Analytics compute alike: characteristics, categories, redactions.

Mirrors `cxmaturity.ingest.formats._aws_analytics`, which reads these blocks for both formats.
"""

from __future__ import annotations

from typing import Any

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.render import SENTIMENT_SCORE, TimedTurn, millis, timed_words, word_count

ACCOUNT_ID = "123456789012"
#: Silences at least this long are reported as non-talk time (holds, queue time).
NON_TALK_MIN_GAP_S = 10


def characteristics(turns: list[TimedTurn], labels: list[str]) -> dict[str, Any]:
    """ConversationCharacteristics as Contact Lens / Call Analytics compute them."""
    total = millis(turns[-1].end)
    roles = {"agent": "AGENT", "customer": "CUSTOMER"}
    overall: dict[str, float] = {}
    by_quarter: dict[str, list[dict[str, Any]]] = {}
    talk: dict[str, dict[str, int]] = {}
    words: dict[str, dict[str, int]] = {}
    for role, key in roles.items():
        idx = [i for i, t in enumerate(turns) if t.speaker == role]
        scores = [SENTIMENT_SCORE[labels[i]] for i in idx]
        overall[key] = round(sum(scores) / len(scores), 1) if scores else 0.0
        quarters = []
        for q in range(4):
            b, e = total * q // 4, total * (q + 1) // 4
            qs = [SENTIMENT_SCORE[labels[i]] * 2 for i in idx if b <= millis(turns[i].start) < e]
            quarters.append(
                {"BeginOffsetMillis": b, "EndOffsetMillis": e, "Score": round(sum(qs) / len(qs), 1) if qs else 0.0}
            )
        by_quarter[key] = quarters
        talk[key] = {"TotalTimeMillis": sum(millis(turns[i].end - turns[i].start) for i in idx)}
        spoken = sum(word_count(turns[i].text) for i in idx)
        minutes = sum(turns[i].end - turns[i].start for i in idx) / 60 or 1
        words[key] = {"AverageWordsPerMinute": int(spoken / minutes)}
    non_talk = [
        {
            "BeginOffsetMillis": millis(turns[i - 1].end),
            "EndOffsetMillis": millis(t.start),
            "DurationMillis": millis(t.start - turns[i - 1].end),
        }
        for i, t in enumerate(turns)
        if i and t.gap_before >= NON_TALK_MIN_GAP_S
    ]
    return {
        "TotalConversationDurationMillis": total,
        "Sentiment": {"OverallSentiment": overall, "SentimentByPeriod": {"QUARTER": by_quarter}},
        "Interruptions": {"InterruptionsByInterrupter": {}, "TotalCount": 0, "TotalTimeMillis": 0},
        "NonTalkTime": {"TotalTimeMillis": sum(n["DurationMillis"] for n in non_talk), "Instances": non_talk},
        "TalkSpeed": {"DetailsByParticipant": words},
        "TalkTime": {"TotalTimeMillis": sum(v["TotalTimeMillis"] for v in talk.values()), "DetailsByParticipant": talk},
    }


def voice_categories(dialogue: Dialogue, turns: list[TimedTurn]) -> dict[str, Any]:
    """Matched categories with the audio span of each turn that matched."""
    return {
        "MatchedCategories": list(dialogue.categories),
        "MatchedDetails": {
            name: {
                "PointsOfInterest": [
                    {"BeginOffsetMillis": millis(turns[i].start), "EndOffsetMillis": millis(turns[i].end)} for i in idx
                ]
            }
            for name, idx in dialogue.categories.items()
        },
    }


def redacted_timestamps(turn: TimedTurn) -> list[dict[str, int]]:
    """Audio spans of the `[PII]` tokens of a turn redacted at source."""
    return [
        {"BeginOffsetMillis": millis(s), "EndOffsetMillis": millis(e)}
        for tok, s, e in timed_words(turn)
        if tok == "[PII]"
    ]


def first_customer_turn(turns: list[TimedTurn]) -> int:
    """Where the analytics place the detected issue."""
    return next(i for i, t in enumerate(turns) if t.speaker == "customer")
