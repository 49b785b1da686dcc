"""What every writer derives from a dialogue: timings, ids, tokens and vendor-style sentiment.

Why here and not in the writers: all formats must agree on when a turn starts, how it
tokenises and what a vendor would have labelled it, so a conversation rendered as WebVTT and
as Transcribe JSON is the same call. Nothing is random: "randomness" is uuid5 over fixed
names, so the committed files rebuild byte-for-byte.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from tools.sample_data.dialogue import Dialogue

NAMESPACE = uuid.UUID("6f1c2a9e-3d4b-4c1a-9e77-2b5d0c8a1f00")
TOKEN_RE = re.compile(r"\[PII\]|[\w@'.\-/#:]+(?<![.,:])|[.,?!:]")
PUNCTUATION_RE = re.compile(r"[.,?!:]")

#: Seconds between turns when the dialogue does not say (a reply, a chat message, a text, an email).
DEFAULT_GAP_S = {"voice": 0.6, "chat": 14.0, "sms": 90.0, "email": 4 * 3600.0}


@dataclass(frozen=True)
class TimedTurn:
    """A dialogue turn placed on the contact's clock (seconds from its start)."""

    prefix: str  # A, A2, C, B, I, S
    speaker: str  # canonical role
    text: str
    start: float
    end: float
    gap_before: float


# ---- deterministic stand-ins for randomness ------------------------------------------------


def stable_fraction(*parts: object) -> float:
    """A deterministic number in [0, 1) from its inputs (stand-in for randomness)."""
    digest = uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)).int
    return (digest % 10_000) / 10_000


def stable_uuid(*parts: object) -> str:
    """A vendor-style id that is the same on every run."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def confidence(*parts: object) -> float:
    """An ASR word confidence between 0.86 and 1."""
    return round(0.86 + 0.139 * stable_fraction(*parts), 4)


def loudness(n_seconds: int, *parts: object) -> list[float]:
    """One loudness score per second of a turn, as Amazon's analytics report them."""
    return [round(62 + 24 * stable_fraction(*parts, k), 2) for k in range(max(n_seconds, 1))]


# ---- timing ------------------------------------------------------------------------------


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text))


def default_gap(channel: str, index: int) -> float:
    if index == 0:
        return 0.0
    return DEFAULT_GAP_S.get(channel, 1.0)


def timed_turns(dialogue: Dialogue) -> list[TimedTurn]:
    """The dialogue's turns with start and end times: speech takes time, a written message is one instant."""
    turns: list[TimedTurn] = []
    clock = 0.0
    for i, line in enumerate(dialogue.turns):
        gap = line.gap if line.gap is not None else default_gap(dialogue.channel, i)
        start = clock + gap
        if dialogue.channel == "voice":
            duration = 0.9 + 0.34 * word_count(line.text) + 0.3 * stable_fraction(dialogue.conversation_id, i)
        else:
            duration = 0.0
        end = start + duration
        turns.append(TimedTurn(line.prefix, line.speaker, line.text, round(start, 2), round(end, 2), gap))
        clock = end
    return turns


def started(dialogue: Dialogue) -> datetime:
    return datetime.strptime(dialogue.started_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def millis(seconds: float) -> int:
    return int(round(seconds * 1000))


def hhmmss(seconds: float, sep: str) -> str:
    """Subtitle time stamp: `00:01:02.345` (WebVTT, sep ".") or `00:01:02,345` (SRT, sep ",")."""
    ms = millis(seconds)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def iso_ms(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


# ---- tokens ------------------------------------------------------------------------------


def tokens_of(text: str) -> list[str]:
    """ASR-style tokens: words (with their inner punctuation) and separate sentence punctuation."""
    return TOKEN_RE.findall(text)


def is_punctuation(token: str) -> bool:
    return PUNCTUATION_RE.fullmatch(token) is not None


def word_timings(turn: TimedTurn, tokens: list[str]) -> list[tuple[str, float | None, float | None]]:
    """Spread a turn's words evenly over its duration; punctuation gets no time, as in Transcribe."""
    words = [tok for tok in tokens if not is_punctuation(tok)]
    span = max(turn.end - turn.start, 0.3)
    step = span / max(len(words), 1)
    out: list[tuple[str, float | None, float | None]] = []
    k = 0
    for tok in tokens:
        if is_punctuation(tok):
            out.append((tok, None, None))
        else:
            s = turn.start + k * step
            out.append((tok, round(s, 3), round(s + step * 0.9, 3)))
            k += 1
    return out


def timed_words(turn: TimedTurn) -> list[tuple[str, float, float]]:
    """The spoken words of a turn with their times (punctuation dropped)."""
    return [(tok, s, e) for tok, s, e in word_timings(turn, tokens_of(turn.text)) if s is not None and e is not None]


def wrap(text: str, width: int = 70) -> list[str]:
    """Greedy word wrap for subtitle cues."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def display_name(dialogue: Dialogue, turn: TimedTurn) -> str:
    """How name-labelled formats (subtitles) show the speaker."""
    return {
        "A": dialogue.agent_name or "Agent",
        "A2": dialogue.agent2_name or dialogue.agent_name or "Agent",
        "C": dialogue.customer_name or "Customer",
        "B": "Bot",
        "I": "IVR",
        "S": "System",
    }[turn.prefix]


# ---- vendor sentiment --------------------------------------------------------------------

NEGATIVE_CUES = (
    "not good enough",
    "ridiculous",
    "useless",
    "fed up",
    "frustrat",
    "waiting",
    "seriously",
    "cancel",
    "switching",
    "never",
    "not acceptable",
    "no confirmation",
    "struggling",
    "lost",
    "declined",
    "damaged",
    "nobody",
    "didn't",
    "not happy",
    "too high",
    "scary",
    "died",
    "burst",
    "disappointing",
    "third time",
    "still",
    "gone up",
    "that's not",
    "not enough",
    "ugh",
    "problem",
)
POSITIVE_CUES = (
    "thank",
    "great",
    "perfect",
    "brilliant",
    "lovely",
    "wonderful",
    "relief",
    "appreciate",
    "that fixes it",
    "that's sorted",
    "cheers",
    "happy",
    "congratulations",
    "kind",
    "nice",
    "better",
)
SENTIMENT_SCORE = {"NEGATIVE": -2.5, "NEUTRAL": 0.0, "POSITIVE": 2.5, "MIXED": 0.0}


def sentiment_label(text: str) -> str:
    """The per-turn label a vendor export would carry; a keyword rule keeps the files reproducible."""
    low = text.lower()
    neg = sum(cue in low for cue in NEGATIVE_CUES)
    pos = sum(cue in low for cue in POSITIVE_CUES)
    if neg > pos:
        return "NEGATIVE"
    if pos > neg:
        return "POSITIVE"
    return "NEUTRAL"
