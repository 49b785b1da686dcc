"""A name found once is a name wherever it recurs in the conversation.

The agent uses the caller's name after hearing it ("thanks for calling ... gurleen, have a
lovely day"), and the caller thanks the agent by the name the agent introduced. Those later
mentions often come without any cue a recognizer could use, so every word of every PERSON
finding is looked for again across the conversation's turns. Everyday words are not
propagated: a caller called Will leaves "will" readable in "will you".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cxmaturity.redact import names

RECURRING_SCORE = 0.85
MIN_NAME_LETTERS = 3


@dataclass(frozen=True, slots=True)
class RecurringHit:
    turn: int
    start: int
    end: int
    score: float = RECURRING_SCORE


def find_recurring_names(texts: Sequence[str], person_spans: Sequence[tuple[int, int, int]]) -> list[RecurringHit]:
    """Other mentions of the words of `person_spans` (turn, start, end) anywhere in `texts`."""
    known: set[str] = set()
    for turn, start, end in person_spans:
        for word in names.NAME_WORD.findall(texts[turn][start:end]):
            if len(word) >= MIN_NAME_LETTERS and not names.is_everyday_word(word):
                known.add(names.fold(word))
    if not known:
        return []
    hits: list[RecurringHit] = []
    for turn, text in enumerate(texts):
        for match in names.NAME_WORD.finditer(text):
            if names.fold(match.group()) in known:
                hits.append(RecurringHit(turn, match.start(), match.end()))
    return hits
