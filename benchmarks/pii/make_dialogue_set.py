"""Generate an independent, dialogue-level evaluation set for PII redaction.

The set is written *independently of the project's recognizers*: the
templates, name lists and phrasings here were written by hand without looking
at the redaction code or its own evaluation set, so scores on this set are not
inflated by shared wording.  It models contact-centre calls (speech-to-text
style, lower case, numbers as words, disfluencies, backchannels, corrections)
and web chats (typed, figures, the odd typo) for banking, telecoms, utilities,
insurance, retail, travel and healthcare admin, in the UK and the US.

PII values are often spread over several turns (a card number given four
digits at a time between "go on" prompts).  Every piece is labelled with the
same ``value_id`` so a scorer can check whole values, not only pieces.

Run from the repository root::

    python benchmarks/pii/make_dialogue_set.py

It writes ``benchmarks/pii/dialogue_set.jsonl`` (one JSON object per turn, in
conversation order), validates it and prints a summary.  Standard library
only; the output is deterministic (fixed seed).
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dialogue_set_data as dialogue_data

SEED = 20240611
OUT_PATH = Path(__file__).resolve().parent / "dialogue_set.jsonl"

ENTITY_TYPES = (
    "CREDIT_CARD",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "ACCOUNT_NUMBER",
    "POSTCODE",
    "DATE_OF_BIRTH",
    "US_SSN",
    "UK_NINO",
    "CARD_CVV",
    "CARD_EXPIRY",
    "PIN",
    "SECURITY_ANSWER",
    "ADDRESS",
    "PERSON",
)
PATTERNS = (
    "cross_turn_prompted",
    "cross_turn_unprompted",
    "solicited_answer",
    "name_answer",
    "introduction",
    "single_turn",
    "read_back",
)
DIGIT_TYPES = {"CREDIT_CARD", "PHONE_NUMBER", "ACCOUNT_NUMBER", "CARD_CVV", "PIN", "US_SSN"}


# --------------------------------------------------------------------------
# Conversation model
# --------------------------------------------------------------------------


@dataclass
class Piece:
    """Label for one PII piece.  ``replace`` = how many digits already given
    for this value the piece corrects (0 = it appends)."""

    type: str
    pattern: str
    vid: str
    form: str
    replace: int = 0
    digits_ok: bool = True  # False for pieces whose digits we do not check


@dataclass
class Ent:
    """A span of text that is a PII piece."""

    text: str
    piece: Piece


Part = str | Ent


@dataclass
class Turn:
    speaker: str
    text: str
    ents: list[tuple[int, int, Piece]]


@dataclass
class Conv:
    """A conversation under construction."""

    cid: str
    channel: str
    locale: str
    sector: str
    rng: random.Random
    turns: list[Turn] = field(default_factory=list)
    n_values: int = 0
    expected: dict[str, str] = field(default_factory=dict)  # vid -> digits
    vtypes: dict[str, str] = field(default_factory=dict)
    lazy: bool = False  # chat customer who types lower case, no punctuation
    dmode: str = "single"  # customer's favourite way of reading digits
    facts: _Filler | None = None  # prices/times shared across one call
    zero: str = "oh"  # customer's word for 0

    @property
    def voice(self) -> bool:
        return self.channel == "voice"

    def new_vid(self, etype: str, digits: str | None = None) -> str:
        self.n_values += 1
        vid = f"v{self.n_values}"
        self.vtypes[vid] = etype
        if digits is not None:
            self.expected[vid] = digits
        return vid

    def add(self, speaker: str, *parts: Part) -> None:
        """Append a turn made of plain strings and entity pieces."""
        text = ""
        ents: list[tuple[int, int, Piece]] = []
        for part in parts:
            if isinstance(part, Ent):
                chunk = part.text
            else:
                chunk = self.style(part, speaker)
                if not chunk:
                    continue
            if text and not re.match(r"[,.?!;:']", chunk) and not text.endswith(" "):
                text += " "
            if isinstance(part, Ent):
                ents.append((len(text), len(text) + len(chunk), part.piece))
            text += chunk
        text = text.rstrip()
        if not text:
            return
        if (
            not self.voice
            and not (speaker == "customer" and self.lazy)
            and text[0].isalpha()
            and text[0].islower()
            and not (ents and ents[0][0] == 0)
        ):
            text = text[0].upper() + text[1:]
        self.turns.append(Turn(speaker, text, ents))

    def style(self, s: str, speaker: str = "agent") -> str:
        """Render plain (non-PII) text for the channel."""
        s = re.sub(r"\b([Tt]he) the\b", r"\1", s)
        if not self.voice and speaker == "customer" and self.lazy:
            s = re.sub(r"[.!?;:](?=\s|$)|,", "", s.lower())
            return typo(self, re.sub(r"\s+", " ", s).strip())
        if self.voice:
            s = strip_accents(s.lower()).replace("&", "and")
            s = re.sub(r"[,.?!;:\"]", "", s)
            s = re.sub(r"(?<=\w)/(?=\w)", " ", s)
            s = re.sub(r"\s+", " ", s).strip()
            return disfluent(self, s, speaker)
        s = re.sub(r"\b(uh|um|erm)\b ?", "", s, flags=re.IGNORECASE)
        if speaker == "customer":
            s = typo(self, s)
        s = re.sub(r"\bi\b", "I", s)
        s = re.sub(r"\bi(?=['’](m|ve|ll|d)\b)", "I", s)
        return re.sub(r"\s+", " ", s).strip()

    def ent(
        self,
        text: str,
        etype: str,
        pattern: str,
        vid: str,
        form: str | None = None,
        replace: int = 0,
        digits_ok: bool = True,
    ) -> Ent:
        if form is None:
            form = "spoken" if self.voice else "written"
        return Ent(text, Piece(etype, pattern, vid, form, replace, digits_ok))


def strip_accents(s: str) -> str:
    norm = unicodedata.normalize("NFKD", s)
    out = "".join(c for c in norm if not unicodedata.combining(c))
    return out.replace("ł", "l").replace("ı", "i").replace("Ł", "L")


# --------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------

UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORDINALS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
)
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def num_words(n: int) -> str:
    """0..9999 as words, UK style without 'and' inside hundreds for tens."""
    if n < 10:
        return UNITS[n]
    if n < 20:
        return TEENS[n - 10]
    if n < 100:
        t, u = divmod(n, 10)
        return TENS[t] + ("" if u == 0 else " " + UNITS[u])
    if n < 1000:
        h, r = divmod(n, 100)
        return UNITS[h] + " hundred" + ("" if r == 0 else " and " + num_words(r))
    th, r = divmod(n, 1000)
    return num_words(th) + " thousand" + ("" if r == 0 else (" and " if r < 100 else " ") + num_words(r))


def ordinal_words(n: int) -> str:
    if n <= 20:
        return ORDINALS[n]
    t, u = divmod(n, 10)
    if u == 0:
        return "thirtieth" if t == 3 else TENS[t][:-1] + "ieth"
    return TENS[t] + " " + ORDINALS[u]


def ordinal_figure(n: int) -> str:
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(partial: str) -> str:
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d
    raise AssertionError("unreachable")


def _digit_word(ch: str, zero: str) -> str:
    return zero if ch == "0" else UNITS[int(ch)]


def _pair_words(pair: str, zero: str) -> str:
    a, b = pair
    if a == "0":
        return ("double " + zero) if b == "0" else zero + " " + UNITS[int(b)]
    n = int(pair)
    return num_words(n)


def speak_digits(d: str, rng: random.Random, zero: str = "oh", mode: str | None = None) -> str:
    """Say a digit string the way people read numbers out on the phone."""
    if mode is None:
        mode = rng.choices(["single", "runs", "pairs", "mixed", "figures"], [30, 25, 20, 20, 5])[0]
    if mode == "figures":
        return " ".join(d) if rng.random() < 0.6 else d
    if mode == "single":
        return " ".join(_digit_word(c, zero) for c in d)
    if mode == "runs":
        out: list[str] = []
        i = 0
        while i < len(d):
            j = i
            while j < len(d) and d[j] == d[i]:
                j += 1
            run = j - i
            w = _digit_word(d[i], zero)
            if run == 1:
                out.append(w)
            elif run == 2:
                out.append("double " + w)
            elif run == 3:
                out.append("triple " + w)
            else:
                out.extend(["double " + w] * (run // 2) + ([w] if run % 2 else []))
            i = j
        return " ".join(out)
    # pairs / mixed
    chunks: list[str] = []
    i = 0
    if len(d) % 2 == 1:
        chunks.append(d[0])
        i = 1
    while i < len(d):
        chunks.append(d[i : i + 2])
        i += 2
    words: list[str] = []
    for ch in chunks:
        if len(ch) == 1:
            words.append(_digit_word(ch, zero))
        elif mode == "mixed" and rng.random() < 0.5:
            words.append(speak_digits(ch, rng, zero, "runs"))
        else:
            words.append(_pair_words(ch, zero))
    # "forty" followed by "six ..." would read as 46: say "four oh" instead
    for k in reversed(range(len(words) - 1)):
        if words[k] in TENS[2:] and words[k + 1].split()[0] in UNITS[1:]:
            words[k] = UNITS[TENS.index(words[k])] + " " + zero
    return " ".join(words)


_WORD_DIGIT = {w: str(i) for i, w in enumerate(UNITS)}
_WORD_DIGIT.update({"oh": "0", "o": "0", "nought": "0"})
_TEEN = {w: str(10 + i) for i, w in enumerate(TEENS)}
_TENS = {w: str(i) for i, w in enumerate(TENS) if w}
_IGNORE = {"uh", "um", "er", "erm", "and", "dash", "slash", "hyphen", "-", "/"}


def parse_digits(text: str) -> str:
    """Inverse of the speaking functions: spoken or written digits -> '0123'.

    Raises ValueError on a token it does not understand, so a bad label is
    caught by ``validate``.
    """
    toks = re.findall(r"[a-z]+|\d+", text.lower())
    out = ""
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.isdigit():
            out += t
        elif t in _IGNORE:
            pass
        elif t in ("double", "triple"):
            nxt = toks[i + 1]
            dig = nxt if nxt.isdigit() else _WORD_DIGIT[nxt]
            out += dig * (2 if t == "double" else 3)
            i += 1
        elif t in _WORD_DIGIT:
            out += _WORD_DIGIT[t]
        elif t in _TEEN:
            out += _TEEN[t]
        elif t in _TENS:
            if i + 1 < len(toks) and toks[i + 1] in _WORD_DIGIT and toks[i + 1] not in ("zero", "oh", "o", "nought"):
                out += _TENS[t] + _WORD_DIGIT[toks[i + 1]]
                i += 1
            else:
                out += _TENS[t] + "0"
        elif t == "hundred":
            out += "00"
        elif t == "thousand":
            out += "000"
        else:
            raise ValueError(f"cannot parse {t!r} in {text!r}")
        i += 1
    return out


def join_spoken(conv: Conv, groups: Sequence[str], render: Callable[[str], str]) -> str:
    """Say several groups in one breath without creating false numbers
    ("fifty three thirty" + "four ..." would read as thirty-four)."""
    out = [render(g) for g in groups]
    for i in reversed(range(len(out) - 1)):
        if out[i].split()[-1] in TENS[2:] and out[i + 1].split()[0] in UNITS[1:]:
            out[i] = (
                speak_digits(groups[i], conv.rng, conv.zero, "single")
                if groups[i].isdigit()
                else out[i] + " " + conv.zero
            )
    return " ".join(out)


def say_number(conv: Conv, d: str, mode: str | None = None, figures_in_voice: float = 0.04) -> str:
    """Digits for the channel: spoken words in voice, figures in chat."""
    if not conv.voice:
        return d
    if mode is None and conv.rng.random() < figures_in_voice:
        mode = "figures"
    return speak_digits(d, conv.rng, conv.zero, mode)


# --------------------------------------------------------------------------
# PII value generators
# --------------------------------------------------------------------------


def make_card(rng: random.Random) -> tuple[str, list[int]]:
    """A Luhn-valid card number and how people group it when reading it."""
    kind = rng.choices(
        ["visa", "mc", "mc2", "amex", "disc", "diners", "v13", "maestro19", "up17"], [40, 25, 6, 10, 5, 4, 3, 5, 2]
    )[0]
    prefix, length, groups = {
        "visa": ("4", 16, [4, 4, 4, 4]),
        "mc": (str(rng.randint(51, 55)), 16, [4, 4, 4, 4]),
        "mc2": (str(rng.randint(2221, 2720)), 16, [4, 4, 4, 4]),
        "amex": (rng.choice(["34", "37"]), 15, [4, 6, 5]),
        "disc": ("6011", 16, [4, 4, 4, 4]),
        "diners": (rng.choice(["36", "38"]), 14, [4, 6, 4]),
        "v13": ("4", 13, [4, 4, 5]),
        "maestro19": (rng.choice(["6759", "5018", "6763"]), 19, [4, 4, 4, 4, 3]),
        "up17": ("62", 17, [4, 4, 4, 5]),
    }[kind]
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    return luhn_complete(body), groups


def split_groups(d: str, sizes: Sequence[int]) -> list[str]:
    out, i = [], 0
    for n in sizes:
        out.append(d[i : i + n])
        i += n
    assert i == len(d)
    return out


def rand_digits(rng: random.Random, n: int, first_nonzero: bool = False) -> str:
    ds = [str(rng.randint(0, 9)) for _ in range(n)]
    if first_nonzero and ds[0] == "0":
        ds[0] = str(rng.randint(1, 9))
    # make repeated digits a bit more common so double/triple come up
    if n >= 3 and rng.random() < 0.35:
        k = rng.randrange(0, n - 1)
        ds[k + 1] = ds[k]
        if k + 2 < n and rng.random() < 0.3:
            ds[k + 2] = ds[k]
    return "".join(ds)


def make_phone(rng: random.Random, locale: str) -> tuple[str, list[int], str]:
    """(digits, spoken grouping, written form)."""
    if locale == "uk":
        kind = rng.choice(["mob", "mob", "mob", "man", "lon", "five"])
        if kind == "mob":
            d = "07" + rng.choice("3456789") + rand_digits(rng, 8)
            g = rng.choice([[5, 6], [5, 3, 3], [4, 3, 4]])
            w = rng.choice([f"{d[:5]} {d[5:]}", d, f"+44 {d[1:5]} {d[5:]}"])
        elif kind == "lon":
            d = "020" + rng.choice("378") + rand_digits(rng, 7)
            g = [3, 4, 4]
            w = f"{d[:3]} {d[3:7]} {d[7:]}"
        else:
            code = (
                rng.choice(["0161", "0113", "0117", "0121", "0131", "0141", "0114", "0151"])
                if kind == "man"
                else "01" + rand_digits(rng, 3, True)
            )
            d = code + rand_digits(rng, 11 - len(code), True)
            g = [len(code), 3, 11 - len(code) - 3]
            w = f"{d[:4]} {d[4:7]} {d[7:]}" if kind == "man" else f"{d[:5]} {d[5:]}"
        return d, g, w
    area = str(rng.randint(2, 9)) + rand_digits(rng, 2)
    d = area + str(rng.randint(2, 9)) + rand_digits(rng, 6)
    # no "(415) 555-0134": spans may not start with punctuation
    w = rng.choice([f"{d[:3]} {d[3:6]} {d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", f"{d[:3]}.{d[3:6]}.{d[6:]}", d])
    return d, [3, 3, 4], w


def make_sort_code(rng: random.Random) -> str:
    return rng.choice(["20", "40", "30", "60", "77", "08", "09", "11", "16", "83"]) + rand_digits(rng, 4)


def make_nino(rng: random.Random) -> str:
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
        second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    return first + second + rand_digits(rng, 6) + rng.choice("ABCD")


def make_ssn(rng: random.Random) -> str:
    area = rng.randint(1, 899)
    while area == 666:
        area = rng.randint(1, 899)
    return f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def make_uk_postcode(rng: random.Random) -> tuple[str, str]:
    area = rng.choice(dialogue_data.UK_POSTCODE_AREAS).upper()
    district = str(rng.randint(1, 29 if len(area) == 2 else 40))
    if rng.random() < 0.08 and len(district) == 1:
        district += rng.choice("ABEHMNPRVWXY")
    inward = str(rng.randint(0, 9)) + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
    return area + district, inward


def make_zip(rng: random.Random) -> str:
    return f"{rng.randint(1001, 99950):05d}"


# --------------------------------------------------------------------------
# Rendering values for the channel
# --------------------------------------------------------------------------


def spell(s: str, rng: random.Random, doubles: bool = True) -> str:
    """'kowalski' -> 'k o w a l s k i' (sometimes 'double l')."""
    letters = [c for c in strip_accents(s.lower()) if c.isalnum()]
    out: list[str] = []
    i = 0
    while i < len(letters):
        c = letters[i]
        if doubles and i + 1 < len(letters) and letters[i + 1] == c and rng.random() < 0.7:
            out.append("double " + (UNITS[int(c)] if c.isdigit() else c))
            i += 2
            continue
        out.append(UNITS[int(c)] if c.isdigit() else c)
        i += 1
    return " ".join(out)


def say_year(y: int, rng: random.Random, short_ok: bool = True) -> str:
    if y >= 2000:
        r = y - 2000
        opts = [
            f"two thousand and {num_words(r)}" if r else "two thousand",
            f"two thousand {num_words(r)}" if r else "two thousand",
        ]
        if r >= 10:
            opts.append("twenty " + num_words(r))
        if short_ok and 0 < r < 10:
            opts.append("oh " + UNITS[r])
        return rng.choice(opts)
    hi, lo = divmod(y, 100)
    lo_w = num_words(lo) if lo >= 10 else ("hundred" if lo == 0 else "oh " + UNITS[lo])
    full = num_words(hi) + " " + lo_w
    if short_ok and lo >= 10 and rng.random() < 0.4:
        return num_words(lo)
    return full


def render_dob(conv: Conv, y: int, m: int, d: int) -> str:
    rng = conv.rng
    us = conv.locale == "us"
    if not conv.voice:
        opts = [
            f"{d:02d}/{m:02d}/{y}",
            f"{d}/{m}/{y}",
            f"{d} {MONTHS[m - 1].title()} {y}",
            f"{d:02d}.{m:02d}.{str(y)[2:]}",
            f"{d:02d}-{m:02d}-{y}",
        ]
        if us:
            opts = [
                f"{m:02d}/{d:02d}/{y}",
                f"{m}/{d}/{y}",
                f"{MONTHS[m - 1].title()} {d}, {y}",
                f"{MONTHS[m - 1][:3].title()} {d} {y}",
                f"{m}-{d}-{str(y)[2:]}",
            ]
        return rng.choice(opts)
    yw = say_year(y, rng)
    mon = MONTHS[m - 1]
    dn = ordinal_words(d)
    mm = speak_digits(f"{m:02d}", rng, conv.zero, rng.choice(["single", "pairs"]))
    dd = speak_digits(f"{d:02d}", rng, conv.zero, rng.choice(["single", "pairs"]))
    if us:
        opts = [
            f"{mon} {dn} {yw}",
            f"{mon} {num_words(d)} {yw}",
            f"{mm} {dd} {yw}",
            f"{mon} {dn} {say_year(y, rng, False)}",
        ]
    else:
        opts = [
            f"the {dn} of {mon} {yw}",
            f"{dn} of {mon} {yw}",
            f"{dn} {mon} {yw}",
            f"{dd} {mm} {yw}",
            f"{num_words(d)} {num_words(m)} {yw}",
            f"{mon} the {dn} {yw}",
        ]
    return rng.choice(opts)


def render_postcode(conv: Conv, outward: str, inward: str) -> str:
    rng = conv.rng
    if not conv.voice:
        pc = f"{outward} {inward}" if rng.random() < 0.85 else outward + inward
        return pc.lower() if conv.lazy or rng.random() < 0.1 else pc
    letters = re.match(r"[A-Z]+", outward).group(0)
    rest = outward[len(letters) :]
    dig = re.match(r"\d+", rest).group(0)
    tail = rest[len(dig) :]
    dig_w = (
        num_words(int(dig))
        if len(dig) == 2 and rng.random() < 0.5 and (dig.endswith("0") is False or tail or inward[0] == "0")
        else " ".join(UNITS[int(c)] for c in dig)
    )
    parts = [" ".join(letters.lower()), dig_w]
    if tail:
        parts.append(tail.lower())
    parts.append(UNITS[int(inward[0])] if inward[0] != "0" else rng.choice(["zero", "oh"]))
    parts.append(spell(inward[1:], rng, doubles=True))
    return " ".join(parts)


def render_zip(conv: Conv, z: str) -> str:
    if not conv.voice:
        return z if conv.rng.random() < 0.85 else z + "-" + rand_digits(conv.rng, 4)
    return say_number(conv, z, conv.rng.choice(["single", "single", "runs", "mixed"]))


def render_nino(conv: Conv, n: str) -> str:
    rng = conv.rng
    if not conv.voice:
        return rng.choice([n, f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}", n.lower() if conv.lazy else n])
    return " ".join(
        [
            spell(n[:2], rng, False),
            speak_digits(n[2:8], rng, conv.zero, rng.choice(["single", "pairs", "runs"])),
            n[8].lower(),
        ]
    )


def render_ssn(conv: Conv, s: str) -> str:
    if not conv.voice:
        return conv.rng.choice([f"{s[:3]}-{s[3:5]}-{s[5:]}", s, f"{s[:3]} {s[3:5]} {s[5:]}"])
    rng = conv.rng
    return join_spoken(
        conv,
        (s[:3], s[3:5], s[5:]),
        lambda g: speak_digits(g, rng, conv.zero, rng.choice(["single", "single", "pairs", "runs"])),
    )


def render_expiry(conv: Conv, m: int, y: int) -> str:
    rng = conv.rng
    yy = y % 100
    if not conv.voice:
        return rng.choice(
            [f"{m:02d}/{yy:02d}", f"{m:02d}/{y}", f"{m}/{yy}", f"{MONTHS[m - 1][:3].title()} {y}", f"{m:02d}-{yy:02d}"]
        )
    mw = rng.choice([speak_digits(f"{m:02d}", rng, conv.zero, "single"), num_words(m), MONTHS[m - 1]])
    yw = rng.choice([num_words(yy), "twenty " + num_words(yy), say_year(y, rng, False)])
    return rng.choice([f"{mw} {yw}", f"{mw} slash {yw}", f"{mw} {yw}"])


def make_email(rng: random.Random, given: str, family: str, locale: str) -> str:
    g = re.sub(r"[^a-z]", "", strip_accents(given.lower()))
    f = re.sub(r"[^a-z]", "", strip_accents(family.lower()))
    num = str(rng.choice([rng.randint(1, 99), rng.randint(1955, 2005)]))
    local = rng.choice(
        [
            f"{g}.{f}",
            f"{g}{f}",
            f"{g[0]}{f}{num}",
            f"{g}_{f}{num}",
            f"{g}{num}",
            f"{f}.{g[0]}",
            f"{g}-{f}",
            f"the.{f}s",
            f"{g[:4]}{f[:3]}{num}",
        ]
    )
    doms = dialogue_data.EMAIL_DOMAINS_UK if locale == "uk" else dialogue_data.EMAIL_DOMAINS_US
    if rng.random() < 0.1:
        dom = rng.choice(["hartleyplumbing.co.uk", "mehta-associates.com", "nhs.net", "stjudes.org"])
    else:
        dom = rng.choice(doms)
    return f"{local}@{dom}"


def render_email(conv: Conv, email: str) -> str:
    rng = conv.rng
    if not conv.voice:
        return email if rng.random() < 0.9 else email.capitalize()
    local, dom = email.split("@")
    words: list[str] = []
    for tok in re.findall(r"[a-z]+|\d+|[._-]", local):
        if tok == ".":
            words.append("dot")
        elif tok == "_":
            words.append("underscore")
        elif tok == "-":
            words.append(rng.choice(["hyphen", "dash"]))
        elif tok.isdigit():
            words.append(
                speak_digits(tok, rng, conv.zero, "pairs" if len(tok) <= 2 else rng.choice(["pairs", "single"]))
            )
        elif len(tok) <= 2 or (len(tok) <= 6 and rng.random() < 0.15):
            words.append(spell(tok, rng))
        else:
            words.append(tok)
    dw = " dot ".join(dom.split("."))
    return " ".join(words) + " at " + dw


# --------------------------------------------------------------------------
# Precision material: numbers and names that are NOT PII
# --------------------------------------------------------------------------

ABROAD = (
    "spain",
    "tenerife",
    "florida",
    "dubai",
    "new york",
    "mexico",
    "portugal",
    "turkey",
    "canada",
    "paris",
    "amsterdam",
    "lanzarote",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


PRICES = (4, 9, 12, 15, 19, 24, 29, 35, 39, 45, 49, 60, 75, 89, 120, 249, 310)


def price(conv: Conv, whole: int | None = None) -> str:
    rng = conv.rng
    uk = conv.locale == "uk"
    if whole is None:
        whole = rng.choice(PRICES)
    pence = rng.choice([0, 0, 50, 99, 99, 49, 25, 10])
    if not conv.voice:
        sym = "£" if uk else "$"
        return f"{sym}{whole}" if pence == 0 else f"{sym}{whole}.{pence:02d}"
    unit, sub = ("pounds", "p") if uk else ("dollars", "cents")
    ww = num_words(whole)
    if pence == 0:
        return rng.choice([f"{ww} {unit}", ww, f"{ww} quid" if uk else f"{ww} bucks"])
    pw = num_words(pence)
    return rng.choice([f"{ww} {pw}", f"{ww} {unit} {pw}", f"{ww} {unit} and {pw} {sub}"])


def clock(conv: Conv, h: int | None = None) -> str:
    rng = conv.rng
    if h is None:
        h = rng.randint(8, 17)
    m = rng.choice([0, 0, 15, 30, 45, 10, 20])
    ap = "am" if h < 12 else "pm"
    h12 = h if h <= 12 else h - 12
    if not conv.voice:
        return rng.choice(
            [f"{h12}:{m:02d}{ap}", f"{h12}{ap}" if m == 0 else f"{h12}:{m:02d}", f"{h}:{m:02d}", f"{h12}:{m:02d} {ap}"]
        )
    hw = num_words(h12)
    nxt = num_words(h12 % 12 + 1)
    if m == 0:
        return rng.choice([f"{hw} o'clock", hw, f"{hw} {ap}", f"{hw} in the {'morning' if h < 12 else 'afternoon'}"])
    if m == 30:
        return rng.choice([f"half past {hw}", f"{hw} thirty", f"half {hw}"])
    if m == 15:
        return rng.choice([f"quarter past {hw}", f"{hw} fifteen"])
    if m == 45:
        return rng.choice([f"quarter to {nxt}", f"{hw} forty five"])
    return rng.choice([f"{num_words(m)} past {hw}", f"{hw} {num_words(m)}"])


def appt_date(conv: Conv) -> str:
    rng = conv.rng
    day = rng.randint(1, 28)
    wd = rng.choice(WEEKDAYS)
    mon = rng.choice(MONTHS)
    if not conv.voice:
        return rng.choice(
            [
                f"next {wd.title()}",
                f"{wd.title()} {ordinal_figure(day)}",
                f"{day}/{rng.randint(1, 12)}",
                f"{ordinal_figure(day)} {mon.title()}",
                "tomorrow",
                f"{wd.title()} the {ordinal_figure(day)}",
            ]
        )
    return rng.choice(
        [
            f"next {wd} the {ordinal_words(day)}",
            f"{wd} the {ordinal_words(day)}",
            "tomorrow",
            f"the {ordinal_words(day)} of {mon}",
            f"this {wd}",
            f"{mon} {ordinal_words(day)}",
            f"{wd}",
            "first thing tomorrow",
        ]
    )


def past_date(conv: Conv) -> str:
    rng = conv.rng
    day = rng.randint(1, 28)
    wd = rng.choice(WEEKDAYS)
    if not conv.voice:
        return rng.choice(
            [
                f"last {wd.title()}",
                "yesterday",
                f"on the {ordinal_figure(day)}",
                f"on {wd.title()}",
                "a couple of days ago",
            ]
        )
    return rng.choice(
        [
            f"last {wd}",
            "yesterday",
            f"on the {ordinal_words(day)}",
            f"on {wd}",
            "the other day",
            "a couple of days ago",
            "yesterday morning",
        ]
    )


def duration(conv: Conv) -> str:
    rng = conv.rng
    n, unit = rng.choice(
        [
            (45, "minutes"),
            (20, "minutes"),
            (2, "hours"),
            (48, "hours"),
            (10, "minutes"),
            (1, "hour"),
            (90, "minutes"),
            (24, "hours"),
            (30, "minutes"),
            (3, "hours"),
        ]
    )
    if not conv.voice:
        short = {"minutes": "mins", "hours": "hrs", "hour": "hr", "months": "months"}[unit]
        return rng.choice([f"{n} {unit}", f"{n} {short}", f"{n}{short}"])
    if n == 1:
        return rng.choice(["an hour", "about an hour", "one hour"])
    return rng.choice([f"{num_words(n)} {unit}", f"about {num_words(n)} {unit}"])


def say_meter(conv: Conv) -> str:
    """A meter reading: a digit string that is not PII."""
    d = rand_digits(conv.rng, 5)
    if not conv.voice:
        return d
    return speak_digits(d, conv.rng, conv.zero, conv.rng.choice(["single", "pairs"])) + conv.rng.choice(
        ["", "", " point " + UNITS[conv.rng.randint(0, 9)]]
    )


def small_num(conv: Conv, lo: int = 2, hi: int = 14) -> str:
    n = conv.rng.randint(lo, hi)
    return num_words(n) if conv.voice else str(n)


def percent(conv: Conv) -> str:
    n = conv.rng.choice([5, 8, 10, 12, 15, 20, 30, 40])
    half = conv.rng.random() < 0.15
    if not conv.voice:
        return f"{n}.5%" if half else f"{n}%"
    return num_words(n) + (" point five" if half else "") + " percent"


def data_allow(conv: Conv) -> str:
    n = conv.rng.choice([5, 10, 20, 30, 50, 100])
    if conv.rng.random() < 0.15:
        return "unlimited data"
    if not conv.voice:
        return conv.rng.choice([f"{n}GB", f"{n} GB", f"{n} gigs"])
    return f"{num_words(n)} " + conv.rng.choice(["gigs", "gig", "gigabytes", "gig of data"])


class _Filler(dict):
    """Placeholder values generated on demand, in the channel's style."""

    def __init__(self, conv: Conv) -> None:
        super().__init__()
        self.conv = conv

    def __missing__(self, key: str) -> str:
        c, rng = self.conv, self.conv.rng
        uk = c.locale == "uk"
        gens: dict[str, Callable[[], str]] = {
            "price": lambda: price(c, self.setdefault("_p", rng.choice(PRICES[6:]))),
            "price2": lambda: price(c, rng.choice([x for x in PRICES[:9] if x < self.setdefault("_p", 60)])),
            "time": lambda: clock(c, self.setdefault("_h", rng.randint(8, 14))),
            "time2": lambda: clock(c, self.setdefault("_h", rng.randint(8, 14)) + rng.randint(2, 4)),
            "appt": lambda: appt_date(c),
            "dur": lambda: duration(c),
            "past": lambda: past_date(c),
            "dur_long": lambda: (
                (f"{num_words(n)} months" if c.voice else f"{n} months") if (n := rng.choice([3, 5, 7, 11, 14])) else ""
            ),
            "dur2": lambda: small_num(c, 2, 10),
            "days": lambda: small_num(c, 7, 30),
            "qty": lambda: small_num(c, 2, 9),
            "qty2": lambda: small_num(c, 10, 99),
            "qtybig": lambda: small_num(c, 20, 900),
            "reading": lambda: say_meter(c),
            "reading2": lambda: say_meter(c),
            "pct": lambda: percent(c),
            "data": lambda: data_allow(c),
            "place": lambda: rng.choice(dialogue_data.UK_PLACES if uk else dialogue_data.US_PLACES),
            "place_abroad": lambda: rng.choice(ABROAD),
            "product": lambda: rng.choice(dialogue_data.PRODUCTS[c.sector]),
            "company2": lambda: rng.choice(sum(dialogue_data.COMPANIES[rng.choice(list(dialogue_data.COMPANIES))], ())),
            "month": lambda: rng.choice(MONTHS),
            "ordinal": lambda: ordinal_words(rng.randint(1, 30)) if c.voice else ordinal_figure(rng.randint(1, 30)),
            "year": lambda: say_year(rng.randint(2015, 2024), rng, False) if c.voice else str(rng.randint(2015, 2024)),
        }
        val = gens[key]()
        if not c.voice and key in ("place", "place_abroad", "company2", "month"):
            val = " ".join(w if w in ("and", "the", "of") else w[:1].upper() + w[1:] for w in val.split())
        self[key] = val
        return val


def fill(conv: Conv, template: str) -> str:
    """Fill {placeholders}; repeated names in one template get one value."""
    return template.format_map(conv.facts if conv.facts is not None else _Filler(conv))


def company(conv: Conv) -> str:
    uk, us = dialogue_data.COMPANIES[conv.sector]
    name = conv.rng.choice(uk if conv.locale == "uk" else us)
    if conv.voice:
        return name
    return " ".join(
        w if w in ("and", "the", "&") else "UK" if w == "uk" else w[:1].upper() + w[1:] for w in name.split()
    )


# --------------------------------------------------------------------------
# People and names
# --------------------------------------------------------------------------

CULTURE_WEIGHTS = {
    "british": 12,
    "irish": 5,
    "american": 6,
    "indian": 8,
    "pakistani": 5,
    "bangladeshi": 3,
    "nigerian": 6,
    "ghanaian": 3,
    "somali": 3,
    "chinese": 4,
    "vietnamese": 3,
    "korean": 3,
    "japanese": 2,
    "filipino": 3,
    "polish": 5,
    "romanian": 3,
    "portuguese": 3,
    "brazilian": 3,
    "mexican": 4,
    "spanish": 3,
    "italian": 3,
    "greek": 2,
    "turkish": 3,
    "arabic": 4,
    "persian": 3,
    "jamaican": 3,
}


@dataclass
class Person:
    given: str
    family: str
    vid: str | None = None  # value id once the name has been said
    title: str = ""  # "mr"/"mrs"/... only when the gender is known
    gender: str = ""  # "f", "m" or "" (not known to the writer)
    said: set[str] = field(default_factory=set)  # which parts have been said

    def knows(self, part: str) -> bool:
        """Has this part of the name come up in the conversation yet?"""
        return part in self.said or "full" in self.said

    @property
    def he(self) -> str:
        return {"f": "she", "m": "he"}.get(self.gender, "they")

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}"


def make_person(rng: random.Random, locale: str, gender: str | None = None) -> Person:
    w = dict(CULTURE_WEIGHTS)
    if locale == "us":
        w.update(american=14, mexican=9, british=4, irish=3)
    cultures = list(w)
    cul = rng.choices(cultures, [w[c] for c in cultures])[0]
    given = rng.choice(dialogue_data.NAMES[cul][0])
    fam_cul = cul if rng.random() < 0.85 else rng.choices(cultures, [w[c] for c in cultures])[0]
    family = rng.choice(dialogue_data.NAMES[fam_cul][1])
    if gender is None:
        gender = rng.choice(["f", "m"]) if rng.random() < 0.5 else ""
    if gender:
        given = rng.choice(dialogue_data.FEMALE_GIVEN if gender == "f" else dialogue_data.MALE_GIVEN)
    elif rng.random() < 0.05:
        given = rng.choice(dialogue_data.WORDLIKE_GIVEN)
    title = ""
    if gender == "m":
        title = "mr"
    elif gender == "f":
        title = rng.choice(["mrs", "ms", "miss", "mrs"] if locale == "uk" else ["mrs", "ms"])
    return Person(given, family, None, title, gender)


def proper(name: str) -> str:
    """Typed capitalisation: o'donnell -> O'Donnell, al-rashid -> Al-Rashid."""
    words = []
    for w in name.split(" "):
        if w in ("de", "dos", "da", "van", "der"):
            words.append(w)
            continue
        subs = re.split(r"([-'])", w)
        out = []
        for sub in subs:
            if sub.startswith("mc") and len(sub) > 3:
                out.append("Mc" + sub[2:3].upper() + sub[3:])
            else:
                out.append(sub[:1].upper() + sub[1:])
        words.append("".join(out))
    return " ".join(words)


def name_text(conv: Conv, name: str, speaker: str = "agent") -> str:
    """A name as it appears in the transcript for this channel/speaker."""
    if conv.voice:
        return strip_accents(name.lower())
    if speaker == "customer" and (conv.lazy or conv.rng.random() < 0.1):
        return name.lower()
    return proper(name)


# --------------------------------------------------------------------------
# Small talk pieces: fillers, backchannels, disfluencies
# --------------------------------------------------------------------------


def pick(conv: Conv, *opts: str) -> str:
    return conv.rng.choice(opts)


def um(conv: Conv, p: float = 0.3) -> str:
    if not conv.voice or conv.rng.random() > p:
        return ""
    return conv.rng.choice(["um", "uh", "erm", "so", "uh so", "um yeah"])


def backchannel(conv: Conv) -> str:
    if conv.voice:
        return pick(
            conv,
            "mm hm",
            "uh huh",
            "yep",
            "right",
            "okay",
            "okay go on",
            "got it",
            "yeah",
            "lovely",
            "mm",
            "yep go on",
            "okay yep",
            "great",
            "perfect",
            "that's it",
            "sure",
        )
    return pick(conv, "Thanks", "Got it", "OK", "Great, thanks", "Perfect", "Thank you")


def go_on(conv: Conv, nxt: int = 4) -> str:
    if conv.voice:
        n = num_words(nxt)
        return pick(
            conv,
            "go on",
            "okay go on",
            "mm hm go on",
            f"next {n} please",
            f"and the next {n}",
            "and then",
            "yep and the next bit",
            "okay and the next lot",
            "carry on",
            "that's fine keep going",
            f"okay the next {n}",
            "uh huh",
            "yep",
            "and after that",
        )
    return pick(conv, "Go on", "OK, next?", "Thanks, and the rest?", "Got it, next part?")


def cust_ack(conv: Conv) -> str:
    """Customer's short acknowledgement."""
    if conv.voice:
        return pick(
            conv,
            "okay",
            "right",
            "mm hm",
            "yeah",
            "okay yep",
            "ah okay",
            "oh right",
            "fair enough",
            "okay thanks",
            "uh huh",
            "yeah okay",
        )
    return pick(conv, "ok", "Ok thanks", "right", "Okay", "ah ok", "Great")


def cust_lead(conv: Conv) -> str:
    """Optional short lead-in before a customer's answer."""
    if conv.voice:
        return conv.rng.choice(
            ["", "", "", "it's", "yeah it's", "uh", "um", "yep", "okay so it's", "that's", "right so", "yeah"]
        )
    return conv.rng.choice(["", "", "", "It's", "Sure,", "yes it's", "ok"])


_NUMWORD = re.compile(
    r"^(\d.*|zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|\w+teen|\w+ty|hundred|thousand|and|point|double|triple|"
    r"pounds|dollars|p|cents|percent|quid)$"
)
_FILLERS = ("um", "uh", "you know", "like", "i mean", "sort of", "erm")


def disfluent(conv: Conv, s: str, speaker: str) -> str:
    """Sprinkle fillers and stutters into plain voice text."""
    rng = conv.rng
    words = s.split()
    if speaker not in ("agent", "customer") or len(words) < 4:
        return s
    p = 0.28 if speaker == "customer" else 0.12
    if rng.random() < p:
        k = rng.randrange(1, len(words))
        if not (_NUMWORD.match(words[k - 1]) or _NUMWORD.match(words[k])):
            words.insert(k, rng.choice(_FILLERS if speaker == "customer" else ("um", "uh", "erm")))
    if rng.random() < p / 2:
        k = rng.randrange(0, len(words))
        if words[k] in (
            "i",
            "the",
            "it's",
            "so",
            "and",
            "a",
            "we",
            "that",
            "it",
            "my",
            "to",
            "i'm",
            "was",
            "is",
            "you",
        ):
            words.insert(k, words[k])
    return " ".join(words)


def typo(conv: Conv, s: str) -> str:
    """The odd typing slip in a chat customer's plain text."""
    rng = conv.rng
    words = s.split(" ")
    cands = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 5]
    if not cands or rng.random() > 0.12:
        return s
    i = rng.choice(cands)
    w = words[i]
    k = rng.randrange(1, len(w) - 2)
    kind = rng.random()
    if kind < 0.5:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    elif kind < 0.8:
        w = w[:k] + w[k + 1 :]
    else:
        w = w[:k] + w[k] + w[k:]
    words[i] = w
    return " ".join(words)


# --------------------------------------------------------------------------
# Templates: "{X}" upper-case markers are entities, lower-case are fillers
# --------------------------------------------------------------------------


def parts_of(conv: Conv, template: str, ents: dict[str, Ent]) -> list[Part]:
    f = conv.facts if conv.facts is not None else _Filler(conv)
    out: list[Part] = []
    for i, seg in enumerate(re.split(r"\{([A-Z][A-Z0-9_]*)\}", template)):
        if i % 2 == 1:
            out.append(ents[seg])
        elif seg.strip():
            out.append(seg.format_map(f).strip())
    return out


def say(conv: Conv, speaker: str, template: str, **ents: Ent) -> None:
    conv.add(speaker, *parts_of(conv, template, ents))


@dataclass
class Call:
    """Who is on the call plus a few running facts."""

    conv: Conv
    cust: Person
    agent: Person | None
    company: str
    asker: str = "agent"  # "agent", or "bot" early in a chat
    agent_first_only: bool = True
    third: list[Person] = field(default_factory=list)
    hint: str = ""  # the customer's issue statement

    @property
    def c(self) -> Conv:
        return self.conv


def name_ent(call: Call, person: Person, pattern: str, which: str = "full", speaker: str = "customer") -> Ent:
    """Entity for (part of) a person's name; registers the value id."""
    conv = call.conv
    if person.vid is None:
        person.vid = conv.new_vid("PERSON")
    text = {"full": person.full, "given": person.given, "family": person.family}[which]
    person.said.add(which)
    return conv.ent(name_text(conv, text, speaker), "PERSON", pattern, person.vid)


def agent_intro(call: Call) -> bool:
    """The agent's greeting, usually with their own name.  Returns True when
    the greeting already asked for the customer's name."""
    conv = call.conv
    co = call.company
    if call.agent is None:
        say(
            conv,
            "agent",
            pick(
                conv,
                f"hello {co} how can i help",
                f"good afternoon {co} customer services how can i help",
                f"hi you're through to the {conv.sector} team at {co}",
                "hello there thanks for waiting how can i help today",
            )
            if conv.voice
            else pick(
                conv,
                "Hi there, thanks for getting in touch. How can I help?",
                f"Hello and welcome to {co} chat. What can I do for you today?",
            ),
        )
        return False
    which = "given" if call.agent_first_only else "full"
    a = name_ent(call, call.agent, "introduction", which, "agent")
    if conv.voice:
        tpl = pick(
            conv,
            "good morning you're through to {co} my name's {A} how can i help",
            "hi there thanks for calling {co} this is {A} speaking",
            "{co} {A} speaking how can i help you today",
            "hello you're speaking to {A} at {co} how can i help",
            "hiya you're through to {A} how can i help",
            "thank you for calling {co} my name is {A} who am i speaking with",
            "hello {co} you're through to {A} what can i do for you",
            "hi thanks for holding {A} here how can i help",
            "good afternoon {co} {A} speaking",
            "hello my name's {A} i'm one of the advisors here how can i help today",
        )
    else:
        tpl = pick(
            conv,
            "Hi, you're chatting with {A}. How can I help today?",
            "Hello! My name is {A} from {co}, thanks for waiting.",
            "Hi there, {A} here. I'll be looking after your chat today.",
            "Good morning, this is {A} from the {co} team. What can I help with?",
            "Hi, I'm {A}. I've read your message, give me a second to look into it.",
        )
    tpl = tpl.replace("{co}", co).replace("the the ", "the ")
    if not conv.voice and call.cust.knows("given") and conv.rng.random() < 0.6:
        rest = re.sub(r"^(Hi there,|Hi,|Hello!|Good morning,|Hello|Hi)\s*", "", tpl)
        if not rest.startswith("I"):
            rest = rest[0].lower() + rest[1:]
        conv.add(
            "agent",
            "Hi",
            name_ent(call, call.cust, "read_back", "given", "agent"),
            ",",
            *parts_of(conv, rest, {"A": a}),
        )
    else:
        say(conv, "agent", tpl, A=a)
    return "who am i speaking" in tpl


def ask_name(call: Call, speaker: str | None = None, prefix: str = "") -> None:
    conv = call.conv
    sp = speaker or call.asker
    if conv.voice:
        q = pick(
            conv,
            "can i take your full name please",
            "who am i speaking with today",
            "can i start with your name",
            "and who's calling please",
            "what's your name please",
            "could i take the name on the account",
            "may i have your first and last name please",
            "and your name is",
            "can i just get your name",
            "first of all can i take your full name",
            "and can i grab your name",
            "who have i got on the line",
        )
    elif sp == "bot":
        q = pick(
            conv,
            "Before I connect you, what's your full name?",
            "To get started, please type your first and last name.",
            "What name is the account under?",
        )
    else:
        q = pick(
            conv,
            "Could I take your full name please?",
            "Can I get your name to get started?",
            "Who am I chatting with today?",
            "What's the name on the account?",
        )
    say(conv, sp, (prefix + " " + q) if prefix else q)


def give_name(call: Call) -> None:
    """Customer answers a name question: many shapes, sometimes spelled."""
    conv, p, rng = call.conv, call.cust, call.conv.rng
    r = rng.random()
    if r < 0.5:
        lead = (
            pick(conv, "", "", "", "yeah it's", "it's", "um", "yes it's", "sure it's", "yeah hi it's")
            if conv.voice
            else pick(conv, "", "", "It's", "Sure,", "")
        )
        title = f"{p.title} " if conv.voice and p.title and rng.random() < 0.2 else ""
        conv.add(
            "customer",
            lead + (" " if lead else "") + title.strip(),
            name_ent(call, p, "name_answer", "full", "customer"),
        )
    elif r < 0.72:
        conv.add(
            "customer", pick(conv, "", "it's", "yeah it's", "uh"), name_ent(call, p, "name_answer", "given", "customer")
        )
        say(
            conv,
            call.asker,
            pick(
                conv,
                "and the surname",
                "and your surname please",
                "lovely and your last name",
                "and the second name",
                "thanks and the surname?",
                "and your family name",
            ),
        )
        conv.add("customer", pick(conv, "", "", "it's", "uh"), name_ent(call, p, "name_answer", "family", "customer"))
    elif r < 0.85 and conv.voice and p.title:
        conv.add(
            "customer",
            pick(conv, "it's", "uh it's", "") + " " + p.title,
            name_ent(call, p, "name_answer", "family", "customer"),
        )
        say(
            conv,
            call.asker,
            pick(conv, "and your first name", "and the first name please", "lovely and your first name is"),
        )
        conv.add("customer", pick(conv, "", "it's"), name_ent(call, p, "name_answer", "given", "customer"))
    else:
        conv.add(
            "customer",
            pick(conv, "surname's", "my surname is", "last name"),
            name_ent(call, p, "name_answer", "family", "customer"),
            pick(conv, "and first name", "first name's", "and then"),
            name_ent(call, p, "name_answer", "given", "customer"),
        )
    if conv.voice and rng.random() < 0.35 and re.fullmatch(r"[a-z'-]+", strip_accents(p.family)):
        spell_name(call, p)
    elif rng.random() < 0.3 and call.asker == "agent":
        if rng.random() < 0.6 and p.title:
            conv.add(
                "agent",
                pick(conv, "thank you", "lovely thanks", "thanks", "okay"),
                p.title if conv.voice else p.title.capitalize(),
                name_ent(call, p, "read_back", "family", "agent"),
            )
        else:
            conv.add(
                "agent",
                pick(conv, "thanks", "lovely", "hi", "okay thank you"),
                name_ent(call, p, "read_back", "given", "agent"),
            )


def spell_name(call: Call, p: Person) -> None:
    conv, rng = call.conv, call.conv.rng
    say(
        conv,
        "agent",
        pick(
            conv,
            "could you spell the surname for me",
            "and how do you spell that",
            "sorry can you spell that for me",
            "can i get the spelling of the last name",
            "how's that spelt",
            "just so i get it right can you spell it",
        ),
    )
    fam = strip_accents(p.family)
    letters = (
        " ".join("apostrophe" if ch == "'" else "hyphen" if ch == "-" else ch for ch in fam)
        if ("'" in fam or "-" in fam)
        else spell(fam, rng)
    )
    sp = conv.ent(letters, "PERSON", "name_answer", p.vid)
    if rng.random() < 0.5:
        conv.add("customer", pick(conv, "yeah it's", "it's", "sure", "yep", "uh"), sp)
    else:
        conv.add(
            "customer", pick(conv, "yeah", "so", ""), sp, pick(conv, "", "", "like it sounds", "everyone gets it wrong")
        )
    if rng.random() < 0.4:
        rb = conv.ent(spell(fam, rng) if "'" not in fam and "-" not in fam else letters, "PERSON", "read_back", p.vid)
        conv.add(
            "agent",
            pick(conv, "so that's", "okay", "let me read that back"),
            rb,
            pick(conv, "", "yeah", "is that right"),
        )
        conv.add("customer", pick(conv, "yep", "that's it", "yes", "spot on", "mm hm"))


# --------------------------------------------------------------------------
# Reading numbers out: one turn, or a group per turn
# --------------------------------------------------------------------------


def grp(conv: Conv, d: str, hundreds: bool = False) -> str:
    """How the customer says one group of digits."""
    rng = conv.rng
    if not conv.voice:
        return d
    if not d.isdigit():
        return " ".join(grp(conv, t) if t.isdigit() else spell(t, rng, False) for t in re.findall(r"\d+|[A-Za-z]+", d))
    if hundreds and len(d) == 3 and d.endswith("00") and d[0] != "0" and rng.random() < 0.6:
        return UNITS[int(d[0])] + " hundred"
    if rng.random() < 0.05:
        return " ".join(d) if rng.random() < 0.7 else d
    mode = conv.dmode if rng.random() < 0.65 else None
    return speak_digits(d, rng, conv.zero, mode)


def agent_digits(conv: Conv, d: str) -> str:
    """How the agent reads a number back (agents are more regular)."""
    if not conv.voice:
        return d
    if not d.isdigit():
        return " ".join(
            agent_digits(conv, t) if t.isdigit() else spell(t, conv.rng, False) for t in re.findall(r"\d+|[A-Za-z]+", d)
        )
    return speak_digits(
        d, conv.rng, conv.rng.choice(["oh", "zero"]), conv.rng.choice(["single", "single", "runs", "pairs"])
    )


def wrong_digit(rng: random.Random, d: str) -> str:
    return rng.choice([c for c in "0123456789" if c != d])


def whole_number(conv: Conv, groups: list[str], hundreds: bool = False) -> str:
    """All groups in one breath (voice) or typed with spaces/dashes (chat)."""
    if conv.voice:
        return join_spoken(conv, groups, lambda g: grp(conv, g, hundreds))
    sep = conv.rng.choice([" ", " ", "", "-"])
    return sep.join(groups)


def read_out_prompted(
    call: Call, etype: str, vid: str, groups: list[str], asker: str, hundreds: bool = False, readback_all: float = 0.3
) -> None:
    """Customer gives one group per turn; the asker prompts between groups."""
    conv, rng = call.conv, call.conv.rng
    pat = "cross_turn_prompted"
    for gi, g in enumerate(groups):
        last = gi == len(groups) - 1
        r = rng.random()
        lead = cust_lead(conv) if gi == 0 or rng.random() < 0.25 else ""
        if conv.voice and r < 0.07 and len(g) >= 4:
            # within-turn correction: "four one four two no sorry four three"
            k = rng.choice([1, 2]) if len(g) >= 4 else 1
            bad = g[:-1] + wrong_digit(rng, g[-1])
            fix = g[-k:] if rng.random() < 0.5 else g
            conv.add(
                "customer",
                lead,
                conv.ent(grp(conv, bad), etype, pat, vid),
                pick(conv, "no sorry", "sorry no", "no wait", "oh sorry i mean", "no hang on", "sorry"),
                conv.ent(grp(conv, fix), etype, pat, vid, replace=len(fix)),
            )
        elif conv.voice and r < 0.13 and len(g) >= 4:
            # false start then the full group
            k = rng.choice([1, 2, 3])
            conv.add(
                "customer",
                lead,
                conv.ent(grp(conv, g[:k]), etype, pat, vid),
                pick(conv, "uh", "sorry", "um", "", "hang on"),
                conv.ent(grp(conv, g), etype, pat, vid, replace=k),
            )
        elif conv.voice and r < 0.20 and len(g) >= 4:
            # group split across two turns with a backchannel between
            k = len(g) // 2
            conv.add("customer", lead, conv.ent(grp(conv, g[:k]), etype, pat, vid))
            say(conv, asker, pick(conv, "mm hm", "yep", "uh huh", "okay") if conv.voice else "OK")
            conv.add("customer", conv.ent(grp(conv, g[k:]), etype, pat, vid))
        elif conv.voice and r < 0.26 and gi > 0:
            # wrong last digit, corrected in the next turn
            bad = g[:-1] + wrong_digit(rng, g[-1])
            conv.add("customer", lead, conv.ent(grp(conv, bad), etype, pat, vid))
            say(conv, asker, backchannel(conv))
            if rng.random() < 0.5:
                fix = grp(conv, g[-1])
                art = "an" if fix in ("eight", "8") else "a"
                conv.add(
                    "customer",
                    pick(
                        conv,
                        f"no sorry that last one was {art}",
                        f"sorry the last one's {art}",
                        f"oh no sorry last digit's {art}",
                        "actually no the last number is",
                    ),
                    conv.ent(fix, etype, pat, vid, replace=1),
                )
            else:
                conv.add(
                    "customer",
                    pick(conv, "sorry let me do that again", "no sorry that's wrong it's", "wait sorry it's"),
                    conv.ent(grp(conv, g), etype, pat, vid, replace=len(g)),
                )
        else:
            tail = (
                pick(
                    conv,
                    "",
                    "",
                    "",
                    "",
                    "yeah",
                    "i think",
                    "",
                    "sorry the numbers are a bit worn" if gi == 0 and etype == "CREDIT_CARD" else "",
                    "that's the first bit" if gi == 0 else "",
                    "and that's it" if last else "",
                )
                if conv.voice
                else ""
            )
            conv.add("customer", lead, conv.ent(grp(conv, g, hundreds), etype, pat, vid), tail)
        if last:
            break
        r2 = rng.random()
        if r2 < 0.2:
            conv.add(
                asker,
                conv.ent(agent_digits(conv, g), etype, "read_back", vid),
                pick(conv, "", "yep", "go on", "okay", "and then")
                if conv.voice
                else pick(conv, ", thanks", ", go on", ""),
            )
        elif r2 < 0.25 and conv.voice:
            say(
                conv,
                asker,
                pick(
                    conv,
                    "sorry you broke up a bit there can you say that again",
                    "sorry was that the last bit again",
                    "sorry the line's not great say that again",
                ),
            )
            conv.add("customer", conv.ent(grp(conv, g), etype, pat, vid, replace=len(g)))
            say(conv, asker, go_on(conv, len(groups[gi + 1])))
        else:
            say(conv, asker, go_on(conv, len(groups[gi + 1])) if rng.random() < 0.6 else backchannel(conv))
    if rng.random() < readback_all:
        conv.add(
            asker,
            pick(conv, "so that's", "okay so i've got", "let me just read that back", "just to confirm that's")
            if conv.voice
            else "So that's",
            conv.ent(
                join_spoken(conv, groups, lambda g: agent_digits(conv, g)) if conv.voice else " ".join(groups),
                etype,
                "read_back",
                vid,
            ),
            pick(conv, "", "is that right", "yeah", "correct") if conv.voice else "?",
        )
        say(
            conv,
            "customer",
            pick(conv, "yes", "that's right", "yep", "yeah that's it", "correct", "yes that's the one")
            if conv.voice
            else pick(conv, "yes", "Yes that's right", "correct"),
        )


def read_out_unprompted(
    call: Call, etype: str, vid: str, groups: list[str], opener: str, hundreds: bool = False
) -> None:
    """Customer volunteers a long number over consecutive turns."""
    conv, rng = call.conv, call.conv.rng
    pat = "cross_turn_unprompted"
    for gi, g in enumerate(groups):
        parts: list[Part] = [opener] if gi == 0 else []
        if gi > 0 and rng.random() < 0.2 and conv.voice:
            parts.append(pick(conv, "then", "and then", "uh", "and"))
        parts.append(conv.ent(grp(conv, g, hundreds), etype, pat, vid))
        conv.add("customer", *parts)
        if gi < len(groups) - 1 and conv.voice and rng.random() < 0.65:
            say(conv, "agent", pick(conv, "mm hm", "uh huh", "yep", "mm", "okay", "right", "yeah"))


def one_turn_number(
    call: Call,
    etype: str,
    vid: str,
    groups: list[str],
    pattern: str,
    lead: str = "",
    tail: str = "",
    hundreds: bool = False,
) -> None:
    conv = call.conv
    conv.add("customer", lead, conv.ent(whole_number(conv, groups, hundreds), etype, pattern, vid), tail)


# --------------------------------------------------------------------------
# Identifiers by sector
# --------------------------------------------------------------------------


@dataclass
class Ident:
    value: str  # digits, or letters+digits
    groups: list[str]  # how it is read out in pieces
    label: str  # what people call it ("policy number")
    digits_only: bool


def make_ident(conv: Conv) -> Ident:
    rng, sec, uk = conv.rng, conv.sector, conv.locale == "uk"

    def dig(n: int, sizes: list[int], label: str) -> Ident:
        v = rand_digits(rng, n, True)
        return Ident(v, split_groups(v, sizes), label, True)

    def pref(letters: str, n: int, label: str) -> Ident:
        v = letters + rand_digits(rng, n)
        cut = len(letters) + rng.choice([2, 3]) if n > 5 else len(letters)
        return Ident(v, [v[:cut], v[cut:]] if n > 4 else [v], label, False)

    if sec == "banking":
        if uk:
            return dig(8, rng.choice([[4, 4], [3, 3, 2]]), "account number")
        return dig(10, rng.choice([[4, 4, 2], [3, 3, 4], [5, 5]]), "account number")
    if sec == "telecoms":
        return rng.choice(
            [dig(10, [3, 3, 4], "account number"), pref(rng.choice(["BW", "TW", "A"]), 8, "customer number")]
        )
    if sec == "utilities":
        return rng.choice([dig(12, [4, 4, 4], "customer reference number"), dig(10, [5, 5], "account number")])
    if sec == "insurance":
        return pref(rng.choice(["HX", "POL", "WS", "KL", "PAT"]), rng.choice([6, 7, 8]), "policy number")
    if sec == "retail":
        return rng.choice(
            [dig(9, [3, 3, 3], "order number"), pref(rng.choice(["ORD", "LK", "R"]), 7, "order reference")]
        )
    if sec == "travel":
        v = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
        return Ident(v, [v[:3], v[3:]], "booking reference", False)
    # healthcare
    if uk:
        return dig(10, [3, 3, 4], "nhs number")
    return pref(rng.choice(["W", "XKM", "CH"]), 9, "member id")


def ident_text(conv: Conv, v: str) -> str:
    if not conv.voice:
        return v.lower() if conv.lazy else v
    return grp(conv, v) if v.isdigit() else agent_digits(conv, v)


def give_ident(call: Call, ident: Ident, asker: str) -> None:
    """The asker asks for an identifier; the customer gives it in one of
    several shapes (bare, in a sentence, group per turn, volunteered)."""
    conv, rng = call.conv, call.conv.rng
    vid = conv.new_vid("ACCOUNT_NUMBER", ident.value if ident.digits_only else None)
    lab = ident.label if conv.voice else ident.label.replace("nhs", "NHS")
    if asker == "ivr":
        q = pick(
            conv,
            f"please say or key in your {lab}",
            f"to help us find your account please say your {lab}",
            f"please enter your {lab} followed by the hash key",
        )
    elif conv.voice:
        q = pick(
            conv,
            f"can i take your {lab} please",
            f"have you got your {lab} handy",
            f"what's the {lab}",
            f"do you have the {lab} there",
            f"can you give me the {lab} please",
            f"and the {lab} is",
        )
    else:
        q = pick(conv, f"Could you give me your {lab}?", f"What's the {lab} please?", f"Please enter your {lab}.")
    r = rng.random()
    if len(ident.groups) > 1 and r < 0.5 and asker != "ivr" and conv.voice:
        say(conv, asker, q)
        if conv.voice and rng.random() < 0.3:
            say(
                conv,
                "customer",
                pick(conv, "yeah hang on let me find it", "one sec it's on the letter", "uh yeah i've got it here"),
            )
            say(conv, asker, pick(conv, "no problem take your time", "sure", "no rush"))
        read_out_prompted(call, "ACCOUNT_NUMBER", vid, ident.groups, asker)
        if conv.turns[-1].speaker == "customer":
            say(conv, asker, ack(conv))
    elif len(ident.groups) > 1 and r < 0.62 and asker != "ivr":
        # volunteered before anyone asks for it
        read_out_unprompted(
            call,
            "ACCOUNT_NUMBER",
            vid,
            ident.groups,
            pick(
                conv,
                f"i've got my {lab} here if you need it it's",
                f"oh before you ask my {lab} is",
                f"i've got the {lab} ready it's",
                f"do you want the {lab} it's",
                f"my {lab} is",
            ),
        )
    else:
        say(conv, asker, q)
        pat = "solicited_answer"
        lead = cust_lead(conv)
        tail = ""
        if rng.random() < 0.25:
            lead = pick(conv, f"my {lab}'s", f"the {lab} on the letter says", f"yeah my {lab} is")
            tail = pick(conv, "", "i think", "if that helps")
            pat = "single_turn"
        conv.add(
            "customer",
            lead,
            conv.ent(
                ident_text(conv, ident.value)
                if len(ident.groups) == 1 or not conv.voice
                else join_spoken(conv, ident.groups, lambda g: grp(conv, g)),
                "ACCOUNT_NUMBER",
                pat,
                vid,
            ),
            tail,
        )
        if asker == "ivr" or rng.random() < 0.2:
            conv.add(
                asker,
                pick(conv, "i heard", "that was", "thanks so that's")
                if asker == "ivr"
                else pick(conv, "so that's", "okay", "lovely that's"),
                conv.ent(agent_digits(conv, ident.value), "ACCOUNT_NUMBER", "read_back", vid),
                pick(conv, "is that correct", "if that's right say yes")
                if asker == "ivr"
                else pick(conv, "", "yep", "is that right"),
            )
            say(conv, "customer", pick(conv, "yes", "yeah", "yep", "correct", "that's right"))


# --------------------------------------------------------------------------
# Security questions and other single values
# --------------------------------------------------------------------------


def answer(
    call: Call,
    asker: str,
    question: str,
    etype: str,
    text: str,
    sentence_leads: Sequence[str] = (),
    readback: str | None = None,
    vid: str | None = None,
    p_sentence: float = 0.25,
) -> str:
    """Ask, then the customer answers with the value (bare or in a sentence)."""
    conv, rng = call.conv, call.conv.rng
    vid = vid or conv.new_vid(etype)
    say(conv, asker, question)
    if sentence_leads and rng.random() < p_sentence:
        conv.add(
            "customer",
            pick(conv, *sentence_leads),
            conv.ent(text, etype, "single_turn", vid),
            pick(conv, "", "", "i think", "if that's what you've got") if conv.voice else "",
        )
    else:
        conv.add("customer", cust_lead(conv), conv.ent(text, etype, "solicited_answer", vid))
    if readback is not None and asker != "bot" and rng.random() < 0.25:
        conv.add(
            asker,
            pick(conv, "", "so", "okay", "that's") if conv.voice else "",
            conv.ent(readback, etype, "read_back", vid),
            pick(conv, "lovely", "thank you", "perfect", "yep that's fine", "great"),
        )
    else:
        say(conv, asker, ack(conv))
    return vid


def ack(conv: Conv) -> str:
    """Agent acknowledges a complete answer."""
    if conv.voice:
        return pick(
            conv,
            "lovely",
            "thank you",
            "great",
            "perfect",
            "okay",
            "thanks",
            "that's great thanks",
            "lovely thank you",
            "okay thank you",
            "brilliant",
            "that's fine",
            "got it thanks",
            "cheers",
        )
    return pick(conv, "Thanks", "Perfect, thanks.", "Great, thank you.", "Thanks for that.", "Got it, thanks.")


def q(conv: Conv, voice: Sequence[str], chat: Sequence[str]) -> str:
    return conv.rng.choice(list(voice if conv.voice else chat))


def v_dob(call: Call, asker: str) -> None:
    conv, rng = call.conv, call.conv.rng
    y, m, d = rng.randint(1938, 2005), rng.randint(1, 12), rng.randint(1, 28)
    question = q(
        conv,
        [
            "and can you confirm your date of birth",
            "what's your date of birth please",
            "can i take your date of birth",
            "and your dob",
            "date of birth for me please",
            "and when were you born",
        ],
        [
            "Can you confirm your date of birth?",
            "And your date of birth please?",
            "What's the date of birth on the account?",
        ],
    )
    answer(
        call,
        asker,
        question,
        "DATE_OF_BIRTH",
        render_dob(conv, y, m, d),
        ["my birthday's", "i was born", "date of birth is", "it should be"],
        render_dob(conv, y, m, d) if conv.voice else None,
    )


def v_postcode(call: Call, asker: str) -> None:
    conv = call.conv
    if conv.locale == "uk":
        text = render_postcode(conv, *make_uk_postcode(conv.rng))
        question = q(
            conv,
            [
                "and the postcode",
                "can i take the postcode on the account",
                "what's your postcode please",
                "and the postcode there",
            ],
            ["And the postcode?", "What's the postcode on the account?"],
        )
    else:
        text = render_zip(conv, make_zip(conv.rng))
        question = q(
            conv,
            ["and the zip code", "what's the zip code on the account", "can i get your zip please", "billing zip"],
            ["And your ZIP code?", "What's the ZIP code on file?"],
        )
    answer(
        call,
        asker,
        question,
        "POSTCODE",
        text,
        ["the postcode's", "we're", "zip is"] if conv.voice else ["postcode is", "it's"],
        None,
    )


def make_address(conv: Conv, town: bool | None = None) -> str:
    rng, uk = conv.rng, conv.locale == "uk"
    street = rng.choice(dialogue_data.UK_STREETS if uk else dialogue_data.US_STREETS)
    num = rng.randint(1, 140) if uk else rng.choice([rng.randint(10, 99), rng.randint(100, 9800)])
    flat = rng.random() < 0.15
    twn = (
        rng.choice(dialogue_data.UK_TOWNS if uk else dialogue_data.US_TOWNS)
        if (town or (town is None and rng.random() < 0.4))
        else ""
    )
    if conv.voice:
        nw = (
            num_words(num)
            if num < 100 or (num < 1000 and rng.random() < 0.3)
            else speak_digits(str(num), rng, conv.zero, rng.choice(["pairs", "single"]))
        )
        pre = (
            ("flat " if uk else "apartment ") + rng.choice(["three", "two", "twelve", "four b", "one"]) + " "
            if flat
            else ""
        )
        return f"{pre}{nw} {street}" + (f" {twn}" if twn else "")
    pre = (("Flat " if uk else "Apt ") + rng.choice(["3", "2", "12", "4B", "1"]) + ", ") if flat else ""
    st = proper(street) if not conv.lazy else street
    return f"{pre}{num} {st}" + (f", {proper(twn) if not conv.lazy else twn}" if twn else "")


def v_address(call: Call, asker: str) -> None:
    conv = call.conv
    question = q(
        conv,
        [
            "can you confirm the first line of the address",
            "and the address on the account",
            "what's the first line of your address",
            "and the house number and street",
        ],
        ["Can you confirm the first line of your address?", "What's the address on the account?"],
    )
    answer(call, asker, question, "ADDRESS", make_address(conv), ["we're at", "i live at", "it's still", "that'll be"])


def v_phone(call: Call, asker: str) -> None:
    conv, rng = call.conv, call.conv.rng
    d, sizes, written = make_phone(rng, conv.locale)
    question = q(
        conv,
        [
            "and the phone number on the account",
            "what's the best number to reach you on",
            "can i take a contact number",
            "and a mobile number please",
            "what number are you calling from",
        ],
        ["What's the best phone number for you?", "Could you confirm your mobile number?"],
    )
    groups = split_groups(d, sizes)
    if conv.voice and rng.random() < 0.55:
        vid = conv.new_vid("PHONE_NUMBER", d)
        say(conv, asker, question)
        read_out_prompted(call, "PHONE_NUMBER", vid, groups, asker, hundreds=True)
        return
    if conv.voice:
        text = join_spoken(conv, groups, lambda g: grp(conv, g, True))
        if rng.random() < 0.15 and conv.locale == "us":
            text = "area code " + text
    else:
        text = written
    vid = conv.new_vid("PHONE_NUMBER", d if conv.voice and not text.startswith("area") else None)
    answer(
        call,
        asker,
        question,
        "PHONE_NUMBER",
        text,
        ["my mobile's", "you can get me on", "best one is"],
        agent_digits(conv, d),
        vid,
    )


def v_email(call: Call, asker: str) -> None:
    conv, p = call.conv, call.cust
    email = make_email(conv.rng, p.given, p.family, conv.locale)
    question = q(
        conv,
        [
            "and what's the email address on the account",
            "can i take an email address",
            "what's the best email for you",
            "and your email please",
        ],
        ["What's your email address?", "Which email address is on the account?"],
    )
    answer(
        call,
        asker,
        question,
        "EMAIL_ADDRESS",
        render_email(conv, email),
        ["my email is", "it's my work one", "you'll have"],
        render_email(conv, email),
    )


def v_security(call: Call, asker: str) -> None:
    conv, rng = call.conv, call.conv.rng
    kind = rng.choice(["maiden", "pet", "school", "word", "chars", "fav"])
    if kind == "maiden":
        fam = rng.choice(sum((v[1] for v in dialogue_data.NAMES.values()), ()))
        text = name_text(conv, fam, "customer")
        question = q(
            conv,
            [
                "and your mother's maiden name",
                "can you give me your mum's maiden name",
                "security question what's your mother's maiden name",
            ],
            ["What is your mother's maiden name?"],
        )
        leads = ["her maiden name was", "it was", "mum was a"]
    elif kind == "pet":
        text = rng.choice(dialogue_data.PET_NAMES)
        question = q(
            conv,
            ["the security question is the name of your first pet", "what was the name of your first pet"],
            ["What was your first pet's name?"],
        )
        leads = ["it was a dog called", "we had a cat called", "a hamster called"]
    elif kind == "school":
        text = rng.choice(dialogue_data.FIRST_SCHOOLS)
        text = text if conv.voice else proper(text)
        question = q(
            conv,
            ["and the name of your first school", "what was your first school"],
            ["What was the name of your first school?"],
        )
        leads = ["i went to", "it was", "that'd be"]
    elif kind == "word":
        text = rng.choice(dialogue_data.MEMORABLE_WORDS)
        question = q(
            conv,
            ["can you tell me your memorable word", "and your memorable word please"],
            ["Please type your memorable word."],
        )
        leads = ["i think it's", "it should be", "i set it as"]
    elif kind == "chars":
        word = rng.choice(dialogue_data.MEMORABLE_WORDS)
        i, j = sorted(rng.sample(range(len(word)), 2))
        question = q(
            conv,
            [(f"can i have the {ordinal_words(i + 1)} and {ordinal_words(j + 1)} characters of your memorable word")],
            [f"Please give characters {i + 1} and {j + 1} of your memorable word."],
        )
        text = f"{word[i]} and {word[j]}" if conv.voice or rng.random() < 0.5 else f"{word[i]}{word[j]}"
        leads = ["that's", "i make that"]
    else:
        text = rng.choice(dialogue_data.FAVOURITE_FOODS)
        question = q(
            conv,
            [
                "and the answer to your security question favourite food",
                "your security question is your favourite meal",
            ],
            ["Security question: what is your favourite food?"],
        )
        leads = ["it's", "should be"]
    answer(call, asker, question, "SECURITY_ANSWER", text, leads, None)


def v_nino(call: Call, asker: str) -> None:
    conv = call.conv
    question = q(
        conv,
        [
            "and can i take your national insurance number",
            "i'll need your national insurance number for this",
            "what's your ni number please",
        ],
        ["Could you provide your National Insurance number?", "What is your NI number?"],
    )
    answer(
        call,
        asker,
        question,
        "UK_NINO",
        render_nino(conv, make_nino(conv.rng)),
        ["my ni number is", "national insurance is", "it's on my payslip it's"],
    )


def v_ssn(call: Call, asker: str) -> None:
    conv, rng = call.conv, call.conv.rng
    ssn = make_ssn(rng)
    if rng.random() < 0.55:
        question = q(
            conv,
            [
                "can you verify the last four of your social",
                "and the last four digits of your social security number",
                "last four of the ssn please",
            ],
            ["Please verify the last 4 digits of your SSN."],
        )
        text = say_number(conv, ssn[5:], figures_in_voice=0.05)
    else:
        question = q(
            conv,
            [
                "i'll need your full social security number for the application",
                "can i get your social security number",
                "what's the social on the account",
            ],
            ["Please provide your Social Security number."],
        )
        text = render_ssn(conv, ssn)
    vid = conv.new_vid("US_SSN", ssn[5:] if len(parse_digits(text)) == 4 else ssn)
    answer(call, asker, question, "US_SSN", text, ["my social is", "sure it's"], None, vid)


def v_sortcode(call: Call, asker: str) -> None:
    conv, rng = call.conv, call.conv.rng
    sc = make_sort_code(rng)
    question = q(
        conv,
        ["and the sort code", "what's the sort code on the account", "can i take the sort code please"],
        ["What's the sort code?", "And the sort code please?"],
    )
    vid = conv.new_vid("ACCOUNT_NUMBER", sc)
    groups = [sc[:2], sc[2:4], sc[4:]]
    if conv.voice and rng.random() < 0.45:
        say(conv, asker, question)
        read_out_prompted(call, "ACCOUNT_NUMBER", vid, groups, asker, readback_all=0.4)
        return
    if conv.voice:
        mode = rng.choice(["pairs", "pairs", "single", "runs", "mixed"])
        text = join_spoken(conv, groups, lambda g: speak_digits(g, rng, conv.zero, mode))
    else:
        text = rng.choice(["-".join(groups), "".join(groups), " ".join(groups)])
    answer(
        call,
        asker,
        question,
        "ACCOUNT_NUMBER",
        text,
        ["sort code's", "it's a"],
        join_spoken(conv, groups, lambda g: agent_digits(conv, g)),
        vid,
    )


def v_pin(call: Call, asker: str) -> None:
    conv, rng = call.conv, call.conv.rng
    kind = rng.choice(["otp", "otp", "pin", "passcode"])
    if kind == "otp":
        code = rand_digits(rng, 6)
        say(
            conv,
            asker,
            q(
                conv,
                [
                    "i've just sent a six digit code to your mobile can you read that out to me",
                    "you should have had a text with a code in it what does it say",
                    "i'm sending a one time passcode now let me know when it arrives",
                ],
                [
                    "I've sent a one-time passcode to your phone. Please enter it here.",
                    "Can you type the 6-digit code we just texted you?",
                ],
            ),
        )
        if conv.voice and rng.random() < 0.5:
            say(conv, "customer", pick(conv, "hang on it's just come through", "one sec yeah got it", "oh it's here"))
        vid = conv.new_vid("PIN", code)
        if conv.voice and rng.random() < 0.3:
            read_out_prompted(call, "PIN", vid, [code[:3], code[3:]], asker, readback_all=0.0)
            say(conv, asker, ack(conv))
            return
        conv.add(
            "customer",
            cust_lead(conv),
            conv.ent(say_number(conv, code, figures_in_voice=0.1), "PIN", "solicited_answer", vid),
        )
        say(conv, asker, ack(conv))
        return
    if kind == "pin":
        code = rand_digits(rng, 4)
        question = q(
            conv,
            [
                "and can you confirm your four digit security pin",
                "what's the account pin",
                "and the pin on the account please",
            ],
            ["Please confirm your 4-digit account PIN."],
        )
        answer(
            call,
            asker,
            question,
            "PIN",
            say_number(conv, code, figures_in_voice=0.05),
            ["pin is", "it should be"],
            None,
            conv.new_vid("PIN", code),
        )
        return
    code = rand_digits(rng, 6)
    i, j = sorted(rng.sample(range(6), 2))
    question = q(
        conv,
        [(f"can you give me the {ordinal_words(i + 1)} and {ordinal_words(j + 1)} digits of your telephone passcode")],
        [f"Please give digits {i + 1} and {j + 1} of your passcode."],
    )
    text = (
        f"{_digit_word(code[i], conv.zero)} and {_digit_word(code[j], conv.zero)}"
        if conv.voice
        else f"{code[i]} and {code[j]}"
    )
    answer(call, asker, question, "PIN", text, ["i make that", "that's"], None, conv.new_vid("PIN", code[i] + code[j]))


# --------------------------------------------------------------------------
# Taking a card payment
# --------------------------------------------------------------------------


def payment(call: Call, mode: str | None = None, total_known: bool = False) -> None:
    """Card number (prompted / volunteered / one turn), expiry, CVV, name."""
    conv, rng = call.conv, call.conv.rng
    card, sizes = make_card(rng)
    groups = split_groups(card, sizes)
    vid = conv.new_vid("CREDIT_CARD", card)
    if mode is None:
        mode = rng.choices(["prompted", "unprompted", "single"], [86, 9, 5] if conv.voice else [35, 30, 35])[0]
    say(
        conv,
        "agent",
        q(
            conv,
            [
                "would you like to pay that today",
                "how would you like to pay",
                "i can take a payment over the phone now if that helps",
                "do you want to settle that now",
                "shall we get that paid then",
                "how would you like to pay" if total_known else "the total today is {price} how would you like to pay",
            ],
            ["Would you like to pay that now?", "The total comes to {price}. How would you like to pay?"],
        ),
    )
    if mode == "unprompted":
        if conv.voice and rng.random() < 0.5:
            say(
                conv,
                "customer",
                pick(conv, "yeah card please i've got it in front of me", "yeah go on then on my debit card"),
            )
            say(conv, "agent", pick(conv, "okay perfect", "lovely", "no problem"))
            opener = pick(conv, "so it's", "right so", "okay it's", "")
        else:
            opener = (
                pick(
                    conv,
                    "yeah card it's",
                    "yes on my visa the number is",
                    "debit card please it's",
                    "yeah i'll pay now it's",
                )
                if conv.voice
                else pick(conv, "Yes please card number is", "yeah here's my card", "Card:")
            )
        read_out_unprompted(call, "CREDIT_CARD", vid, groups, opener)
    else:
        say(
            conv,
            "customer",
            pick(
                conv,
                "card please",
                "yeah on card",
                "on my debit card please",
                "credit card if that's okay",
                "yeah can i use my visa",
                "card's fine",
                "debit card",
            )
            if conv.voice
            else pick(conv, "card please", "Card", "Can I pay by debit card?", "yes by card"),
        )
        if conv.voice and rng.random() < 0.3:
            say(
                conv,
                "agent",
                pick(
                    conv,
                    "okay just so you know i'm going to pause the call recording while you give me the card details",
                    "right the recording will stop now while we take the payment",
                    "okay i'll just make sure we're in the secure payment screen",
                ),
            )
        ask = q(
            conv,
            [
                "okay can i take the long number on the front of the card",
                "whenever you're ready the sixteen digit number across the front",
                "go ahead with the card number",
                "can i have the card number please",
                "okay the long number please in fours is easiest",
                "and the card number when you're ready",
            ],
            ["Please type the card number.", "What's the long card number?", "Go ahead with the card number."],
        )
        say(conv, "agent", ask)
        if mode == "prompted":
            if conv.voice and rng.random() < 0.2:
                say(
                    conv,
                    "customer",
                    pick(conv, "hang on let me get it out my purse", "one sec it's in my wallet", "okay bear with me"),
                )
                say(conv, "agent", pick(conv, "no rush", "take your time", "no worries"))
            read_out_prompted(call, "CREDIT_CARD", vid, groups, "agent", readback_all=0.35)
            if rng.random() < 0.5:
                say(conv, "agent", ack(conv))
        else:
            pat = "solicited_answer" if rng.random() < 0.6 else "single_turn"
            lead = (
                cust_lead(conv)
                if pat == "solicited_answer"
                else pick(conv, "okay the number on the card is", "yep my card number's", "right it's a visa so")
            )
            conv.add(
                "customer",
                lead,
                conv.ent(whole_number(conv, groups), "CREDIT_CARD", pat, vid),
                "" if pat == "solicited_answer" else pick(conv, "", "is that all of it"),
            )
            if rng.random() < 0.3:
                conv.add(
                    "agent",
                    pick(conv, "so that's", "let me read that back", "that's") if conv.voice else "To confirm:",
                    conv.ent(
                        join_spoken(conv, groups, lambda g: agent_digits(conv, g)) if conv.voice else " ".join(groups),
                        "CREDIT_CARD",
                        "read_back",
                        vid,
                    ),
                    pick(conv, "", "is that right"),
                )
                say(conv, "customer", pick(conv, "yes", "yep", "correct", "that's it"))
        if not conv.voice and rng.random() < 0.3:
            say(
                conv,
                "agent",
                "Thanks. Just a note for next time, please don't type full card "
                "details into the chat. I'll mask them on our side.",
            )
    # expiry
    m, y = rng.randint(1, 12), rng.randint(2025, 2031)
    if rng.random() < 0.38:
        eq = q(
            conv,
            [
                "and the expiry date",
                "what's the expiry on the card",
                "and the end date please",
                "expiry month and year",
                "and when does it expire",
                "valid until",
            ],
            ["And the expiry date?", "Expiry (MM/YY)?"],
        )
        answer(call, "agent", eq, "CARD_EXPIRY", render_expiry(conv, m, y), ["it runs out", "expires"], None)
    # cvv
    n = 4 if card[:2] in ("34", "37") else 3
    cvv = rand_digits(rng, n)
    back = "the four digits on the front" if n == 4 else "the last three digits on the back"
    if rng.random() < 0.38:
        cq = q(
            conv,
            [
                f"and {back}",
                f"and the security code that's {back}",
                "and the cvv number",
                "and the three digit security code" if n == 3 else "and the four digit code on the front",
            ],
            ["And the security code on the back?", "CVV please?"],
        )
        ctext = say_number(conv, cvv, rng.choice(["single", "single", "pairs"])) if conv.voice else cvv
        answer(call, "agent", cq, "CARD_CVV", ctext, [], None, conv.new_vid("CARD_CVV", cvv))
    # name on card
    if rng.random() < 0.55:
        say(
            conv,
            "agent",
            q(
                conv,
                [
                    "and the name on the card",
                    "name as it appears on the card",
                    "is the card in your name",
                    "and the cardholder's name",
                ],
                ["And the name on the card?", "Cardholder name?"],
            ),
        )
        if rng.random() < 0.7 or call.cust.vid is None:
            conv.add(
                "customer",
                pick(conv, "", "it's", "yeah it's mine", "same as mine"),
                name_ent(call, call.cust, "name_answer", "full", "customer"),
            )
        else:
            rel = rng.choice(["husband", "wife", "partner", "mum" if conv.locale == "uk" else "mom", "dad"])
            other = make_person(rng, conv.locale, _REL_GENDER.get(rel, ""))
            other.family = call.cust.family if rng.random() < 0.5 else other.family
            call.third.append(other)
            conv.add(
                "customer",
                pick(
                    conv,
                    f"it's my {rel}'s card",
                    f"it's my {rel}'s so it's",
                    f"it's in my {rel}'s name",
                    f"it's actually my {rel}'s card",
                ),
                name_ent(call, other, "name_answer", "full", "customer"),
            )
            say(conv, "agent", pick(conv, "and are they happy for you to use it", "is the cardholder with you"))
            say(
                conv,
                "customer",
                pick(conv, "yeah they're right here", f"yes {other.he} said it's fine", f"yeah {other.he}'s here")
                .replace("they's", "they're")
                .replace("they said", "they said"),
            )
        say(conv, "agent", ack(conv))
    if rng.random() < 0.08:
        v_postcode(call, "agent")
    say(
        conv,
        "agent",
        q(
            conv,
            [
                "okay that's gone through for you you'll get a confirmation email",
                "lovely that's been accepted",
                "right that payment's been taken",
                "that's all processed it'll show in a day or two",
                "okay i'm resuming the recording now and that's all gone through",
            ],
            ["That's gone through, thank you.", "Payment accepted. You'll get an email receipt."],
        ),
    )


# --------------------------------------------------------------------------
# Openings: IVR, chat bot, outbound calls
# --------------------------------------------------------------------------


def ivr_block(call: Call, take_ident: bool) -> None:
    conv, rng = call.conv, call.conv.rng
    co = call.company
    say(
        conv,
        "ivr",
        pick(
            conv,
            f"thank you for calling {co} calls may be recorded for training and quality purposes",
            f"welcome to {co} please listen carefully as our options have changed",
            f"hello and welcome to {co}",
        ),
    )
    say(
        conv,
        "ivr",
        pick(
            conv,
            "for billing press one for technical support press two to report a fault press three "
            "or for anything else please hold",
            "please tell us in a few words why you're calling today",
            "if you're calling about a payment press one if you're moving home press two "
            "for all other enquiries press four",
            "to hear these options again press star",
        ),
    )
    say(
        conv,
        "customer",
        pick(
            conv,
            "billing",
            "speak to an agent",
            "agent",
            "representative",
            "um my bill",
            "i want to talk to a person",
            "other enquiries",
            "payment",
        ),
    )
    if rng.random() < 0.3:
        say(
            conv,
            "ivr",
            pick(
                conv,
                "sorry i didn't catch that please say billing technical support or other",
                "i think you said option three is that right",
            ),
        )
        say(conv, "customer", pick(conv, "yes", "billing", "agent agent", "option three"))
    if take_ident:
        give_ident(call, make_ident(conv), "ivr")
    say(
        conv,
        "ivr",
        pick(
            conv,
            "thank you please hold while we connect you",
            "we're experiencing high call volumes the current wait time is about {dur}",
            "you are number {dur2} in the queue",
            "did you know you can manage your account online at any time",
        ),
    )


def bot_block(call: Call, issue_short: str, ask_name_p: float) -> None:
    conv, rng = call.conv, call.conv.rng
    say(
        conv,
        "bot",
        pick(
            conv,
            f"Hi! I'm the {call.company} virtual assistant. How can I help you today?",
            "Welcome! Ask me a question or choose an option: Billing, My order, Technical help, Something else.",
            "Hello 👋 I'm an automated assistant. What would you like help with?",
        ),
    )
    say(conv, "customer", issue_short)
    if rng.random() < 0.15:
        say(
            conv,
            "bot",
            "I found these articles that might help: 'Understanding your bill' and "
            "'Payment options'. Did that answer your question?",
        )
        say(conv, "customer", pick(conv, "no", "no i need a person", "No. Agent please"))
    elif rng.random() < 0.2:
        say(conv, "bot", "Did you mean: 1) Make a payment 2) Report a problem 3) Speak to an agent")
        say(conv, "customer", pick(conv, "3", "speak to an agent", "3 please"))
    if rng.random() < ask_name_p:
        call.asker = "bot"
        ask_name(call, "bot")
        give_name(call)
        if rng.random() < 0.15:
            rnd = rng.random()
            if rnd < 0.4:
                v_email(call, "bot")
            elif rnd < 0.75:
                v_postcode(call, "bot")
            else:
                give_ident(call, make_ident(conv), "bot")
    call.asker = "agent"
    say(
        conv,
        "bot",
        pick(
            conv,
            "Thanks! I'm connecting you to an advisor now. Current wait: {dur}.",
            "Please wait while I transfer you to a member of our team.",
            "An agent will join shortly. You are number {dur2} in the queue.",
        ),
    )


def outbound_open(call: Call) -> None:
    conv = call.conv
    say(conv, "customer", pick(conv, "hello", "hello who's this", "yeah hello", "hi"))
    cust = name_ent(call, call.cust, "single_turn", "full", "agent")
    conv.add(
        "agent",
        pick(conv, "oh hi is that", "hello am i speaking to", "hi could i speak to"),
        cust,
        pick(conv, "", "please"),
    )
    say(
        conv,
        "customer",
        pick(conv, "speaking", "yeah that's me", "yes who's calling", "that's me yeah", "depends who's asking"),
    )
    if call.agent is not None:
        a = name_ent(call, call.agent, "introduction", "given" if call.agent_first_only else "full", "agent")
        conv.add(
            "agent",
            pick(conv, "hi it's", "hiya my name's", "oh hi this is"),
            a,
            f"from {call.company}",
            pick(
                conv,
                "i'm just calling about your recent enquiry",
                "you asked us to give you a call back",
                "it's about the message you left",
                "i'm returning your call from yesterday",
            ),
        )
    else:
        say(conv, "agent", f"hi i'm calling from {call.company} about your account")
    say(
        conv,
        "agent",
        pick(
            conv,
            "before i go on i just need to run through a quick security check",
            "can i just confirm a couple of details first",
        ),
    )


# --------------------------------------------------------------------------
# The middle of the call
# --------------------------------------------------------------------------

OPENERS_VOICE = (
    "yeah hi",
    "hiya",
    "hi there",
    "oh hello yes",
    "morning",
    "hi um",
    "hello",
    "yeah hello",
    "hi thanks",
    "afternoon",
    "oh hi",
)
REASONS_VOICE = (
    "i'm ringing because",
    "i'm calling about",
    "i was hoping you could help",
    "basically",
    "so",
    "right so",
    "it's about",
    "the reason i'm calling is",
    "i've got a bit of a problem",
    "i just wanted to ask",
)
OPENERS_CHAT = ("Hi,", "Hello", "hey", "Hi there,", "Good morning,", "hello,", "")


def issue_statement(call: Call, core: str, intro: bool) -> None:
    """The customer's first statement of the problem, maybe with their name."""
    conv, rng = call.conv, call.conv.rng
    parts: list[Part] = []
    if conv.voice:
        parts.append(pick(conv, *OPENERS_VOICE))
    else:
        parts.append(pick(conv, *OPENERS_CHAT))
    if intro:
        shape = rng.randrange(4)
        if shape == 0:
            parts += [
                pick(conv, "my name's", "my name is", "yeah my name is"),
                name_ent(call, call.cust, "introduction", "full", "customer"),
            ]
        elif shape == 1:
            parts += [
                pick(conv, "it's", "this is"),
                name_ent(call, call.cust, "introduction", "full", "customer"),
                pick(conv, "here", "", ""),
            ]
        elif shape == 2:
            parts += [pick(conv, "i'm", "it's"), name_ent(call, call.cust, "introduction", "given", "customer")]
        elif call.cust.title:
            parts += [
                pick(conv, "this is", "it's"),
                call.cust.title if conv.voice else call.cust.title.capitalize(),
                name_ent(call, call.cust, "introduction", "family", "customer"),
            ]
        else:
            parts += [pick(conv, "my name is", "i'm"), name_ent(call, call.cust, "introduction", "full", "customer")]
        if call.agent is not None and call.agent.vid and rng.random() < 0.2 and conv.voice:
            parts.insert(1, name_ent(call, call.agent, "single_turn", "given", "customer"))
    if conv.voice:
        parts.append(pick(conv, *REASONS_VOICE))
    parts.append(fill(conv, core))
    if rng.random() < 0.3 and re.search(
        r"gone up|charged|lost|missing|down|dropping|cancel|delayed|"
        r"wrong|faulty|high|hasn't|don't recognise|can't",
        core,
    ):
        parts.append(fill(conv, pick(conv, *COMPLAINTS)))
    conv.add("customer", *parts)


COMPLAINTS = tuple(
    line
    for line in dialogue_data.WORDY_LINES
    if any(
        k in line
        for k in (
            "frank",
            "third time",
            "on hold",
            "nightmare",
            "sort that out",
            "urgent",
            "been with you",
            "get it sorted",
            "not going to sue",
        )
    )
)
SMALL_TALK_Q = (
    "are you doing anything nice this weekend",
    "how's your day going so far",
    "sorry the system's slow today have you been busy",
    "are you keeping well",
)
SMALL_TALK_A = (
    "not really every penny counts at the moment",
    "we're off to {place} to see my sister",
    "i live in hope the weather holds",
    "the summer's always a bit mad for us",
    "my son got a pat on the back from his coach so we're celebrating",
    "oh can't complain",
    "i'm in {place} with work all week",
    "to be fair it's been fine until now",
    "we might go and see that new film everyone's on about",
    "my daughter's got her driving test so we'll see",
)


def small_talk(call: Call) -> None:
    conv = call.conv
    say(conv, "agent", pick(conv, *SMALL_TALK_Q))
    say(conv, "customer", fill(conv, pick(conv, *SMALL_TALK_A)))
    say(conv, "agent", pick(conv, "oh lovely", "ah fair enough", "oh nice", "i know the feeling"))


def hold(call: Call) -> None:
    conv = call.conv
    if conv.voice:
        say(
            conv,
            "agent",
            pick(
                conv,
                "bear with me one moment while i look",
                "can i pop you on a quick hold",
                "one second let me check that",
                "just give me two minutes",
                "let me just go into that for you",
            ),
        )
        if conv.rng.random() < 0.5:
            say(conv, "customer", pick(conv, "yeah sure", "okay", "no problem", "that's fine"))
        say(
            conv,
            "agent",
            pick(conv, "thanks for holding", "sorry about the wait", "okay thank you for waiting", "right i'm back"),
        )
    else:
        say(
            conv,
            "agent",
            pick(
                conv,
                "One moment please while I check.",
                "Let me look into that for you, bear with me.",
                "Thanks for your patience, checking now.",
            ),
        )


RELATIONS_UK = (
    "husband",
    "wife",
    "son",
    "daughter",
    "mum",
    "dad",
    "partner",
    "neighbour",
    "brother",
    "sister",
    "nan",
    "carer",
    "flatmate",
)
_REL_GENDER = {
    "husband": "m",
    "son": "m",
    "dad": "m",
    "brother": "m",
    "wife": "f",
    "daughter": "f",
    "mum": "f",
    "mom": "f",
    "sister": "f",
    "nan": "f",
    "grandma": "f",
}
_FAMILY_RELS = set(_REL_GENDER) | {"partner"}
RELATIONS_US = (
    "husband",
    "wife",
    "son",
    "daughter",
    "mom",
    "dad",
    "partner",
    "neighbor",
    "brother",
    "sister",
    "grandma",
    "roommate",
)


def third_party(call: Call, come_on: float = 0.25, hint: str = "") -> bool:
    """The customer names someone else; sometimes that person comes on the line."""
    conv, rng = call.conv, call.conv.rng
    rel = rng.choice(RELATIONS_UK if conv.locale == "uk" else RELATIONS_US)
    for word, r in (
        ("son", "son"),
        ("daughter", "daughter"),
        ("partner", "partner"),
        ("dad", "dad"),
        ("mother", "mum"),
        ("mum", "mum"),
        ("husband", "husband"),
    ):
        if re.search(rf"\b{word}\b", hint):
            rel = r if not (r == "mum" and conv.locale == "us") else "mom"
            break
    other = make_person(rng, conv.locale, _REL_GENDER.get(rel, ""))
    while any(other.given == x.given for x in (call.cust, call.agent) if x is not None):
        other = make_person(rng, conv.locale, _REL_GENDER.get(rel, ""))
    if rel in _FAMILY_RELS and rng.random() < (0.45 if rel in ("husband", "wife", "partner") else 0.8):
        other.family = call.cust.family
    call.third.append(other)
    shape = rng.randrange(7)
    if re.search(r"\b(son|daughter|partner|dad|mother|mum|husband)\b", hint):
        shape = rng.choice([0, 1, 2, 6])
    if shape == 5 and conv.sector != "healthcare":
        shape = 6
    if shape == 5:
        other = make_person(rng, conv.locale)
        call.third[-1] = other
    full = name_ent(call, other, "introduction", "full", "customer")
    if shape == 0:
        conv.add("customer", f"it's in my {rel}'s name", full)
    elif shape == 1:
        other_g = name_ent(call, other, "introduction", "given", "customer")
        conv.add(
            "customer",
            f"my {rel}",
            other_g,
            pick(conv, "set it all up", "usually deals with it", "is the one who pays it", "sorted the account"),
        )
    elif shape == 2:
        other_g = name_ent(call, other, "introduction", "given", "customer")
        conv.add(
            "customer",
            other_g,
            f"my {rel} normally does all this",
            pick(conv, f"but {other.he}'s away", f"but {other.he}'s in hospital", f"but {other.he}'s at work").replace(
                "they's", "they're"
            ),
        )
    elif shape == 3:
        conv.add(
            "customer",
            f"can you add my {rel}",
            full,
            pick(conv, "to the account as well", "as a second contact", "on there"),
        )
    elif shape == 4:
        g = name_ent(call, other, "introduction", "given", "customer")
        conv.add(
            "customer",
            pick(
                conv,
                "i spoke to someone called",
                "last time i was talking to",
                "i was dealing with",
                "i had a call from",
            ),
            g,
            pick(
                conv,
                "and i was told it was sorted",
                "and they promised a call back",
                "and they said it'd be fine",
                "who said someone would ring me",
            ),
        )
        return False
    elif shape == 5:
        t = "dr"
        f = name_ent(call, other, "introduction", "family", "customer")
        conv.add(
            "customer",
            pick(conv, "the doctor i saw", "my gp", "the consultant"),
            t,
            f,
            pick(conv, "said i should ring you", "wrote the letter", "referred me"),
        )
        return False
    else:
        conv.add(
            "customer",
            pick(conv, "i've got my", "i'm here with my"),
            rel,
            full,
            pick(conv, "", f"{other.he} can confirm", f"{other.he}'s on speaker").replace("they's", "they're"),
        )
    if rng.random() < come_on:
        say(
            conv,
            "agent",
            pick(
                conv,
                "okay could i have a quick word with them",
                "is it possible to speak to them just to get permission",
                "i'll just need them to confirm a couple of things",
            ),
        )
        say(
            conv,
            "customer",
            pick(
                conv,
                "yeah hang on i'll put them on",
                "sure one sec",
                f"{other.he}'s right here".replace("they's", "they're"),
            )
            if conv.voice
            else pick(conv, "sure, I'll let them type", "ok they're next to me"),
        )
        conv.add(
            "customer",
            pick(conv, "hello yes this is", "hi it's", "hello")
            if conv.voice
            else pick(conv, "Hi, this is", "hello it's"),
            name_ent(call, other, "introduction", "full" if rng.random() < 0.6 else "given", "customer"),
            pick(conv, "", "speaking", "yeah i'm happy for them to deal with it"),
        )
        saved = call.cust
        call.cust = other
        v_dob(call, "agent")
        call.cust = saved
        say(conv, "agent", pick(conv, "thank you that's all added now", "lovely you can pass me back now"))
        return True
    return False


def agent_reference(call: Call) -> None:
    conv, rng = call.conv, call.conv.rng
    ident = make_ident(conv)
    v = ident.value if rng.random() < 0.5 else ("C" + rand_digits(rng, 7))
    vid = conv.new_vid("ACCOUNT_NUMBER", v if v.isdigit() else None)
    conv.add(
        "agent",
        pick(conv, "your reference for that is", "i'll give you a reference it's", "if you need to call back quote"),
        conv.ent(agent_digits(conv, v) if conv.voice else v, "ACCOUNT_NUMBER", "single_turn", vid),
    )
    if conv.voice and rng.random() < 0.5:
        say(
            conv,
            "customer",
            pick(
                conv,
                "sorry can you say that again i'm writing it down",
                "hang on let me get a pen",
                "sorry say that one more time",
            ),
        )
        conv.add(
            "agent",
            pick(conv, "sure it's", "no problem", "yep"),
            conv.ent(agent_digits(conv, v), "ACCOUNT_NUMBER", "read_back", vid),
        )
    say(
        conv,
        "customer",
        pick(conv, "got it thanks", "okay", "great", "lovely thank you")
        if conv.voice
        else pick(conv, "thanks", "Got it, thank you"),
    )


def email_extra(call: Call) -> None:
    conv, rng = call.conv, call.conv.rng
    p = call.cust
    email = make_email(rng, p.given, p.family, conv.locale)
    vid = conv.new_vid("EMAIL_ADDRESS")
    if rng.random() < 0.5:
        say(
            conv,
            "agent",
            pick(
                conv,
                "what email address shall i send that to",
                "do you want that sent by email",
                "i can email that over to you",
            ),
        )
        conv.add(
            "customer",
            pick(conv, "yeah send it to", "yes please it's", "can you use", "sure it's"),
            conv.ent(render_email(conv, email), "EMAIL_ADDRESS", "single_turn", vid),
            pick(conv, "", "please", "that's my personal one"),
        )
    else:
        conv.add(
            "customer",
            pick(
                conv,
                "can you email me the details my email is",
                "could you send it in writing to",
                "can you pop it in an email to",
            ),
            conv.ent(render_email(conv, email), "EMAIL_ADDRESS", "single_turn", vid),
        )
    if conv.voice and rng.random() < 0.3:
        conv.add(
            "agent",
            pick(conv, "so that's", "let me check i've got that"),
            conv.ent(render_email(conv, email), "EMAIL_ADDRESS", "read_back", vid),
        )
        say(conv, "customer", pick(conv, "that's it", "yep", "yes"))
    say(
        conv,
        "agent",
        pick(conv, "that's on its way now", "you should get that in the next {dur}", "done")
        if conv.voice
        else "Sent, it should arrive shortly.",
    )


def address_extra(call: Call) -> None:
    conv, rng = call.conv, call.conv.rng
    say(
        conv,
        "agent",
        q(
            conv,
            ["okay what's the new address", "and where are you moving to", "can i take the new address please"],
            ["What's the new address?", "Please send the new address."],
        ),
    )
    addr = make_address(conv)
    avid = conv.new_vid("ADDRESS")
    if conv.locale == "uk":
        pc = render_postcode(conv, *make_uk_postcode(rng))
    else:
        pc = render_zip(conv, make_zip(rng))
    pvid = conv.new_vid("POSTCODE")
    if rng.random() < 0.5:
        conv.add(
            "customer",
            cust_lead(conv),
            conv.ent(addr, "ADDRESS", "solicited_answer", avid),
            "," if not conv.voice else "",
            conv.ent(pc, "POSTCODE", "solicited_answer", pvid),
        )
    else:
        conv.add("customer", cust_lead(conv), conv.ent(addr, "ADDRESS", "solicited_answer", avid))
        say(
            conv,
            "agent",
            q(
                conv,
                [
                    "and the postcode",
                    "and the zip code there" if conv.locale == "us" else "and what's the postcode there",
                ],
                ["And the postcode?" if conv.locale == "uk" else "ZIP?"],
            ),
        )
        conv.add("customer", cust_lead(conv), conv.ent(pc, "POSTCODE", "solicited_answer", pvid))
    say(conv, "agent", ack(conv))


def callback_extra(call: Call) -> None:
    conv, rng = call.conv, call.conv.rng
    d, sizes, written = make_phone(rng, conv.locale)
    groups = split_groups(d, sizes)
    r = rng.random()
    if r < 0.45:
        vid = conv.new_vid("PHONE_NUMBER", d)
        read_out_unprompted(
            call,
            "PHONE_NUMBER",
            vid,
            groups,
            pick(
                conv,
                "can you call me back on",
                "the best number for me is",
                "if you need me you can ring me on",
                "my number's",
                "you can reach me on",
            )
            if conv.voice
            else pick(conv, "call me back on", "my number is", "you can reach me on"),
            hundreds=True,
        )
        say(conv, "agent", ack(conv))
    elif r < 0.7:
        vid = conv.new_vid("PHONE_NUMBER")
        conv.add(
            "customer",
            pick(conv, "can you ring me on", "my mobile's", "call me on"),
            conv.ent(
                join_spoken(conv, groups, lambda g: grp(conv, g, True)) if conv.voice else written,
                "PHONE_NUMBER",
                "single_turn",
                vid,
            ),
            pick(conv, "", "after five", "any time"),
        )
        say(conv, "agent", ack(conv))
    else:
        v_phone(call, "agent")


VERIFY_POOL: dict[tuple[str, str], tuple[str, ...]] = {
    ("banking", "uk"): ("dob", "postcode", "sortacc", "security", "pin", "address", "phone", "nino"),
    ("banking", "us"): ("dob", "postcode", "ident", "ssn", "pin", "phone", "security"),
    ("telecoms", "uk"): ("ident", "dob", "postcode", "pin", "address", "email", "security"),
    ("telecoms", "us"): ("ident", "pin", "postcode", "ssn", "security", "address"),
    ("utilities", "uk"): ("ident", "postcode", "address", "dob", "security", "phone", "pin"),
    ("utilities", "us"): ("ident", "postcode", "address", "phone", "email"),
    ("insurance", "uk"): ("ident", "dob", "postcode", "address", "security", "nino"),
    ("insurance", "us"): ("ident", "dob", "postcode", "ssn", "security", "pin"),
    ("retail", "uk"): ("ident", "email", "postcode", "phone", "address"),
    ("retail", "us"): ("ident", "email", "postcode", "phone"),
    ("travel", "uk"): ("ident", "email", "dob", "phone"),
    ("travel", "us"): ("ident", "email", "dob", "phone", "pin"),
    ("healthcare", "uk"): ("dob", "ident", "address", "postcode", "phone", "nino", "dob"),
    ("healthcare", "us"): ("dob", "ident", "ssn", "postcode", "phone", "pin"),
}


def verification(call: Call, k: int, asker: str = "agent", skip: Sequence[str] = ()) -> None:
    conv, rng = call.conv, call.conv.rng
    pool = [x for x in dict.fromkeys(VERIFY_POOL[(conv.sector, conv.locale)]) if x not in skip]
    items = rng.sample(pool, min(k, len(pool)))
    if "sortacc" in pool and "sortacc" not in items and rng.random() < 0.4:
        items = ["sortacc"] + items[: max(0, k - 1)]
    if items and conv.voice and rng.random() < 0.5:
        say(
            conv,
            asker,
            pick(
                conv,
                "okay before i go into the account i just need to ask a few security questions",
                "can i just confirm a couple of details",
                "i'll just need to pass you through security first",
                "for data protection can you confirm a few things for me",
            ),
        )
    for it in items:
        if it == "sortacc":
            v_sortcode(call, asker)
            give_ident(call, make_ident(conv), asker)
        elif it == "ident":
            give_ident(call, make_ident(conv), asker)
        else:
            {
                "dob": v_dob,
                "postcode": v_postcode,
                "security": v_security,
                "pin": v_pin,
                "address": v_address,
                "phone": v_phone,
                "email": v_email,
                "ssn": v_ssn,
                "nino": v_nino,
            }[it](call, asker)
    if items and rng.random() < 0.5:
        say(
            conv,
            asker,
            q(
                conv,
                [
                    "that's all fine thank you",
                    "great you're all verified",
                    "perfect thanks for that",
                    "lovely that's you through security",
                ],
                ["Thanks, you're verified.", "Great, that all matches."],
            ),
        )


def body(call: Call, issue: dialogue_data.Issue, extras: set[str]) -> None:
    conv, rng = call.conv, call.conv.rng
    _, _, replies, follows, resolutions = issue
    if rng.random() < 0.45:
        hold(call)
    if rng.random() < 0.15 and conv.voice:
        small_talk(call)
    i = rng.randrange(len(replies))
    say(conv, "agent", replies[i])
    if "third" in extras and not third_party(call, hint=call.hint):
        say(conv, "agent", ack(conv))
    if "addr" in extras:
        address_extra(call)
    follow = follows[i % len(follows)]
    if not conv.voice:
        follow = follow.replace("i'll pass the phone over", "they're next to me").replace(
            "i'll put them on", "they can type"
        )
    say(conv, "customer", follow + (" " + fill(conv, pick(conv, *COMPLAINTS)) if rng.random() < 0.12 else ""))
    if rng.random() < 0.15 and "third" not in extras:
        say(conv, "agent", pick(conv, *dialogue_data.AGENT_WORDY_LINES))
        say(conv, "customer", cust_ack(conv))
    say(conv, "agent", resolutions[i % len(resolutions)])
    say(
        conv,
        "customer",
        pick(
            conv,
            "okay that's great",
            "right okay",
            "brilliant thank you",
            "okay fair enough",
            "that's better than nothing i suppose",
            "great thanks",
            "mm okay",
            "okay i suppose that'll have to do",
            "perfect",
        )
        if conv.voice
        else pick(conv, "ok thanks", "Great, thank you!", "fine", "That works", "ok"),
    )
    if "email" in extras:
        email_extra(call)
    if "call" in extras:
        callback_extra(call)
    if "pay" in extras:
        if "pay" not in issue[0]:
            say(
                conv,
                "customer",
                pick(
                    conv,
                    "oh while i've got you can i pay my outstanding balance",
                    "can i also pay what i owe while i'm on",
                    "while i'm on can i pay off the arrears",
                    "oh and i want to pay the balance on my account",
                ),
            )
            say(
                conv,
                "agent",
                pick(conv, "of course the balance is {price2}", "sure there's {price2} outstanding", "yes no problem"),
            )
            payment(call, total_known=True)
        else:
            payment(call)
    if "ref" in extras:
        agent_reference(call)


def closing(call: Call) -> None:
    conv, rng = call.conv, call.conv.rng
    say(
        conv,
        "agent",
        q(
            conv,
            [
                "is there anything else i can help with today",
                "anything else at all",
                "was there anything else",
                "is there anything else i can do for you",
            ],
            ["Is there anything else I can help with?", "Anything else today?"],
        ),
    )
    a = call.agent
    if a is not None and a.vid and rng.random() < 0.25:
        conv.add(
            "customer",
            pick(conv, "no that's everything thanks", "no that's it thank you", "no you've been really helpful"),
            name_ent(call, a, "single_turn", "given", "customer"),
        )
    else:
        say(
            conv,
            "customer",
            pick(
                conv,
                "no that's all thanks",
                "no that's everything",
                "no i think that's it",
                "nope that's it cheers",
                "no thank you bye",
            )
            if conv.voice
            else pick(
                conv, "no thats all thanks", "No, that's everything. Thanks!", "nope thanks", "That's all, thank you"
            ),
        )
    c = call.cust
    parts: list[Part] = [
        pick(conv, "thanks for calling", "thank you for calling", "thanks for ringing") + f" {call.company}"
        if conv.voice
        else pick(conv, "Thanks for chatting with us", f"Thanks for contacting {call.company}")
    ]
    if c.vid and rng.random() < 0.35 and (c.knows("given") or (c.knows("family") and c.title)):
        if (rng.random() < 0.5 or not c.knows("given")) and c.title and c.knows("family"):
            parts += [
                c.title if conv.voice else c.title.capitalize(),
                name_ent(call, c, "read_back", "family", "agent"),
            ]
        else:
            parts.append(name_ent(call, c, "read_back", "given", "agent"))
    parts.append(
        pick(conv, "have a lovely day", "take care", "enjoy the rest of your day", "bye now", "have a good evening")
        if conv.voice
        else pick(conv, ". Have a great day!", "!")
    )
    conv.add("agent", *parts)
    if conv.voice and rng.random() < 0.15:
        say(
            conv,
            "ivr",
            pick(
                conv,
                "please stay on the line to answer a short survey about your call "
                "on a scale of one to five how satisfied were you",
                "before you go please rate your call press one for excellent",
            ),
        )
        say(conv, "customer", pick(conv, "five", "four", "one", "three"))


def make_agent(rng: random.Random, locale: str) -> Person:
    p = make_person(rng, locale)
    if rng.random() < 0.6:
        p.given = rng.choice(dialogue_data.AGENT_NAMES)
    return p


def interrupt(call: Call) -> None:
    """The customer cuts in on the agent."""
    conv = call.conv
    say(
        conv,
        "agent",
        pick(
            conv,
            "so what i'm going to do is",
            "okay so the first thing",
            "right so if i just",
            "what i can see here is that the",
        ),
    )
    say(
        conv,
        "customer",
        pick(conv, "sorry can i just ask", "sorry before you do that", "sorry to butt in but")
        + " "
        + fill(conv, pick(conv, *dialogue_data.INTERRUPT_LINES)),
    )
    say(
        conv,
        "agent",
        pick(
            conv,
            "good question i'll come to that in a second",
            "no that's fine i'll check that for you as we go",
            "sure i'll look at that too",
            "yeah let me note that down",
        ),
    )


def volunteer_ident(call: Call) -> None:
    """The customer reels off their reference before being asked."""
    conv = call.conv
    ident = make_ident(conv)
    if len(ident.groups) < 2:
        ident.groups = [ident.value[: len(ident.value) // 2], ident.value[len(ident.value) // 2 :]]
    vid = conv.new_vid("ACCOUNT_NUMBER", ident.value if ident.digits_only else None)
    read_out_unprompted(
        call,
        "ACCOUNT_NUMBER",
        vid,
        ident.groups,
        pick(
            conv,
            f"i've got my {ident.label} here if that helps",
            f"oh and my {ident.label} is",
            f"you'll want my {ident.label} it's",
            f"i'll give you the {ident.label} it's",
        ),
    )
    say(
        conv,
        "agent",
        pick(
            conv,
            "perfect thank you that's brought it up",
            "lovely thanks that saves me asking",
            "great that's found it",
        ),
    )


def how_help(conv: Conv) -> str:
    return q(
        conv,
        [
            "thanks and how can i help today",
            "lovely what can i do for you",
            "okay and what's the call about",
            "great how can i help",
            "thank you what can i help you with",
        ],
        ["Thanks! How can I help today?", "Thank you. What can I do for you?"],
    )


def pii_conversation(call: Call) -> None:
    conv, rng = call.conv, call.conv.rng
    issue = rng.choice(dialogue_data.ISSUES[conv.sector])
    conv.facts = _Filler(conv)
    flags = {f for f in issue[0].split(",") if f}
    extras = set(flags)
    if "pay" in flags and rng.random() < (0.03 if conv.voice else 0.2):
        extras.discard("pay")
    if "pay" not in flags and rng.random() < (0.27 if conv.voice else 0.04):
        extras.add("pay")
    for flag, keep in (("email", 0.35), ("ref", 0.3), ("call", 0.5), ("addr", 0.7)):
        if flag in flags and rng.random() > keep:
            extras.discard(flag)
    for flag, p in (("third", 0.11), ("email", 0.02), ("call", 0.02), ("ref", 0.02)):
        if rng.random() < p:
            extras.add(flag)
    core = fill(conv, pick(conv, *issue[1])).replace("{", "(")
    call.hint = core
    if not conv.voice:
        core = re.sub(r"\bi'm (ringing|calling)\b", pick(conv, "i'm messaging", "i'm getting in touch"), core)
    k = rng.choices([0, 1, 2, 3], [56, 37, 6, 1])[0]
    if conv.voice:
        if rng.random() < 0.07:
            outbound_open(call)
            verification(call, max(1, k))
            say(
                conv,
                "customer",
                pick(conv, "yeah so", "right so", "okay yeah")
                + " "
                + re.sub(r"\bi'm (ringing|calling)\b", "i was ringing", core),
            )
        else:
            if rng.random() < 0.45:
                ivr_block(call, take_ident=rng.random() < 0.2)
            asked = agent_intro(call)
            if asked or rng.random() < 0.35:
                if not asked:
                    ask_name(call)
                give_name(call)
                say(conv, "agent", how_help(conv))
                issue_statement(call, core, intro=False)
            else:
                intro = rng.random() < 0.4
                issue_statement(call, core, intro)
                if not intro:
                    ask_name(
                        call,
                        prefix=pick(
                            conv,
                            "okay i can help with that",
                            "sorry to hear that",
                            "right okay",
                            "no problem",
                            "oh dear okay",
                        ),
                    )
                    give_name(call)
            if rng.random() < 0.1:
                interrupt(call)
            volunteered = rng.random() < 0.05
            if volunteered:
                volunteer_ident(call)
            verification(call, k, skip=("ident", "sortacc") if volunteered else ())
    else:
        if rng.random() < 0.6:
            bot_block(call, core, 0.6)
            agent_intro(call)
            say(
                conv,
                "customer",
                pick(conv, "hi", "Hi there", "hello", "Hi, thanks")
                + pick(conv, "", " - as I said,", " yeah")
                + " "
                + core,
            )
        else:
            issue_statement(call, core, rng.random() < 0.35)
            agent_intro(call)
        if call.cust.vid is None:
            ask_name(call, "agent")
            give_name(call)
        if rng.random() < 0.1:
            v_pin(call, "agent")
        verification(call, k)
    body(call, issue, extras)
    closing(call)


# --------------------------------------------------------------------------
# Calls with no PII at all (precision material only)
# --------------------------------------------------------------------------

NOPII_QA: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "retail banking",
        "what time do you close on bank holidays",
        "we're open {time} till {time2} on bank holidays",
        "and is that the same for the {place} branch",
        "yes all branches keep the same hours",
    ),
    (
        "telecoms utilities insurance retail",
        "how much is {product} at the moment",
        "that's {price} at the moment",
        "does that go up after the first year",
        "it rose by {pct} last april and it's reviewed every year",
    ),
    (
        "telecoms utilities",
        "is there an outage in {place} my neighbours have lost it too",
        "yes there's a known issue affecting about {qtybig} homes",
        "how long will it be",
        "the engineers expect it fixed in {dur}",
    ),
    (
        "retail travel telecoms",
        "how long does a refund normally take",
        "usually {dur2} working days once it's processed",
        "and will it go back on the same card",
        "yes it'll go back to the original payment method",
    ),
    (
        "retail",
        "do you price match {company2}",
        "we do if it's the same model and in stock",
        "even if it's {price} cheaper",
        "as long as it's within {days} days of purchase",
    ),
    (
        "telecoms utilities insurance banking",
        "can i switch to {product}",
        "you can and you'd save about {pct} a year",
        "is there a fee for switching",
        "no it's free to switch and it starts on the {ordinal}",
    ),
    (
        "telecoms",
        "how many gigs do i get on {product}",
        "you get {data} a month",
        "and does it roll over",
        "unused data rolls over for one month",
    ),
    (
        "travel",
        "what's the cheapest way to get to {place} on the {ordinal}",
        "the off peak fare is {price}",
        "what time's the last one back",
        "the last one leaves at {time2}",
    ),
    (
        "travel",
        "what's the baggage allowance on {product}",
        "one bag up to twenty three kilos in the hold",
        "and hand luggage",
        "one small bag that fits under the seat",
    ),
    (
        "healthcare",
        "do i need to book for a flu jab",
        "yes we run clinics on {appt} from {time}",
        "how long does it take",
        "it's about {dur} including waiting",
    ),
    (
        "healthcare",
        "do you do blood tests at the surgery",
        "yes on weekday mornings from {time}",
        "do i need to fast",
        "only if the doctor has asked for a fasting test",
    ),
    (
        "banking insurance utilities",
        "is the grace period still fourteen days",
        "yes there's a grace period of {days} days",
        "and will you bill me if i miss it",
        "there's a late fee of {price} after that",
    ),
    (
        "banking",
        "what's the interest rate on {product}",
        "it's {pct} at the moment",
        "is that fixed",
        "it's variable and reviewed every {dur2} months",
    ),
)
NEUTRAL_LINES = (
    "every penny counts at the moment",
    "i'm in {place} at the moment",
    "the summer's always a bit mad for us",
    "to be fair to you it's been fine until now",
    "i'll be frank with you i've been looking around",
)


def nopii_conversation(call: Call) -> None:
    conv, rng = call.conv, call.conv.rng
    fitting = [x[1:] for x in NOPII_QA if conv.sector in x[0].split()]
    qa = rng.sample(fitting, min(len(fitting), rng.choice([1, 2, 2])))
    if conv.voice:
        if rng.random() < 0.6:
            ivr_block(call, take_ident=False)
        agent_intro(call)
    elif rng.random() < 0.5:
        say(
            conv,
            "bot",
            pick(conv, f"Hi! I'm the {call.company} assistant. Ask me anything.", "Hello, how can I help today?"),
        )
    else:
        agent_intro(call)
    asker = "agent" if (conv.voice or conv.turns[-1].speaker == "agent") else "bot"
    for i, (q1, a1, q2, a2) in enumerate(qa):
        lead = (
            (
                pick(conv, *OPENERS_VOICE)
                + " "
                + pick(conv, "i just wanted to ask", "quick question", "can you tell me", "i was wondering")
                if conv.voice
                else pick(conv, "Hi,", "Quick question -", "")
            )
            if i == 0
            else pick(conv, "and another thing", "oh and", "also")
            if conv.voice
            else "Also,"
        )
        say(conv, "customer", lead + " " + fill(conv, q1) + ("" if conv.voice else "?"))
        if conv.voice and rng.random() < 0.4:
            hold(call)
        say(conv, asker, fill(conv, a1))
        if rng.random() < 0.4:
            say(conv, "customer", fill(conv, pick(conv, *NEUTRAL_LINES)))
            say(
                conv,
                asker,
                pick(conv, "i understand", "fair enough", "i know what you mean") if conv.voice else "I understand.",
            )
        say(conv, "customer", fill(conv, q2) + ("" if conv.voice else "?"))
        say(conv, asker, fill(conv, a2))
        say(conv, "customer", cust_ack(conv))
    if asker == "agent":
        say(
            conv,
            "agent",
            q(
                conv,
                ["anything else i can help with", "is there anything else today"],
                ["Anything else I can help with?"],
            ),
        )
        say(conv, "customer", pick(conv, "no that's it thanks", "no that's all bye", "no thanks"))
        say(
            conv,
            "agent",
            pick(conv, f"thanks for calling {call.company} bye now", "no problem take care")
            if conv.voice
            else "Thanks for getting in touch, have a good day!",
        )
    else:
        say(conv, "bot", "Was this helpful? 👍 / 👎")
        say(conv, "customer", pick(conv, "yes", "👍", "thanks"))


# --------------------------------------------------------------------------
# Build, validate, write
# --------------------------------------------------------------------------

SECTOR_WEIGHTS = {
    "banking": 20,
    "telecoms": 18,
    "utilities": 16,
    "insurance": 14,
    "retail": 14,
    "travel": 9,
    "healthcare": 9,
}


def build_conversation(idx: int, rng: random.Random, pii: bool) -> Conv:
    crng = random.Random(rng.getrandbits(64))
    channel = "voice" if crng.random() < 0.7 else "chat"
    locale = "uk" if crng.random() < 0.6 else "us"
    sectors = list(SECTOR_WEIGHTS)
    sector = crng.choices(sectors, [SECTOR_WEIGHTS[s] for s in sectors])[0]
    conv = Conv(f"dlg-{idx:04d}", channel, locale, sector, crng)
    conv.lazy = channel == "chat" and crng.random() < 0.35
    conv.zero = "oh" if crng.random() < (0.75 if locale == "uk" else 0.45) else "zero"
    conv.dmode = crng.choice(["single", "single", "runs", "pairs", "mixed"])
    agent = make_agent(crng, locale) if pii and crng.random() < 0.9 else None
    call = Call(conv, make_person(crng, locale), agent, company(conv), agent_first_only=crng.random() < 0.85)
    if pii:
        pii_conversation(call)
    else:
        nopii_conversation(call)
    return conv


_EDGE_BAD = set(" \t\n.,;:!?\"'()[]-/")


def assemble_digits(pieces: list[tuple[str, Piece]]) -> str:
    """Final digits of one value from its non-read-back pieces, applying
    corrections (a piece with ``replace=k`` overwrites the last k digits)."""
    out = ""
    for text, piece in pieces:
        if piece.pattern == "read_back":
            continue
        d = parse_digits(text)
        out = (out[: -piece.replace] if piece.replace else out) + d
    return out


def validate(convs: Sequence[Conv]) -> None:
    """Assert the labels are sound; raises AssertionError on the first problem."""
    for conv in convs:
        assert conv.turns, conv.cid
        by_vid: dict[str, list[tuple[str, Piece]]] = {}
        for t in conv.turns:
            assert t.speaker in ("agent", "customer", "bot", "ivr"), t.speaker
            last_end = -1
            for start, end, piece in sorted(t.ents, key=lambda e: e[0]):
                span = t.text[start:end]
                where = f"{conv.cid}: {t.text!r} [{span!r}]"
                assert 0 <= start < end <= len(t.text), where
                assert start >= last_end, "overlap " + where
                last_end = end
                assert span[0] not in _EDGE_BAD and span[-1] not in _EDGE_BAD, "edge " + where
                assert start == 0 or not t.text[start - 1].isalnum(), "mid-word start " + where
                assert end == len(t.text) or not t.text[end].isalnum(), "mid-word end " + where
                assert piece.type in ENTITY_TYPES and piece.pattern in PATTERNS, where
                assert piece.form == ("spoken" if conv.voice else "written"), where
                assert conv.vtypes[piece.vid] == piece.type, "vid type " + where
                by_vid.setdefault(piece.vid, []).append((span, piece))
        for vid, pieces in by_vid.items():
            etype = pieces[0][1].type
            where = f"{conv.cid} {vid} {[p[0] for p in pieces]}"
            if etype == "CREDIT_CARD":
                d = assemble_digits(pieces)
                assert 13 <= len(d) <= 19 and luhn_ok(d), "card " + where
                assert d == conv.expected[vid], "card digits " + where
            elif vid in conv.expected and etype in DIGIT_TYPES:
                d = assemble_digits(pieces)
                if etype == "PIN" and "and" in pieces[0][0]:
                    assert d == conv.expected[vid], where
                else:
                    assert d == conv.expected[vid], f"digits {d} != {conv.expected[vid]} " + where
            for text, piece in pieces:
                if piece.pattern == "read_back" and etype in DIGIT_TYPES and vid in conv.expected:
                    assert parse_digits(text) in conv.expected[vid] or conv.expected[vid].endswith(
                        parse_digits(text)
                    ), "read_back " + where
        # every registered value id must be used
        assert set(by_vid) == set(conv.vtypes), f"{conv.cid} unused vids"


def to_rows(conv: Conv) -> list[dict]:
    rows = []
    for i, t in enumerate(conv.turns):
        rows.append(
            {
                "conversation_id": conv.cid,
                "turn_index": i,
                "channel": conv.channel,
                "speaker": t.speaker,
                "text": t.text,
                "entities": [
                    {"type": p.type, "start": s, "end": e, "form": p.form, "pattern": p.pattern, "value_id": p.vid}
                    for s, e, p in sorted(t.ents, key=lambda x: x[0])
                ],
            }
        )
    return rows


def summary(convs: Sequence[Conv]) -> str:
    turns = sum(len(c.turns) for c in convs)
    pieces = [(c.cid, p) for c in convs for t in c.turns for _, _, p in t.ents]
    values: dict[tuple[str, str], set[str]] = {}
    for cid, p in pieces:
        values.setdefault((cid, p.vid), set()).add(p.pattern)
    vtype = {(cid, p.vid): p.type for cid, p in pieces}
    lines = [
        (
            f"conversations: {len(convs)} (voice {sum(c.voice for c in convs)}, "
            f"chat {sum(not c.voice for c in convs)}, "
            f"no PII {sum(not any(t.ents for t in c.turns) for c in convs)})"
        ),
        f"turns: {turns}",
        f"values: {len(values)}",
        f"pieces: {len(pieces)}",
        "values per type:",
    ]
    for k, n in Counter(vtype.values()).most_common():
        lines.append(f"  {k:16s} {n}")
    lines.append("pieces per pattern (values having that pattern):")
    pc = Counter(p.pattern for _, p in pieces)
    vc = Counter(pat for pats in values.values() for pat in pats)
    for k in PATTERNS:
        lines.append(f"  {k:22s} {pc[k]:5d} ({vc[k]})")
    ctp = Counter(vtype[k] for k, pats in values.items() if "cross_turn_prompted" in pats)
    lines.append(f"cross_turn_prompted values by type: {dict(ctp)}")
    ctu = Counter(vtype[k] for k, pats in values.items() if "cross_turn_unprompted" in pats)
    lines.append(f"cross_turn_unprompted values by type: {dict(ctu)}")
    na = sum(1 for k, pats in values.items() if "name_answer" in pats)
    lines.append(f"PERSON values with a name_answer piece: {na}")
    lines.append("sectors: " + str(dict(Counter(c.sector for c in convs))))
    lines.append("locales: " + str(dict(Counter(c.locale for c in convs))))
    return "\n".join(lines)


N_CONVERSATIONS = 400
N_NO_PII = 40


def main() -> None:
    rng = random.Random(SEED)
    no_pii = set(rng.sample(range(N_CONVERSATIONS), N_NO_PII))
    convs = [build_conversation(i, rng, i not in no_pii) for i in range(N_CONVERSATIONS)]
    validate(convs)
    with OUT_PATH.open("w", encoding="utf-8") as fh:
        for conv in convs:
            for row in to_rows(conv):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {OUT_PATH}")
    print(summary(convs))


if __name__ == "__main__":
    main()
