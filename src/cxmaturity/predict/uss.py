"""The USS satisfaction data (Sun et al., SIGIR 2021) as rated conversations.

Two views of the same dialogues. CALL level (`call_examples`, what the shipped CSAT model
learns): the whole dialogue WITHOUT its final "OVERALL" line, labelled with that line's votes,
the rating of the whole dialogue (a real transcript has no such line, so the model must never
see it). TURN level (`examples`, the paper's task, kept as a benchmark): for every USER turn,
the dialogue BEFORE that turn and the annotators' majority rating, ties going to the lower
rating (the paper's `argmax` over vote counts); there the OVERALL line is kept, as in the paper.
USER maps to the customer, SYSTEM to the agent. Files are read in place from ../shared/data/uss
and never copied.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cxmaturity.datasets import USS_PARTS, resolve_uss_dir
from cxmaturity.model import Conversation, Turn

PARTS: tuple[str, ...] = USS_PARTS
ROLE_TO_SPEAKER = {"USER": "customer", "SYSTEM": "agent"}
OVERALL = "OVERALL"  # the text of the dialogue-final USER line that rates the whole dialogue


@dataclass(frozen=True)
class UssDialogue:
    part: str
    index: int  # position of the dialogue in its file
    turns: tuple[Turn, ...]
    ratings: tuple[int | None, ...]  # majority rating per turn; None for SYSTEM turns
    votes: tuple[tuple[int, ...], ...] = ()  # every annotator's rating per turn; () for SYSTEM turns

    @property
    def overall_index(self) -> int | None:
        """Position of the final OVERALL line (the whole dialogue's rating), None without one."""
        last = len(self.turns) - 1
        if last >= 0 and self.turns[last].speaker == "customer" and self.turns[last].text == OVERALL:
            return last
        return None


def majority_rating(votes: list[int]) -> int:
    """Most frequent rating; ties go to the lowest (as the paper's code does)."""
    counts = np.bincount(np.asarray(votes) - 1, minlength=5)
    return int(counts.argmax()) + 1


def read_part(path: Path, part: str) -> list[UssDialogue]:
    """One sub-corpus file: tab-separated `ROLE, text, action, votes` lines, blank line between dialogues."""
    dialogues: list[UssDialogue] = []
    turns: list[Turn] = []
    ratings: list[int | None] = []
    all_votes: list[tuple[int, ...]] = []

    def flush() -> None:
        if turns:
            dialogues.append(UssDialogue(part, len(dialogues), tuple(turns), tuple(ratings), tuple(all_votes)))
        turns.clear()
        ratings.clear()
        all_votes.clear()

    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            flush()
            continue
        fields = line.split("\t")
        role = fields[0].strip().upper()
        if role not in ROLE_TO_SPEAKER or len(fields) < 2:
            raise ValueError(f"{path}: line {line_no}: unexpected role or too few fields")
        rating, votes = None, []
        if role == "USER":
            try:
                votes = [int(v) for v in (fields[3] if len(fields) > 3 else "").split(",") if v.strip()]
            except ValueError as exc:
                raise ValueError(f"{path}: line {line_no}: ratings are not integers") from exc
            if not votes or not all(1 <= v <= 5 for v in votes):
                raise ValueError(f"{path}: line {line_no}: USER turn without 1-5 ratings")
            rating = majority_rating(votes)
        turns.append(Turn(speaker=ROLE_TO_SPEAKER[role], text=fields[1].strip()))
        ratings.append(rating)
        all_votes.append(tuple(votes))
    flush()
    return dialogues


def load_uss(data_dir: Path, parts: tuple[str, ...] = PARTS) -> list[UssDialogue]:
    folder = resolve_uss_dir(data_dir)
    return [d for part in parts for d in read_part(folder / f"{part}.txt", part)]


def split_dialogues(
    dialogues: list[UssDialogue], seed: int, test_fraction: float = 0.2
) -> tuple[list[UssDialogue], list[UssDialogue]]:
    """Seeded split BY DIALOGUE, separately per sub-corpus (every part keeps its 20%)."""
    rng = np.random.default_rng(seed)
    train: list[UssDialogue] = []
    test: list[UssDialogue] = []
    for part in sorted({d.part for d in dialogues}):
        members = [d for d in dialogues if d.part == part]
        order = rng.permutation(len(members))
        n_test = int(round(len(members) * test_fraction))
        held = set(order[:n_test].tolist())
        for position, dialogue in enumerate(members):
            (test if position in held else train).append(dialogue)
    return train, test


@dataclass(frozen=True)
class Example:
    part: str
    dialogue: int
    turn_index: int
    rating: int
    conversation: Conversation


def examples(dialogue: UssDialogue) -> Iterator[Example]:
    """One example per USER turn: the conversation before it and the turn's rating."""
    for index, rating in enumerate(dialogue.ratings):
        if rating is None:
            continue
        conversation = Conversation(
            conversation_id=f"uss-{dialogue.part}-{dialogue.index}-{index}",
            turns=list(dialogue.turns[:index]),
            channel="chat",
        )
        yield Example(dialogue.part, dialogue.index, index, rating, conversation)


@dataclass(frozen=True)
class CallExample:
    """One whole dialogue as a call (no OVERALL line) and the dialogue's OVERALL rating."""

    part: str
    dialogue: int
    overall_mean: float  # mean of the annotators' OVERALL votes: the label
    overall_majority: int  # their majority, ties to the lower rating (reported alongside)
    conversation: Conversation


def call_example(dialogue: UssDialogue) -> CallExample | None:
    """The dialogue as a real transcript would show it: every turn before the OVERALL line, as
    fresh `Turn`s (stages annotate turns in place, so dialogues must not share them). None for a
    dialogue without an OVERALL line or without any turn before it."""
    index = dialogue.overall_index
    if not index:
        return None
    votes = dialogue.votes[index]
    turns = [Turn(speaker=t.speaker, text=t.text) for t in dialogue.turns[:index]]
    conversation = Conversation(conversation_id=f"uss-{dialogue.part}-{dialogue.index}", turns=turns, channel="chat")
    return CallExample(dialogue.part, dialogue.index, float(np.mean(votes)), majority_rating(list(votes)), conversation)


def call_examples(dialogues: list[UssDialogue]) -> list[CallExample]:
    """`call_example` of every dialogue that has an OVERALL rating, in order."""
    return [example for example in map(call_example, dialogues) if example is not None]
