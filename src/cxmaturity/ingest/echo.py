"""Echo and crosstalk: the same words on two channels at the same time become one turn.

A stereo recording whose channels both carry the mixed audio (or a headset that bleeds into
the other channel) gets transcribed twice: every utterance appears once per channel, under
opposite speakers, at overlapping times, with the small wording differences of two ASR
passes ("I'm just about my order" / "Just inquiring about my order"). Counted as is, the
call has twice the turns, the agent says everything the customer says, and talk-time,
interruptions and sentiment per side are all wrong.

Two fragments of different speakers are echoes of each other when one covers at least half
of the other's time and most of the words of the shorter one are in the other (for one-word copies, "Ok." / "Ok.",
"2405." / "245.": the same moment and nearly the same characters). Echoes form groups (one long turn may
echo two short ones); each group keeps the copies of one speaker: the one whose channel was
louder (`loudness_mean` in the fragment metadata, as Contact Lens and Call Analytics give it),
else the one that started first, which is the microphone the words were said into.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from cxmaturity.ingest.fragments import Fragment

# Share of the shorter fragment's distinct words found in the other for the two to be one utterance.
MIN_SHARED_WORDS = 0.6
# With fewer than MIN_WORDS content words on a side, all words count and nearly all must match.
MIN_SHARED_WORDS_FEW_CONTENT = 0.8
FUNCTION_WORDS = frozenset(
    "a an the and or but so to of in on at for with from by about as is are was were be been am it it's its this "
    "that these those i i'm i've i'll you you're your we we're our my me he she they them his her their yes yeah "
    "no not do does did can could will would just okay ok um uh oh".split()
)
# Fragments this short (distinct words) are too common to call echoes ("yeah", "okay thanks").
MIN_WORDS = 2
# Share of the shorter fragment's time the other must cover: a reply that follows, however
# close, or an agent repeating the caller's words ("Hello. Peter, how can I help?") is no echo.
MIN_OVERLAP = 0.5
MIN_SECONDS_PER_WORD = 0.3
# Timing tolerance between channels (seconds): two ASR passes cut the same speech slightly apart.
OVERLAP_SLACK_S = 0.5
# Below MIN_WORDS, copies must share this much of the shorter one's time and of their characters.
MIN_SHORT_OVERLAP = 0.4
MIN_SHORT_SIMILARITY = 0.75
_WORD = re.compile(r"[a-z0-9']+")


class _Span(NamedTuple):
    """A fragment with both times known: only these can be echoes."""

    label: str
    text: str
    start: float
    end: float
    metadata: Mapping[str, Any]


def merge_echo_fragments(fragments: Sequence[Fragment]) -> tuple[list[Fragment], int]:
    """Fragments with each echoed utterance kept once, and how many copies were dropped."""
    spans = {
        i: _Span(f.label, f.text, f.start, f.end, f.metadata)
        for i, f in enumerate(fragments)
        if f.start is not None and f.end is not None
    }
    timed = list(spans)
    if len({spans[i].label for i in timed}) < 2:
        return list(fragments), 0
    words = [set(_WORD.findall(f.text.lower())) for f in fragments]
    parent = list(range(len(fragments)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_start = sorted(timed, key=lambda i: spans[i].start)
    linked = False
    for position, i in enumerate(by_start):
        first = spans[i]
        for j in by_start[position + 1 :]:
            second = spans[j]
            if second.start > first.end + OVERLAP_SLACK_S:
                break
            if second.label == first.label or second.end < first.start - OVERLAP_SLACK_S:
                continue
            if (_overlap(first, second) >= MIN_OVERLAP and _same_words(words[i], words[j])) or _same_short_utterance(
                first, second
            ):
                parent[root(j)] = root(i)
                linked = True
    if not linked:
        return list(fragments), 0
    groups: dict[int, list[int]] = {}
    for i in timed:
        groups.setdefault(root(i), []).append(i)
    dropped: set[int] = set()
    for members in groups.values():
        if len({spans[i].label for i in members}) > 1:
            keep = _source_label([spans[i] for i in members])
            kept = [i for i in members if spans[i].label == keep]
            kept_words: set[str] = set().union(*(words[i] for i in kept))
            for i in members:
                if spans[i].label == keep:
                    continue
                # A copy goes only if what it says is said by the kept side; a long turn that merely
                # starts with an echo ("Can you, we can stop recording? ...") is speech of its own.
                short_copy = any(_same_short_utterance(spans[i], spans[k]) for k in kept)
                if _covered(words[i], kept_words) or short_copy:
                    dropped.add(i)
    return [f for i, f in enumerate(fragments) if i not in dropped], len(dropped)


def _same_words(a: set[str], b: set[str]) -> bool:
    """Content words decide ("the", "on", "account" shared by a question and its answer do not)."""
    content_a, content_b = a - FUNCTION_WORDS, b - FUNCTION_WORDS
    shorter = min(len(content_a), len(content_b))
    if shorter >= MIN_WORDS:
        return len(content_a & content_b) >= MIN_SHARED_WORDS * shorter
    shorter = min(len(a), len(b))
    return shorter >= MIN_WORDS and len(a & b) >= MIN_SHARED_WORDS_FEW_CONTENT * shorter


def _covered(words: set[str], by: set[str]) -> bool:
    content = words - FUNCTION_WORDS or words
    return bool(content) and len(content & by) >= MIN_SHARED_WORDS * len(content)


def _overlap(a: _Span, b: _Span) -> float:
    """Share of the shorter fragment's time that the other one covers (0 when they only touch)."""
    a_end, b_end = _plausible_end(a), _plausible_end(b)
    shorter = max(min(a_end - a.start, b_end - b.start), 1e-3)
    return max(0.0, min(a_end, b_end) - max(a.start, b.start)) / shorter


def _plausible_end(fragment: _Span) -> float:
    """The end, stretched when the source gives words less time than anyone can say them in
    (Contact Lens has "Thanks very much." lasting 40 ms)."""
    return max(fragment.end, fragment.start + MIN_SECONDS_PER_WORD * len(_WORD.findall(fragment.text.lower())))


def _same_short_utterance(a: _Span, b: _Span) -> bool:
    """ "Ok." / "Ok.", "2405." / "245.": short copies that cover the same moment and nearly the same characters."""
    if _overlap(a, b) < MIN_SHORT_OVERLAP:
        return False
    text_a, text_b = (" ".join(_WORD.findall(f.text.lower())) for f in (a, b))
    return bool(text_a and text_b) and SequenceMatcher(None, text_a, text_b).ratio() >= MIN_SHORT_SIMILARITY


def _source_label(group: Sequence[_Span]) -> str:
    """The speaker whose channel carried the utterance: louder if loudness is known, else earlier."""
    loudness: dict[str, list[float]] = {}
    for fragment in group:
        value = fragment.metadata.get("loudness_mean")
        if isinstance(value, (int, float)):
            loudness.setdefault(fragment.label, []).append(float(value))
    labels = {fragment.label for fragment in group}
    if set(loudness) == labels:
        return max(labels, key=lambda label: sum(loudness[label]) / len(loudness[label]))
    return min(group, key=lambda fragment: fragment.start).label
