"""Spoken-number normalisation with offsets back to the original characters.

Speech-to-text writes numbers the way people say them: "four one one one", "double five",
"oh seven seven", "nineteen eighty five", or a mix of digits and words ("4 1 1 one"). The
digit-based recognizers cannot see those, so we build a *view* of a turn in which every
run of spoken or written digits is collapsed into one digit string ("4111"), and keep for
each view character the span of original characters it came from. A match found in the
view maps back to the spoken words themselves, so the words are what gets redacted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

UNITS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "nought": "0",
    "nil": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
TEENS = {
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
}
TENS = {
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fourty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
REPEATERS = {"double": 2, "triple": 3, "treble": 3}
# Words that may sit inside a digit run without ending it ("four one, uh, one one").
RUN_GLUE = {"uh", "um", "er", "erm", "ah", "dash", "hyphen"}
# "oh" and "o" are zero only next to other digits ("oh seven seven"), never alone ("oh okay").
WEAK_ZEROES = {"oh", "o"}

_TOKEN = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")
# Words that start a number ("double" and "hundred" only extend one).
_NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS)


@dataclass(frozen=True, slots=True)
class DigitRun:
    """A run of digits (spoken, written or mixed) in the original text."""

    start: int  # original character offsets
    end: int
    digits: str
    spoken: bool  # at least one digit came from a word


@dataclass(frozen=True, slots=True)
class SpokenView:
    """A turn's text with digit runs collapsed, plus a character map back to the original."""

    original: str
    text: str
    starts: tuple[int, ...]  # view char index -> original start offset
    ends: tuple[int, ...]  # view char index -> original end offset
    runs: tuple[DigitRun, ...]
    # `number_tokens(original)`, kept so recognizers that read tokens (spoken postcodes) do not tokenise again.
    tokens: tuple[tuple[int, int, str, bool], ...]
    # The most `str.isdigit` characters either string holds: recognizers needing more skip the turn.
    digit_count: int

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) covering view characters [start, end)."""
        return self.starts[start], self.ends[end - 1]


def _number_tokens(text: str) -> list[tuple[int, int, str, bool]]:
    """Tokens as (start, end, digits_or_empty, is_weak); digits '' for a non-number token.

    Multi-word numbers ("forty five", "double five", "eight hundred") come back as one
    token covering all their words.
    """
    raw = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if not any(tok.isdigit() or tok.lower() in _NUMBER_WORDS for _, _, tok in raw):
        # Most turns say no number: every branch below that yields digits needs a digit or a number word.
        return [(start, end, "", False) for start, end, _ in raw]
    out: list[tuple[int, int, str, bool]] = []
    i = 0
    n = len(raw)
    while i < n:
        start, end, tok = raw[i]
        low = tok.lower()
        nxt = raw[i + 1][2].lower() if i + 1 < n else ""
        if tok.isdigit():
            out.append((start, end, tok, False))
            i += 1
        elif low in REPEATERS and (nxt in UNITS or nxt.isdigit() and len(nxt) == 1):
            digit = UNITS.get(nxt, nxt)
            out.append((start, raw[i + 1][1], digit * REPEATERS[low], False))
            i += 2
        elif low in TENS:
            # "forty five" / "forty-five" -> 45; "forty" -> 40
            j = i + 1
            if j < n and raw[j][2] == "-" and j + 1 < n:
                j += 1
            follow = raw[j][2].lower() if j < n else ""
            if follow in UNITS and follow not in WEAK_ZEROES and follow not in ("zero", "nought", "nil"):
                out.append((start, raw[j][1], TENS[low] + UNITS[follow], False))
                i = j + 1
            else:
                out.append((start, end, TENS[low] + "0", False))
                i += 1
        elif low in TEENS:
            out.append((start, end, TEENS[low], False))
            i += 1
        elif low in UNITS:
            # "eight hundred" -> 800, "two thousand" -> 2000
            if nxt == "hundred":
                rest = _hundred_remainder(raw, i + 2)
                if rest is None:
                    out.append((start, raw[i + 1][1], UNITS[low] + "00", False))
                    i += 2
                else:
                    # "one hundred and six" -> 106, as a house number or an amount
                    digits, next_index = rest
                    out.append((start, raw[next_index - 1][1], UNITS[low] + digits, False))
                    i = next_index
            elif nxt == "thousand":
                out.append((start, raw[i + 1][1], UNITS[low] + "000", False))
                i += 2
            else:
                out.append((start, end, UNITS[low], low in WEAK_ZEROES))
                i += 1
        else:
            out.append((start, end, "", False))
            i += 1
    return out


def _hundred_remainder(raw: list[tuple[int, int, str]], index: int) -> tuple[str, int] | None:
    """After "X hundred": "and six" -> ("06", next), "and forty two" -> ("42", next), else None."""
    if index + 1 >= len(raw) or raw[index][2].lower() != "and":
        return None
    word = raw[index + 1][2].lower()
    if word in TEENS:
        return TEENS[word], index + 2
    if word in TENS:
        follow = raw[index + 2][2].lower() if index + 2 < len(raw) else ""
        if follow in UNITS and follow not in WEAK_ZEROES and follow not in ("zero", "nought", "nil"):
            return TENS[word] + UNITS[follow], index + 3
        return TENS[word] + "0", index + 2
    if word in UNITS and word not in WEAK_ZEROES:
        return "0" + UNITS[word], index + 2
    return None


def number_tokens(text: str) -> list[tuple[int, int, str, bool]]:
    """Every token of `text` as (start, end, digits, is_weak_zero); digits is '' for a non-number."""
    return _number_tokens(text)


_GLUE_PUNCT = {",", "-", "(", ")"}


def _is_glue(text: str, tok: tuple[int, int, str, bool]) -> bool:
    word = text[tok[0] : tok[1]].lower()
    return word in RUN_GLUE or word in _GLUE_PUNCT


def _trim_weak_edges(text: str, toks: list[tuple[int, int, str, bool]]) -> list[tuple[int, int, str, bool]]:
    """Drop an "oh" that is an interjection at a run's edge ("oh, four one ...")."""
    while len(toks) > 1 and toks[0][3] and text[toks[0][1] : toks[1][0]].strip():
        toks = toks[1:]
    while len(toks) > 1 and toks[-1][3] and text[toks[-2][1] : toks[-1][0]].strip():
        toks = toks[:-1]
    return toks


def find_runs(text: str, tokens: list[tuple[int, int, str, bool]] | None = None) -> list[DigitRun]:
    """Maximal digit runs: number tokens joined by spaces, commas, dashes or fillers.

    `tokens` is `number_tokens(text)` when the caller has it already (`view_of` does).
    """
    runs: list[DigitRun] = []
    current: list[tuple[int, int, str, bool]] = []

    def flush() -> None:
        toks = _trim_weak_edges(text, current)
        if toks and any(not weak for *_, weak in toks):
            digits = "".join(d for _, _, d, _ in toks)
            spoken = any(not text[s:e].isdigit() for s, e, _, _ in toks)
            runs.append(DigitRun(toks[0][0], toks[-1][1], digits, spoken))
        current.clear()

    for tok in _number_tokens(text) if tokens is None else tokens:
        if tok[2]:
            current.append(tok)
        elif not (current and _is_glue(text, tok)):
            flush()
    flush()
    return runs


def view_of(text: str) -> SpokenView:
    """The digit-collapsed view of `text`, computed afresh (nothing is cached here).

    Redaction asks for the same turn's view many times (every digit recognizer, the cross-turn and
    solicited-answer passes): it shares one `SpokenViews` per batch instead of a module cache, so no
    raw turn text outlives the batch.
    """
    tokens = _number_tokens(text)
    runs = find_runs(text, tokens) if any(token[2] for token in tokens) else []  # runs are made of number tokens
    written_digits = sum(map(str.isdigit, text))
    if not runs:
        return SpokenView(
            text, text, tuple(range(len(text))), tuple(range(1, len(text) + 1)), (), tuple(tokens), written_digits
        )
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for run in runs:
        for i in range(pos, run.start):
            parts.append(text[i])
            starts.append(i)
            ends.append(i + 1)
        for s, e, digits in (t[:3] for t in tokens if t[2] and run.start <= t[0] < run.end):
            for ch in digits:
                parts.append(ch)
                starts.append(s)
                ends.append(e)
        pos = run.end
    for i in range(pos, len(text)):
        parts.append(text[i])
        starts.append(i)
        ends.append(i + 1)
    view = "".join(parts)
    digit_count = max(written_digits, sum(map(str.isdigit, view)))
    return SpokenView(text, view, tuple(starts), tuple(ends), tuple(runs), tuple(tokens), digit_count)


#: Where a caller gets a turn's view from: `view_of` itself, or a batch's shared `SpokenViews`.
ViewOf = Callable[[str], SpokenView]


class SpokenViews:
    """The views of one redaction batch, each computed once and shared by everything that reads it.

    A view holds its turn's raw text, so this belongs to the redaction call that fills it: `Redactor`
    owns one and clears it when each batch ends, on success or failure. At most `max_views` views are
    kept (a batch of 32 conversations' turns, with room to spare); past that a view is computed and not
    kept.
    """

    __slots__ = ("_views", "max_views")

    def __init__(self, max_views: int = 8192) -> None:
        self._views: dict[str, SpokenView] = {}
        self.max_views = max_views

    def __call__(self, text: str) -> SpokenView:
        view = self._views.get(text)
        if view is None:
            view = view_of(text)
            if len(self._views) < self.max_views:
                self._views[text] = view
        return view

    def __len__(self) -> int:
        return len(self._views)

    def clear(self) -> None:
        """Forget every view, and with them the batch's raw text."""
        self._views.clear()


_PREFIX_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def spelled_prefix_start(text: str, start: int, max_tokens: int = 6) -> int:
    """Where a reference's letter prefix begins before `start`: "h m t r v 441902", "TRK 6633 ...".

    Reference numbers are read out as spelled letters then digits ("o r d two oh two six", "h m pol
    nine nine"); the letters belong to the number. Walks back over single letters, all-caps codes of
    up to five letters, and a short lowercase code right after spelled letters ("h m pol").
    """
    tokens = list(_PREFIX_TOKEN.finditer(text[:start]))
    accepted: list[re.Match[str]] = []
    position = start
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 1 - max_tokens), -1):
        token = tokens[index]
        if text[token.end() : position].strip(" -") != "":
            break
        word = token.group()
        previous = tokens[index - 1].group() if index > 0 else ""
        previous_gap_ok = index > 0 and text[tokens[index - 1].end() : token.start()].strip(" -") == ""
        single = len(word) == 1 and (word.lower() not in ("a", "i") or bool(accepted))
        code = word.isupper() and 2 <= len(word) <= 5
        short_code = (
            word.islower()
            and 2 <= len(word) <= 4
            and not accepted
            and previous_gap_ok
            and len(previous) == 1
            and previous.lower() not in ("a", "i")
        )
        if not (single or code or short_code):
            break
        accepted.append(token)
        position = token.start()
    return position
