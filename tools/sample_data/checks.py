"""Self-checks run before anything is written: the corpus must keep showing what the README promises.

Why: the sample data is the project's demo and a test input; a dialogue edit that drops the
only IVR menu or breaks a repeat-contact story should fail here, loudly, not in a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import timedelta
from itertools import pairwise

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.render import started, timed_turns

#: Public Luhn-valid test card numbers the dialogues use.
TEST_CARDS = ("4111 1111 1111 1111", "5555 5555 5555 4444", "6011 1111 1111 1117", "3782 822463 10005")

#: Phrases the signals and the README rely on; each must occur somewhere in the corpus.
REQUIRED_PHRASES = (
    "recorded for quality",
    "transfer you",
    "put you on hold",
    "thanks for holding",
    "supervisor",
    "manager",
    "survey",
    "sorry to hear",
    "frustrat",
    "i'll take care of",
    "anything else",
    "waiting 40 minutes",
    "switching to vodafone",
    "as i already told",
    "called on tuesday",
    "contract ends next month",
    "press 1",
    "<script>alert(1)</script>",
    "onerror=alert(1)",
    "four one one one",
    "double",
    "triple",
    " dot com",
    "go on",
    "that fixes it",
)

#: Customers who contact about one problem several times, each contact within 7 days of the last.
REPEAT_STORIES = {
    "cust-1042": "broadband dropping out every evening",
    "cust-3380": "parcel delivered to the wrong address",
    "cust-2217": "debit card declined",
    "cust-4402": "motor claim and the courtesy car",
    "cust-6010": "planned power outage",
}


class CorpusCheckError(ValueError):
    """The dialogues no longer show what the README promises."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise CorpusCheckError(message)


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", number)][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def contact_ids(dialogues: Sequence[Dialogue], customer_id: str) -> list[str]:
    """The customer's conversations in time order."""
    ordered = sorted(dialogues, key=lambda d: d.started_at)
    return [d.conversation_id for d in ordered if d.customer_id == customer_id]


def repeaters(dialogues: Sequence[Dialogue]) -> dict[str, int]:
    """Customers with two or more contacts, and how many."""
    counts: dict[str, int] = {}
    for d in dialogues:
        if d.customer_id:
            counts[d.customer_id] = counts.get(d.customer_id, 0) + 1
    return {cid: n for cid, n in counts.items() if n >= 2}


def check_corpus(dialogues: Sequence[Dialogue], known_formats: Collection[str]) -> None:
    """Raise `CorpusCheckError` naming the first promise the dialogues break."""
    _require(45 <= len(dialogues) <= 50, f"expected 45-50 conversations, found {len(dialogues)}")
    ids = [d.conversation_id for d in dialogues]
    _require(len(ids) == len(set(ids)), "duplicate conversation ids")
    for card in TEST_CARDS:
        _require(luhn_ok(card), f"test card {card} fails the Luhn check")
    for d in dialogues:
        n = len(d.turns)
        shortest = 2 if d.channel in ("email", "sms") else 8  # a thread of emails or texts is naturally short
        _require(shortest <= n <= 40, f"{d.conversation_id}: {n} turns, expected {shortest}-40")
        _require(d.started_at.startswith("2026-11-"), f"{d.conversation_id}: started_at outside November 2026")
        timed_turns(d)
    unknown = sorted({d.export_format for d in dialogues} - set(known_formats))
    _require(not unknown, f"no writer for export_format {unknown}")
    text = " ".join(" ".join(d.texts) for d in dialogues).lower()
    for phrase in REQUIRED_PHRASES:
        _require(phrase in text, f"no dialogue says {phrase!r} any more")
    _require(len(repeaters(dialogues)) >= 3, "need at least three repeat customers")
    for cid in REPEAT_STORIES:
        times = sorted(started(d) for d in dialogues if d.customer_id == cid)
        _require(len(times) >= 2, f"{cid}: a repeat story needs two or more contacts")
        gaps_ok = all(b - a <= timedelta(days=7) for a, b in pairwise(times))
        _require(gaps_ok, f"{cid}: contacts more than 7 days apart")
