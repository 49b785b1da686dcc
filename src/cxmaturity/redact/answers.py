"""Reading an answer: the value in a reply once the question has said what it is.

`solicited.py` keeps the dialogue state (what was asked, for how long the caller is still
answering); this module reads the reply itself. Digits are found in `spoken` views (`views`, the
batch's shared `SpokenViews` when redacting; `spoken.view_of` by default); here are
the values that are words or mixed: names and security answers by position after their
preamble ("it's", "surname's", "my wife's card"), letters read out one by one, codes in letters
and digits ("q q x seven l v", "M5G"), dates in words ("the third of november seventy one",
"march slash twenty nine"), addresses up to their postcode, and references a speaker announces
("my booking reference is ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from cxmaturity.redact import names
from cxmaturity.redact.spoken import ViewOf, view_of

WORD_ANSWER_TYPES = ("PERSON", "SECURITY_ANSWER", "ADDRESS")

SOLICITED_SCORE = 1.0  # the question is stronger evidence than any pattern: it wins overlaps
# Letters and digits read out as a code are a weaker guess: an email or NI number recognizer wins over them.
CODE_SCORE = 0.9
# Words after a number that make it an amount, a time or a count, never an identifier.
AMOUNT_AFTER = re.compile(
    r"^\s*(?:pounds?|quid|pence|p\b|dollars?|bucks|cents?|euros?|percent|per cent|%|minutes?|mins?|hours?|"
    r"days?|weeks?|months?|years?|gigs?|gb|mb|st|nd|rd|th|times?|items?|boxes|pairs?|people|o'?clock|am|pm|"
    r"a\.m|p\.m)\b",
    re.IGNORECASE,
)
# Said before a name or an answer without being part of it.
_ANSWER_PREAMBLE = re.compile(
    r"(?:\s*(?:(?:my|his|her|our) (?:husband|wife|partner|son|daughter|mum|mom|mother|dad|father|brother|sister)"
    r"(?:'s)?(?: sort of)?(?: card| account| name)?(?: is)?|"
    r"yes|yeah|yep|yup|sure|ok(?:ay)?|right|alright|um+|uh+|er+|erm|hmm+|so|well|oh|of course|no problem|"
    r"certainly|it'?s|it is|it was|that'?s|that is|this is|i'?m|i am|my name'?s|my name is|name'?s|the name'?s|"
    r"the name is|my full name is|full name'?s|full name is|(?:my |the )?(?:sur|first |last |middle |given |family )"
    r"?name(?:'s| is| was)?|it would be|it'd be|i think|i believe|sorry|hi|hello|the answer is|"
    r"answer is|mr|mrs|ms|miss|mister|dr|doctor|prof|sir|you'?re speaking (?:to|with)|speaking|my|the|a|an|"
    r"(?:my )?(?:mother'?s|mum'?s|mom'?s) maiden name (?:is|was|'?s)|maiden name (?:is|was|'?s)|"
    r"(?:my )?first (?:pet|school|car) (?:is|was|'?s)|it was called|called|named|same as mine|same as me|same|"
    r"the same|and then|then|and|actually)\b[\s,.:;!-]*)+",
    re.IGNORECASE,
)
# Words that end a name given in answer ("priya raman calling about my bill").
_NAME_STOPPERS = frozenset(
    {
        "and",
        "but",
        "from",
        "calling",
        "here",
        "speaking",
        "thanks",
        "thank",
        "please",
        "with",
        "for",
        "on",
        "at",
        "i",
        "i'm",
        "im",
        "my",
        "is",
        "was",
        "that's",
        "thats",
        "that",
        "it's",
        "its",
        "yeah",
        "yes",
        "no",
        "sorry",
        "as",
        "in",
        "to",
        "the",
        "about",
        "regarding",
        "cheers",
        "ta",
        "spelt",
        "spelled",
        "like",
        "okay",
        "ok",
        "if",
        "so",
        "who",
        "which",
        "because",
        "cause",
        "cos",
        "or",
        "account",
        "card",
        "mr",
        "mrs",
    }
)
# Words that may come first in a reply to a name question and are not the name.
_NEVER_NAMES = frozenset(
    {
        "actually",
        "just",
        "um",
        "uh",
        "er",
        "erm",
        "well",
        "sorry",
        "hang",
        "hold",
        "wait",
        "what",
        "why",
        "who",
        "husband",
        "wife",
        "partner",
        "son",
        "daughter",
        "mum",
        "mom",
        "dad",
        "mother",
        "father",
        "card",
        "account",
        "not",
        "no",
        "nope",
        "same",
        "please",
        "thanks",
        "okay",
        "ok",
        "yes",
        "yeah",
        "sure",
        "hi",
        "hello",
        "one",
        "can",
        "could",
        "would",
        "do",
        "did",
        "does",
        "is",
        "are",
        "was",
        "were",
        "have",
        "has",
        "had",
        "need",
        "want",
        "like",
        "think",
        "don't",
        "didn't",
        "doesn't",
        "can't",
        "won't",
        "i'll",
        "i've",
        "i'd",
        "let",
        "cardholder",
        "holder",
        "name",
        "surname",
        "first",
        "last",
    }
)
_NAME_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "du",
        "del",
        "della",
        "dos",
        "das",
        "bin",
        "binti",
        "bint",
        "ibn",
        "abu",
        "al",
        "el",
        "la",
        "le",
        "ter",
        "ten",
        "st",
        "mac",
        "mc",
        "ap",
        "ben",
    }
)


_SPELLED_LETTERS = re.compile(
    r"\b(?:(?:(?:double|triple) )?[a-z](?:[\s,.-]+|$)|(?:hyphen|dash|apostrophe|space)(?:[\s,.-]+|$)){3,}",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|"
    "jul|aug|sep|sept|oct|nov|dec"
)
_ORDINALS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
    "fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|\\d{1,2}(?:st|nd|rd|th)"
)
_DATE_PIECE = re.compile(
    rf"\b(?:{_MONTHS}|(?:twenty|thirty)[- ]?(?:{_ORDINALS})|{_ORDINALS})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SolicitedHit:
    """A value found in turn `turn` at [start, end), typed by what the dialogue asked for."""

    turn: int
    start: int
    end: int
    entity_type: str
    score: float = SOLICITED_SCORE


CODE_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
# A speaker announcing an identifier: "my booking reference is", "your reference for that is", "quote".
_REFERENCE_CUE = re.compile(
    r"\b(?:(?:booking|order|policy|claim|case|tracking|ticket|confirmation|membership|member|customer|account)\s+"
    r"(?:reference|ref|number|no|code|id)|reference(?:\s+number)?|ref)\s*(?:for (?:that|this|it)\s*)?"
    r"(?:is|'s|:|=)?\s*(?:it's\s*|it is\s*)?(?=\S)|\bquote\s+(?=\S)",
    re.IGNORECASE,
)
# A typed reference token: letters and digits mixed ("MERP4M", "M5G", "56f"), or capitals only ("GWM").
TYPED_CODE = re.compile(r"^(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{2,14}$|^[A-Z]{3,8}$")


def announced_reference(index: int, text: str, views: ViewOf = view_of) -> tuple[list[SolicitedHit], bool] | None:
    """The identifier said right after a reference cue, and whether the turn ends on the cue (more to come)."""
    cue = _REFERENCE_CUE.search(text)
    if cue is None:
        return None
    rest = text[cue.end() :]
    codes = [
        SolicitedHit(c.turn, c.start, c.end, c.entity_type)  # said to be a reference: as sure as an answer
        for c in code_hits(index, text, "ACCOUNT_NUMBER", typed_codes=True, views=views)
        if c.start >= cue.end()
        and not AMOUNT_AFTER.match(text[c.end :])
        and not text[cue.end() : c.start].strip(" ,:-").count(" ") > 2  # the code follows the cue closely
    ]
    return codes[:1], not rest.strip(" .,:-")


def code_hits(
    index: int, text: str, entity: str, typed_codes: bool = False, views: ViewOf = view_of
) -> list[SolicitedHit]:
    """A code read out in letters and numbers: postcodes ("s w one a", "one a a", "sw1a 1aa") and
    references ("eight b x", "q q x seven l v")."""
    digit_spans = [(run.start, run.end) for run in views(text).runs]
    groups: list[list[int]] = []  # [start, end, holds a digit]
    joinable = False
    for token in CODE_TOKEN.finditer(text):
        word = token.group()
        digit = any(s <= token.start() < e for s, e in digit_spans) or any(c.isdigit() for c in word)
        typed = typed_codes and bool(TYPED_CODE.match(word))
        in_run = any(s <= token.start() < e for s, e in digit_spans)
        if not (digit and len(word) <= 4 or len(word) == 1 or typed or in_run):
            joinable = False
            continue
        digit = digit or typed
        if joinable and not text[groups[-1][1] : token.start()].strip(" ,-"):
            groups[-1][1] = token.end()
            groups[-1][2] = groups[-1][2] or digit
        else:
            groups.append([token.start(), token.end(), digit])
        joinable = True
    return [
        SolicitedHit(index, start, end, entity, CODE_SCORE)
        for start, end, digit in groups
        if digit or len(CODE_TOKEN.findall(text[start:end])) >= 2
    ]


def date_hits(
    index: int, text: str, found: list[SolicitedHit], entity: str, views: ViewOf = view_of
) -> list[SolicitedHit]:
    """A date said in words and numbers ("the fourteenth of march eighty two", "march slash twenty nine",
    "ten slash two thousand and twenty nine"): month names, ordinals and digit groups joined into one span."""
    pieces = [(m.start(), m.end(), True) for m in _DATE_PIECE.finditer(text)]
    pieces += [(h.start, h.end, True) for h in found if h.entity_type == entity]
    pieces += [(run.start, run.end, False) for run in views(text).runs if not AMOUNT_AFTER.match(text[run.end :])]
    if not pieces:
        return []
    pieces.sort()
    spans: list[list] = [list(pieces[0])]
    for start, end, sure in pieces[1:]:
        gap = text[spans[-1][1] : start].strip(" ,./-").lower()
        if start <= spans[-1][1] or gap in _DATE_GLUE:
            spans[-1][1] = max(spans[-1][1], end)
            spans[-1][2] = spans[-1][2] or sure
            spans[-1].append(None)  # one more piece
        else:
            spans.append([start, end, sure])
    # A span counts with a month, an ordinal or an asked-for group in it, or two groups ("oh four / twenty nine").
    return [SolicitedHit(index, span[0], span[1], entity) for span in spans if span[2] or len(span) > 3]


_DATE_GLUE = frozenset({"", "of", "the", "of the", "in", "slash", "and", "stroke", "dash", "oh"})


def _spelled_hits(index: int, text: str, found: list[SolicitedHit], entity: str) -> list[SolicitedHit]:
    """Letters read out one by one ("s w one a one a a"), joined with the digit groups among them."""
    hits = []
    for match in _SPELLED_LETTERS.finditer(text):
        start, end = match.start(), match.end()
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if not any(h.start <= start < h.end for h in found):
            hits.append(SolicitedHit(index, start, end, entity))
    return hits


def word_answer_hits(
    asked: list[str], index: int, text: str, found: list[SolicitedHit], views: ViewOf = view_of
) -> list[SolicitedHit]:
    """A name, security answer or address given where the question put it, whatever the words are."""
    entity = next((e for e in asked if e in WORD_ANSWER_TYPES), None)
    if entity is None:
        return []
    if entity == "ADDRESS":
        return _address_hits(index, text, views)
    hits = _spelled_hits(index, text, found, entity)
    if entity == "SECURITY_ANSWER":  # "the first and fifth characters": "p and e"
        hits += [
            SolicitedHit(index, m.start(), m.end(), entity)
            for m in _LETTER_PAIR.finditer(text)
            if not any(h.start <= m.start() < h.end for h in hits)
        ]
    parts = [(0, len(text))]
    if entity == "PERSON":  # "last name pettibone and first name seo-yeon", "surname's okonkwo and then ifeoluwa"
        cuts = [m.start() for m in _NAME_PART.finditer(text)]
        parts = list(zip([0, *cuts], [*cuts, len(text)], strict=True))
    for start, end in parts:
        hit = _answer_words(index, text, start, end, entity, hits + found)
        if hit is not None:
            hits.append(hit)
    return hits


_LETTER_PAIR = re.compile(r"(?<!['’])\b[a-z](?:\s*(?:,|and|&|then)\s*[a-z])+\b(?!['’])", re.IGNORECASE)
# Where a name answer turns to its next part: "... and first name ...", "..., surname ...".
_NAME_PART = re.compile(
    r"(?:,\s*|\b(?:and|then)\s+)(?=(?:then\s+|my\s+|the\s+)?(?:first|last|sur|given|family|middle)\s?name)|"
    r"\band then\b|\b(?:first|last|given|family|middle) ?name|\bsurname",
    re.IGNORECASE,
)


def _answer_words(
    index: int, text: str, start: int, end: int, entity: str, taken: list[SolicitedHit]
) -> SolicitedHit | None:
    """The answer's words in text[start:end], after its preamble ("it's", "surname's", "my mum's name is")."""
    preamble = _ANSWER_PREAMBLE.match(text, start, end)
    position = preamble.end() if preamble else start
    chosen: list[re.Match[str]] = []
    for word in names.NAME_WORD.finditer(text, position, end):
        low = re.sub(r"['’]s$", "", word.group().lower()).strip("'’")  # "husband's" is "husband"
        if any(h.start <= word.start() < h.end for h in taken):
            break
        if chosen and text[chosen[-1].end() : word.start()].strip(" -"):
            break  # punctuation ends the answer ("priya raman, calling about ...")
        if low in _NAME_STOPPERS and not (chosen and low in _NAME_PARTICLES):
            break  # "it's for my husband": no answer here
        if entity == "PERSON" and not _name_word(low) and (chosen or low in _NEVER_NAMES or low in STOP_WORDS):
            break  # the first word is a name by position, whatever it is ("precious"); later ones must look like one
        chosen.append(word)
        if len(chosen) == 4:
            break
    while chosen and chosen[-1].group().lower() in _NAME_PARTICLES:
        chosen.pop()
    return SolicitedHit(index, chosen[0].start(), chosen[-1].end(), entity) if chosen else None


# What an address answer may start with and end on, besides the address.
_ADDRESS_PREAMBLE = re.compile(
    r"(?:\s*(?:yes|yeah|yep|sure|ok(?:ay)?|right|um+|uh+|er+|erm|so|well|it'?s|it is|it'll be|that'll be|that will be|"
    r"we'?re moving to|i'?m moving to|moving to|we'?re going to|the new (?:address|place) is|new address is|"
    r"(?:the )?address is|it'?s at|at)\b[\s,.:;!-]*)+",
    re.IGNORECASE,
)
_ADDRESS_TAIL = re.compile(
    r"\b(?:if that|i think|thanks|thank you|please|that's it|and the postcode|postcode|zip|and that's|cheers)\b",
    re.IGNORECASE,
)
_STREET_WORD = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|boulevard|blvd|place|pl|crescent|"
    r"terrace|grove|gardens|square|mews|row|highway|hwy|walk|hill|park|green|parade|flat|apartment|apt|unit|"
    r"suite|house|cottage|farm|heol|ffordd|stryd)\b",
    re.IGNORECASE,
)


def _address_hits(index: int, text: str, views: ViewOf) -> list[SolicitedHit]:
    """The address given in answer, from after the preamble to its last word, and the postcode or ZIP
    said after it ("apartment one one four ... north main street omaha" + "five eight nine forty nine")."""
    preamble = _ADDRESS_PREAMBLE.match(text)
    start = preamble.end() if preamble else 0
    tail = _ADDRESS_TAIL.search(text, start)
    end = tail.start() if tail else len(text)
    digit_spans = [(run.start, run.end) for run in views(text).runs]
    tokens = [t for t in CODE_TOKEN.finditer(text, start, end)]

    def code_like(token: re.Match[str]) -> bool:
        word = token.group()
        in_digits = any(s <= token.start() < e for s, e in digit_spans)
        return in_digits or len(word) == 1 or (any(c.isdigit() for c in word) and len(word) <= 4)

    trailing: list[re.Match[str]] = []
    while tokens and code_like(tokens[-1]):
        trailing.insert(0, tokens.pop())
    if not tokens:
        return []
    span_text = text[tokens[0].start() : tokens[-1].end()]
    if not (any(code_like(t) for t in tokens) or _STREET_WORD.search(span_text)):
        return []
    hits = [SolicitedHit(index, tokens[0].start(), tokens[-1].end(), "ADDRESS")]
    if len(trailing) >= 2 or (trailing and sum(c.isdigit() for c in trailing[0].group()) >= 5):
        hits.append(SolicitedHit(index, trailing[0].start(), trailing[-1].end(), "POSTCODE"))
    return hits


def _name_word(low: str) -> bool:
    """A word of a name given in answer: a listed name, a particle, or not an everyday word."""
    listed = names.is_given_name(low) or names.is_surname(low)
    return low in _NAME_PARTICLES or listed or not names.is_everyday_word(low)
