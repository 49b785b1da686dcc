"""Dialogue state for solicited values: what the agent asked for types what the caller says next.

A caller's reply often holds nothing but the value asked for, with no word in it saying what
it is: "triple seven" is a card security code only because of the turn before, "ngozi
adeyemi" is a name only because the agent asked for one. And long numbers come a group per
turn: agent "card number please" / "four one one one" / "mm hm" / "one one one one" / "and
the next four?" / ... No single turn looks like a card.

So we walk the conversation once, keeping an *expectation*: the types the asking side (agent,
bot, IVR) last asked for. While it is open, the caller's digit groups are that value, however
many turns they take, and so are the agent's read-backs of them. Backchannels ("mm hm"),
holds ("hang on") and prompts ("and the next four?") keep it open; a new question replaces
it; anything else substantive from either side closes it, as does reaching the longest
length the value can have. Names and security answers are words, not digits: the caller's
first reply after such a question is read for them by position, whatever the words are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from cxmaturity.redact import names
from cxmaturity.redact.spoken import DigitRun, spelled_prefix_start, view_of

SOLICITED_SCORE = 1.0  # the question is stronger evidence than any pattern: it wins overlaps
# Letters and digits read out as a code are a weaker guess: an email or NI number recognizer wins over them.
CODE_SCORE = 0.9
ASKING_ROLES = frozenset({"agent", "bot", "ivr", "system"})
# A reply longer than this is not a bare answer; its own words must carry the context.
MAX_REPLY_WORDS = 40
# Caller turns without the value ("hang on", "let me find it") before the expectation lapses.
MAX_IDLE_TURNS = 3
# An asking-side turn with more words than this (besides digits) that asks nothing moves the topic on.
MAX_CONTINUATION_WORDS = 9
# A group of one or two digits is part of a value only in a reply of at most this many other words.
SHORT_REPLY_WORDS = 4
# Longest digit count a value may reach, self-corrections included, before later digits are not it.
MAX_DIGITS = {
    "CREDIT_CARD": 28, "ACCOUNT_NUMBER": 24, "PHONE_NUMBER": 16, "PIN": 10, "CARD_CVV": 5,
    "CARD_EXPIRY": 8, "DATE_OF_BIRTH": 10, "POSTCODE": 10, "US_SSN": 12, "SECURITY_ANSWER": 10, "UK_NINO": 8,
}
WORD_ANSWER_TYPES = ("PERSON", "SECURITY_ANSWER", "ADDRESS")

# What a question asks for, in the order runs are matched against them.
_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("CARD_CVV", re.compile(
        r"\b(?:cvv2?|cvc|cv2|csc|(?<!social )security (?:code|number|digits)|(?:three|four|3|4)[- ]digit (?:security )?"
        r"(?:code|number)|code on the (?:back|front)|digits on the (?:back|front)|"
        r"on the back of (?:the|your) card)\b")),
    ("CARD_EXPIRY", re.compile(
        r"\b(?:expiry|expiration|expires?|exp date|valid (?:until|to|thru|through)|end date)\b")),
    ("SECURITY_ANSWER", re.compile(
        r"\b(?:maiden name|memorable (?:word|place|name|answer)|security (?:question|answer|word)|secret "
        r"(?:question|answer|word)|first (?:pet|school|car|teacher)|pet'?s name|favourite (?:teacher|film|movie|"
        r"book|food|colour|color|place)|(?:town|city|place) (?:you were|of) born|place of birth|where were you born|"
        r"childhood (?:friend|nickname|street)|street you grew up)\b")),
    ("PIN", re.compile(
        r"\b(?:pin|pin number|passcode|pass code|one[- ]time (?:pass)?code|verification code|memorable "
        r"(?:date|number)|otp|(?:six|6|five|5|four|4)[- ]digit (?:code|pin)|code (?:we|i) (?:just )?(?:sent|texted)|"
        r"telephone banking (?:code|number)|type it here|(?:text|message|email|sms) with a code|code in (?:it|the "
        r"(?:text|message|email))|(?:access|sms|text|login|authori[sz]ation) code|digits? (?:\d|\w+) and (?:\d|\w+) "
        r"of your)\b")),
    ("CREDIT_CARD", re.compile(
        r"\b(?:(?:long |full )?(?:card|visa|mastercard|amex|debit card|credit card) (?:(?:um|uh|erm|er) )?"
        r"(?:number|details|digits)|"
        r"long number|number (?:on|across) the front|(?:sixteen|16|fifteen|15)[- ]digit|"
        r"(?:digits|four|4|numbers) (?:of|on|from) (?:your|the) card|the rest of (?:the|your) card|"
        r"card you(?:'d| would)? like to use)")),
    ("PHONE_NUMBER", re.compile(
        r"\b(?:phone|mobile|telephone|landline|cell|contact) (?:number|no)\b|\bbest number\b|"
        r"\bnumber (?:to|we can|i can) (?:call|reach|text|ring)\b|\byour (?:mobile|phone)\b")),
    ("ACCOUNT_NUMBER", re.compile(
        r"\b(?:(?:account|policy|order|claim|member(?:ship)?|booking|tracking|ticket|customer|case|meter|nhs|"
        r"patient|reg(?:istration)?|reference|ref|sort|confirmation) (?:number|no|code|ref(?:erence)?|id|details)|"
        r"reference|"
        r"(?:membership|policy|account) (?:on|from) the)\b")),
    ("POSTCODE", re.compile(r"\b(?:post ?code|postal code|zip(?: code)?)\b")),
    ("ADDRESS", re.compile(
        r"\b(?:(?:new|full|home|postal|billing|delivery|correspondence|your|the) address|address (?:on|for|of|is)|"
        r"first line|house (?:number|name)|(?:number and|and the|your|the) street|where (?:are|will) you (?:be )?"
        r"moving|moving to|where do you live|where you live|new place)\b")),
    ("UK_NINO", re.compile(r"\b(?:national insurance(?: number)?|ni number|nino)\b")),
    ("DATE_OF_BIRTH", re.compile(r"\b(?:date of birth|dob|d\.o\.b|birthday|when (?:were|was) you born|birth date)\b")),
    ("US_SSN", re.compile(r"\b(?:social security|ssn|social)\b(?! media)")),
    ("PERSON", re.compile(
        r"\b(?:(?:your|the|full|first|last|sur|given|family|middle|christian|caller'?s|second|other) ?names?|"
        r"(?:card|account|policy|bill)? ?holder'?s? ?names?|name (?:as|exactly as) (?:it|they) appears?|"
        r"name (?:on|of|for|under) (?:the|your) (?:card|account|booking|policy|order)|what name|"
        r"who (?:(?:uh|um|er|erm) )?(?:am i|i'm|do i|have i got|have i)\b(?: \w+){0,3}? "
        r"(?:speaking|talking|chatting|on the line|with)|"
        r"who(?:'s| is) (?:calling|speaking|this|on the line)|with whom|"
        r"(?:how do you|could you|can you|please) spell (?:that|it|your|the)|name please|and you are)\b")),
)
_AMOUNT_AFTER = re.compile(
    r"^\s*(?:pounds?|quid|pence|p\b|dollars?|bucks|cents?|euros?|percent|per cent|%|minutes?|mins?|hours?|"
    r"days?|weeks?|months?|years?|gigs?|gb|mb|st|nd|rd|th|times?|items?|boxes|pairs?|people|o'?clock|am|pm|"
    r"a\.m|p\.m)\b",
    re.IGNORECASE,
)
_AMOUNT_BEFORE = re.compile(
    r"(?:[£$€]|\b(?:press|option|line|extension|ext|cost|costs|costing|paid|pay|charged|price|priced|about|around|"
    r"only|just|roughly|nearly|over|under)\s*)$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Za-z0-9']+")
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")  # letters of any script
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
_NAME_STOPPERS = frozenset({
    "and", "but", "from", "calling", "here", "speaking", "thanks", "thank", "please", "with", "for", "on", "at",
    "i", "i'm", "im", "my", "is", "was", "that's", "thats", "that", "it's", "its", "yeah", "yes", "no", "sorry",
    "as", "in", "to", "the", "about", "regarding", "cheers", "ta", "spelt", "spelled", "like", "okay", "ok",
    "if", "so", "who", "which", "because", "cause", "cos", "but", "or", "account", "card", "mr", "mrs",
})
# Words that may come first in a reply to a name question and are not the name.
_NEVER_NAMES = frozenset({
    "actually", "just", "um", "uh", "er", "erm", "well", "sorry", "hang", "hold", "wait", "what", "why", "who",
    "husband", "wife", "partner", "son", "daughter", "mum", "mom", "dad", "mother", "father", "card", "account",
    "not", "no", "nope", "same", "please", "thanks", "okay", "ok", "yes", "yeah", "sure", "hi", "hello", "one",
    "can", "could", "would", "do", "did", "does", "is", "are", "was", "were", "have", "has", "had", "need",
    "want", "like", "think", "don't", "didn't", "doesn't", "can't", "won't", "i'll", "i've", "i'd", "let",
    "cardholder", "holder", "name", "surname", "first", "last",
})
_NAME_PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "dos", "das", "bin", "binti", "bint", "ibn",
    "abu", "al", "el", "la", "le", "ter", "ten", "st", "mac", "mc", "ap", "ben",
})
_CONTINUATION = re.compile(
    r"\b(?:(?:first|next|last|other|remaining|final) (?:four|4|few|set|group|block|bit|digits|part|one)|next|go on|"
    r"carry on|continue|the rest|and then|after that|again|repeat|ready|when you'?re ready|"
    r"in your own time|take your time|got (?:it|that)|mm+ ?hm+|uh[- ]?huh|okay|ok|yep|yeah|right|perfect|"
    r"lovely|great|sorry|pardon|was that|did you say|so that'?s|that'?s|just to confirm|confirm|read (?:it|that) back|"
    r"last (?:bit|part|few|one)|remaining|more|keep going|still there|one moment|hold on)\b",
    re.IGNORECASE,
)
# Letters read out one by one, with "double l", "hyphen", "apostrophe" among them: "v i double l a r r e a l".
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
    turn: int
    start: int
    end: int
    entity_type: str
    score: float = SOLICITED_SCORE


@dataclass(slots=True)
class Expectation:
    """What the asking side is waiting for, and how much of it the caller has given."""

    asked: list[str]
    question: str
    digits: dict[str, int] = field(default_factory=dict)
    idle: int = 0
    words_answered: bool = False

    def wants_digits(self) -> bool:
        return any(entity in MAX_DIGITS for entity in self.asked)


def asked_types(question: str) -> list[str]:
    """Entity types a turn asks the caller for, in matching order."""
    low = question.lower()
    asked = [entity for entity, pattern in _ASKS if pattern.search(low)]
    if "PHONE_NUMBER" in asked and "ACCOUNT_NUMBER" in asked and re.search(r"\bon (?:your|the) account\b", low):
        asked.remove("ACCOUNT_NUMBER")  # "the mobile number on your account"
    if "SECURITY_ANSWER" in asked and "PERSON" in asked:
        asked.remove("PERSON")  # "mother's maiden name" is the security answer
    if "PERSON" in asked and "ACCOUNT_NUMBER" in asked and re.search(r"\bname (?:on|of|for|under) ", low):
        asked.remove("ACCOUNT_NUMBER")  # "the name on the account"
    if "CREDIT_CARD" in asked and "CARD_CVV" in asked:
        asked.remove("CREDIT_CARD")  # "the last three digits on the back of the card"
    return asked


def _fits_single(entity: str, run: DigitRun, question: str) -> bool:
    """A run given whole in one reply fits what was asked."""
    digits = run.digits
    if entity == "CARD_CVV":
        if re.search(r"\b(?:three|3)[- ]digit", question):
            return len(digits) == 3
        if re.search(r"\b(?:four|4)[- ]digit", question):
            return len(digits) == 4
        return len(digits) in (3, 4)
    if entity == "CARD_EXPIRY":
        return len(digits) in (3, 4, 6) and 1 <= int(digits[: len(digits) - 2 if len(digits) != 6 else 2]) <= 12
    if entity == "PIN":
        return 4 <= len(digits) <= 8
    if entity == "PHONE_NUMBER":
        return 7 <= len(digits) <= 15
    if entity == "ACCOUNT_NUMBER":
        return len(digits) >= 5
    if entity == "POSTCODE":
        return len(digits) in (5, 9)
    if entity == "DATE_OF_BIRTH":
        return 6 <= len(digits) <= 8
    if entity == "CREDIT_CARD":
        return 13 <= len(digits) <= 19
    if entity == "US_SSN":
        return len(digits) == 9
    return False


def _group_type(expectation: Expectation, run: DigitRun, correcting: bool = False) -> str | None:
    """The asked type a digit group belongs to: whole fits first, then the value being read out in parts
    (past its longest length only when the caller is correcting a group: "no sorry, seven two")."""
    for entity in expectation.asked:
        if _fits_single(entity, run, expectation.question):
            return entity
    for entity in expectation.asked:
        limit = MAX_DIGITS.get(entity)
        if limit is not None and (correcting or expectation.digits.get(entity, 0) + len(run.digits) <= limit):
            return entity
    return None


# A caller putting a group right: the digits that follow still belong to the value.
_CORRECTION = re.compile(
    r"\b(?:sorry|no wait|no hang on|i mean|i meant|actually|should be|last digit|last one|that last|correction|"
    r"not \w+ but|my mistake|scratch that)\b",
    re.IGNORECASE,
)


def find_solicited_answers(speakers: Sequence[str], texts: Sequence[str]) -> list[SolicitedHit]:
    """Values in callers' replies (and agents' read-backs) that answer what the asking side asked."""
    return _join_pieces(_solicited_answers(speakers, texts), texts)


# Between two pieces of one answer ("nine and three", "the third, then the fifth"): joined into one span.
_PIECE_GLUE = frozenset({"", "and", ",", "then", "and then", "&"})


def _join_pieces(hits: list[SolicitedHit], texts: Sequence[str]) -> list[SolicitedHit]:
    joined: list[SolicitedHit] = []
    for hit in sorted(hits, key=lambda h: (h.turn, h.start)):
        last = joined[-1] if joined else None
        if (
            last is not None and last.turn == hit.turn and last.entity_type == hit.entity_type != "PERSON"
            and hit.start >= last.end and texts[hit.turn][last.end : hit.start].strip().lower() in _PIECE_GLUE
        ):
            joined[-1] = SolicitedHit(hit.turn, last.start, hit.end, hit.entity_type, max(last.score, hit.score))
        else:
            joined.append(hit)
    return joined


def _solicited_answers(speakers: Sequence[str], texts: Sequence[str]) -> list[SolicitedHit]:
    hits: list[SolicitedHit] = []
    expectation: Expectation | None = None
    for index, (speaker, text) in enumerate(zip(speakers, texts)):
        text = text or ""
        announced = _announced_reference(index, text)
        if announced is not None:
            # "my booking reference is eight b x" / "your reference for that is c one seven ...": the code
            # after it is an identifier, and the caller's next bare groups ("a w l") continue it.
            codes, rest_open = announced
            hits.extend(codes)
            if speaker not in ASKING_ROLES and (rest_open or codes):
                expectation = Expectation(["ACCOUNT_NUMBER"], text.lower())
                continue
        if speaker in ASKING_ROLES:
            asked = asked_types(text)
            continuing = expectation is not None and _is_continuation(text)
            if expectation is not None and expectation.wants_digits() and (continuing or asked):
                hits.extend(_digit_hits(expectation, index, text, read_back=True))  # "so far four one one one"
                if "ACCOUNT_NUMBER" in expectation.asked:  # "that was q q x seven l v is that correct"
                    hits.extend(c for c in _code_hits(index, text, "ACCOUNT_NUMBER", typed_codes=True)
                                if len(_CODE_TOKEN.findall(text[c.start : c.end])) >= 3)
            if asked:
                previous = expectation
                expectation = Expectation(asked, text.lower())
                if previous is not None and continuing and set(asked) <= set(previous.asked):
                    expectation.digits = previous.digits  # "and the next four?" continues the same value
            elif not continuing:
                expectation = None
            continue
        if expectation is None:
            continue
        word_count = len(_WORDS.findall(text))
        found = _digit_hits(expectation, index, text) if word_count <= MAX_REPLY_WORDS else []
        if not expectation.words_answered and word_count <= 20:
            word_hits = _word_answer_hits(expectation, index, text, found)
            if word_hits:
                expectation.words_answered = True
                found.extend(word_hits)
        if found:
            hits.extend(found)
            expectation.idle = 0
        elif _is_hold_or_backchannel(text):
            expectation.idle += 1
            if expectation.idle > MAX_IDLE_TURNS:
                expectation = None
        else:
            expectation = None  # the caller moved on
    return hits


def _digit_hits(expectation: Expectation, index: int, text: str, read_back: bool = False) -> list[SolicitedHit]:
    hits: list[SolicitedHit] = []
    if not expectation.wants_digits():
        return hits
    correcting = not read_back and bool(_CORRECTION.search(text))
    for run in view_of(text).runs:
        if _AMOUNT_AFTER.match(text[run.end :]) or _AMOUNT_BEFORE.search(text[: run.start]):
            continue
        short_turn = _words_besides_digits(text) <= SHORT_REPLY_WORDS
        if len(run.digits) < 3 and not short_turn and not correcting or read_back and len(run.digits) < 2:
            continue  # "i've got 2 cards": a short group counts only when it is (nearly) all that is said
        entity = _group_type(expectation, run, correcting)
        if entity is None:
            continue
        if not read_back:  # the agent repeating a group adds nothing to the value's length
            expectation.digits[entity] = expectation.digits.get(entity, 0) + len(run.digits)
        start = spelled_prefix_start(text, run.start) if entity in ("ACCOUNT_NUMBER", "POSTCODE") else run.start
        hits.append(SolicitedHit(index, start, run.end, entity))
    for date_type in ("DATE_OF_BIRTH", "CARD_EXPIRY"):
        if date_type in expectation.asked and not read_back:
            dates = _date_hits(index, text, hits, date_type)
            hits = [h for h in hits if not any(d.start <= h.start and h.end <= d.end for d in dates)] + dates
    if "POSTCODE" in expectation.asked and not read_back:
        hits = [h for h in hits if h.entity_type != "POSTCODE"] + _code_hits(index, text, "POSTCODE")
    else:  # "eight b x" / "q q x seven l v" / "GWM" / "p b two eight ...": identifiers with letters
        code_type = next((e for e in ("UK_NINO", "ACCOUNT_NUMBER") if e in expectation.asked), None)
        if code_type is not None:
            hits += [
                c for c in _code_hits(index, text, code_type, typed_codes=True)
                if (len(_CODE_TOKEN.findall(text[c.start : c.end])) >= 3 or _TYPED_CODE.match(text[c.start : c.end]))
                and not any(h.start <= c.start and c.end <= h.end for h in hits)
            ]
    return hits


_CODE_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
# A speaker announcing an identifier: "my booking reference is", "your reference for that is", "quote".
_REFERENCE_CUE = re.compile(
    r"\b(?:(?:booking|order|policy|claim|case|tracking|ticket|confirmation|membership|member|customer|account)\s+"
    r"(?:reference|ref|number|no|code|id)|reference(?:\s+number)?|ref)\s*(?:for (?:that|this|it)\s*)?"
    r"(?:is|'s|:|=)?\s*(?:it's\s*|it is\s*)?(?=\S)|\bquote\s+(?=\S)",
    re.IGNORECASE,
)
# A typed reference token: letters and digits mixed ("MERP4M", "M5G", "56f"), or capitals only ("GWM").
_TYPED_CODE = re.compile(r"^(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{2,14}$|^[A-Z]{3,8}$")


def _announced_reference(index: int, text: str) -> tuple[list[SolicitedHit], bool] | None:
    """The identifier said right after a reference cue, and whether the turn ends on the cue (more to come)."""
    cue = _REFERENCE_CUE.search(text)
    if cue is None:
        return None
    rest = text[cue.end() :]
    codes = [
        SolicitedHit(c.turn, c.start, c.end, c.entity_type)  # said to be a reference: as sure as an answer
        for c in _code_hits(index, text, "ACCOUNT_NUMBER", typed_codes=True)
        if c.start >= cue.end() and not _AMOUNT_AFTER.match(text[c.end :])
        and not text[cue.end() : c.start].strip(" ,:-").count(" ") > 2  # the code follows the cue closely
    ]
    return codes[:1], not rest.strip(" .,:-")


def _code_hits(index: int, text: str, entity: str, typed_codes: bool = False) -> list[SolicitedHit]:
    """A code read out in letters and numbers: postcodes ("s w one a", "one a a", "sw1a 1aa") and
    references ("eight b x", "q q x seven l v")."""
    digit_spans = [(run.start, run.end) for run in view_of(text).runs]
    groups: list[list[int]] = []  # [start, end, holds a digit]
    joinable = False
    for token in _CODE_TOKEN.finditer(text):
        word = token.group()
        digit = any(s <= token.start() < e for s, e in digit_spans) or any(c.isdigit() for c in word)
        typed = typed_codes and bool(_TYPED_CODE.match(word))
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
        if digit or len(_CODE_TOKEN.findall(text[start:end])) >= 2
    ]


def _date_hits(index: int, text: str, found: list[SolicitedHit], entity: str) -> list[SolicitedHit]:
    """A date said in words and numbers ("the fourteenth of march eighty two", "march slash twenty nine",
    "ten slash two thousand and twenty nine"): month names, ordinals and digit groups joined into one span."""
    pieces = [(m.start(), m.end(), True) for m in _DATE_PIECE.finditer(text)]
    pieces += [(h.start, h.end, True) for h in found if h.entity_type == entity]
    pieces += [(run.start, run.end, False) for run in view_of(text).runs if not _AMOUNT_AFTER.match(text[run.end :])]
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


def _word_answer_hits(
    expectation: Expectation, index: int, text: str, found: list[SolicitedHit]
) -> list[SolicitedHit]:
    """A name or security answer given where the question put it, whatever the words are."""
    entity = next((e for e in expectation.asked if e in WORD_ANSWER_TYPES), None)
    if entity is None:
        return []
    if entity == "ADDRESS":
        return _address_hits(index, text)
    hits = _spelled_hits(index, text, found, entity)
    if entity == "SECURITY_ANSWER":  # "the first and fifth characters": "p and e"
        hits += [SolicitedHit(index, m.start(), m.end(), entity) for m in _LETTER_PAIR.finditer(text)
                 if not any(h.start <= m.start() < h.end for h in hits)]
    parts = [(0, len(text))]
    if entity == "PERSON":  # "last name pettibone and first name seo-yeon", "surname's okonkwo and then ifeoluwa"
        cuts = [m.start() for m in _NAME_PART.finditer(text)]
        parts = list(zip([0, *cuts], [*cuts, len(text)]))
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
    for word in _NAME_WORD.finditer(text, position, end):
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


def _address_hits(index: int, text: str) -> list[SolicitedHit]:
    """The address given in answer, from after the preamble to its last word, and the postcode or ZIP
    said after it ("apartment one one four ... north main street omaha" + "five eight nine forty nine")."""
    preamble = _ADDRESS_PREAMBLE.match(text)
    start = preamble.end() if preamble else 0
    tail = _ADDRESS_TAIL.search(text, start)
    end = tail.start() if tail else len(text)
    digit_spans = [(run.start, run.end) for run in view_of(text).runs]
    tokens = [t for t in _CODE_TOKEN.finditer(text, start, end)]

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


def _is_continuation(text: str) -> bool:
    """An asking-side turn that keeps the read-out going: a backchannel, a prompt, a read-back."""
    words = _WORDS.findall(text)
    prompt = bool(_CONTINUATION.search(text)) and len(words) <= 20
    return _words_besides_digits(text) <= MAX_CONTINUATION_WORDS or prompt


def _words_besides_digits(text: str) -> int:
    digit_words = sum(len(_WORDS.findall(text[run.start : run.end])) for run in view_of(text).runs)
    return len(_WORDS.findall(text)) - digit_words


_HOLD = re.compile(
    r"\b(?:hang on|hold on|one (?:sec|second|moment|minute)|just a (?:sec|second|moment|minute)|bear with|let me "
    r"(?:find|get|grab|check|look)|give me a (?:sec|second|moment)|where'?s my|getting it|grabbing|finding it|"
    r"sorry|what was|pardon|say (?:that|it) again|which one|the long one|mm+ ?hm+|uh[- ]?huh|yes|yeah|yep|okay|ok)\b",
    re.IGNORECASE,
)


def _is_hold_or_backchannel(text: str) -> bool:
    """A caller turn that keeps the question open ("hang on let me get my card", "mm hm")."""
    words = len(_WORDS.findall(text))
    return words <= 3 or (words <= 12 and bool(_HOLD.search(text)))
