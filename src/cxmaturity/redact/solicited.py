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
first reply after such a question is read for them by position, whatever the words are
(`answers.py` reads the reply; this module decides which replies answer what).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cxmaturity.redact.answers import (
    AMOUNT_AFTER,
    CODE_TOKEN,
    TYPED_CODE,
    SolicitedHit,
    announced_reference,
    code_hits,
    date_hits,
    word_answer_hits,
)
from cxmaturity.redact.spoken import DigitRun, ViewOf, spelled_prefix_start, view_of

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
    "CREDIT_CARD": 28,
    "ACCOUNT_NUMBER": 24,
    "PHONE_NUMBER": 16,
    "PIN": 10,
    "CARD_CVV": 5,
    "CARD_EXPIRY": 8,
    "DATE_OF_BIRTH": 10,
    "POSTCODE": 10,
    "US_SSN": 12,
    "SECURITY_ANSWER": 10,
    "UK_NINO": 8,
}

# What a question asks for, in the order runs are matched against them.
_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "CARD_CVV",
        re.compile(
            r"\b(?:cvv2?|cvc|cv2|csc|(?<!social )security (?:code|number|digits)|(?:three|four|3|4)[- ]digit "
            r"(?:security )?(?:code|number)|code on the (?:back|front)|digits on the (?:back|front)|"
            r"on the back of (?:the|your) card)\b"
        ),
    ),
    (
        "CARD_EXPIRY",
        re.compile(r"\b(?:expiry|expiration|expires?|exp date|valid (?:until|to|thru|through)|end date)\b"),
    ),
    (
        "SECURITY_ANSWER",
        re.compile(
            r"\b(?:maiden name|memorable (?:word|place|name|answer)|security (?:question|answer|word)|secret "
            r"(?:question|answer|word)|first (?:pet|school|car|teacher)|pet'?s name|favourite (?:teacher|film|movie|"
            r"book|food|colour|color|place)|(?:town|city|place) (?:you were|of) born|place of birth|"
            r"where were you born|childhood (?:friend|nickname|street)|street you grew up)\b"
        ),
    ),
    (
        "PIN",
        re.compile(
            r"\b(?:pin|pin number|passcode|pass code|one[- ]time (?:pass)?code|verification code|memorable "
            r"(?:date|number)|otp|(?:six|6|five|5|four|4)[- ]digit (?:code|pin)|code (?:we|i) (?:just )?"
            r"(?:sent|texted)|telephone banking (?:code|number)|type it here|(?:text|message|email|sms) with a code|"
            r"code in (?:it|the (?:text|message|email))|(?:access|sms|text|login|authori[sz]ation) code|"
            r"digits? (?:\d|\w+) and (?:\d|\w+) of your)\b"
        ),
    ),
    (
        "CREDIT_CARD",
        re.compile(
            r"\b(?:(?:long |full )?(?:card|visa|mastercard|amex|debit card|credit card) (?:(?:um|uh|erm|er) )?"
            r"(?:number|details|digits)|"
            r"long number|number (?:on|across) the front|(?:sixteen|16|fifteen|15)[- ]digit|"
            r"(?:digits|four|4|numbers) (?:of|on|from) (?:your|the) card|the rest of (?:the|your) card|"
            r"card you(?:'d| would)? like to use)"
        ),
    ),
    (
        "PHONE_NUMBER",
        re.compile(
            r"\b(?:phone|mobile|telephone|landline|cell|contact) (?:number|no)\b|\bbest number\b|"
            r"\bnumber (?:to|we can|i can) (?:call|reach|text|ring)\b|\byour (?:mobile|phone)\b"
        ),
    ),
    (
        "ACCOUNT_NUMBER",
        re.compile(
            r"\b(?:(?:account|policy|order|claim|member(?:ship)?|booking|tracking|ticket|customer|case|meter|nhs|"
            r"patient|reg(?:istration)?|reference|ref|sort|confirmation) (?:number|no|code|ref(?:erence)?|id|details)|"
            r"reference|"
            r"(?:membership|policy|account) (?:on|from) the)\b"
        ),
    ),
    ("POSTCODE", re.compile(r"\b(?:post ?code|postal code|zip(?: code)?)\b")),
    (
        "ADDRESS",
        re.compile(
            r"\b(?:(?:new|full|home|postal|billing|delivery|correspondence|your|the) address|address (?:on|for|of|is)|"
            r"first line|house (?:number|name)|(?:number and|and the|your|the) street|where (?:are|will) you (?:be )?"
            r"moving|moving to|where do you live|where you live|new place)\b"
        ),
    ),
    ("UK_NINO", re.compile(r"\b(?:national insurance(?: number)?|ni number|nino)\b")),
    ("DATE_OF_BIRTH", re.compile(r"\b(?:date of birth|dob|d\.o\.b|birthday|when (?:were|was) you born|birth date)\b")),
    ("US_SSN", re.compile(r"\b(?:social security|ssn|social)\b(?! media)")),
    (
        "PERSON",
        re.compile(
            r"\b(?:(?:your|the|full|first|last|sur|given|family|middle|christian|caller'?s|second|other) ?names?|"
            r"(?:card|account|policy|bill)? ?holder'?s? ?names?|name (?:as|exactly as) (?:it|they) appears?|"
            r"name (?:on|of|for|under) (?:the|your) (?:card|account|booking|policy|order)|what name|"
            r"who (?:(?:uh|um|er|erm) )?(?:am i|i'm|do i|have i got|have i)\b(?: \w+){0,3}? "
            r"(?:speaking|talking|chatting|on the line|with)|"
            r"who(?:'s| is) (?:calling|speaking|this|on the line)|with whom|"
            r"(?:how do you|could you|can you|please) spell (?:that|it|your|the)|name please|and you are)\b"
        ),
    ),
)
_AMOUNT_BEFORE = re.compile(
    r"(?:[£$€]|\b(?:press|option|line|extension|ext|cost|costs|costing|paid|pay|charged|price|priced|about|around|"
    r"only|just|roughly|nearly|over|under)\s*)$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Za-z0-9']+")
_CONTINUATION = re.compile(
    r"\b(?:(?:first|next|last|other|remaining|final) (?:four|4|few|set|group|block|bit|digits|part|one)|next|go on|"
    r"carry on|continue|the rest|and then|after that|again|repeat|ready|when you'?re ready|"
    r"in your own time|take your time|got (?:it|that)|mm+ ?hm+|uh[- ]?huh|okay|ok|yep|yeah|right|perfect|"
    r"lovely|great|sorry|pardon|was that|did you say|so that'?s|that'?s|just to confirm|confirm|read (?:it|that) back|"
    r"last (?:bit|part|few|one)|remaining|more|keep going|still there|one moment|hold on)\b",
    re.IGNORECASE,
)


# Letters read out one by one, with "double l", "hyphen", "apostrophe" among them: "v i double l a r r e a l".
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


def find_solicited_answers(
    speakers: Sequence[str], texts: Sequence[str], views: ViewOf = view_of
) -> list[SolicitedHit]:
    """Values in callers' replies (and agents' read-backs) that answer what the asking side asked.

    `views` gives each turn's spoken-number view: a redaction batch passes its shared `SpokenViews`.
    """
    return _join_pieces(_solicited_answers(speakers, texts, views), texts)


# Between two pieces of one answer ("nine and three", "the third, then the fifth"): joined into one span.
_PIECE_GLUE = frozenset({"", "and", ",", "then", "and then", "&"})


def _join_pieces(hits: list[SolicitedHit], texts: Sequence[str]) -> list[SolicitedHit]:
    joined: list[SolicitedHit] = []
    for hit in sorted(hits, key=lambda h: (h.turn, h.start)):
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.turn == hit.turn
            and last.entity_type == hit.entity_type != "PERSON"
            and hit.start >= last.end
            and texts[hit.turn][last.end : hit.start].strip().lower() in _PIECE_GLUE
        ):
            joined[-1] = SolicitedHit(hit.turn, last.start, hit.end, hit.entity_type, max(last.score, hit.score))
        else:
            joined.append(hit)
    return joined


def _solicited_answers(speakers: Sequence[str], texts: Sequence[str], views: ViewOf) -> list[SolicitedHit]:
    hits: list[SolicitedHit] = []
    expectation: Expectation | None = None
    for index, (speaker, text) in enumerate(zip(speakers, texts, strict=True)):
        text = text or ""
        announced = announced_reference(index, text, views)
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
            continuing = expectation is not None and _is_continuation(text, views)
            if expectation is not None and expectation.wants_digits() and (continuing or asked):
                hits.extend(_digit_hits(expectation, index, text, views, read_back=True))  # "so far four one one one"
                if "ACCOUNT_NUMBER" in expectation.asked:  # "that was q q x seven l v is that correct"
                    hits.extend(
                        c
                        for c in code_hits(index, text, "ACCOUNT_NUMBER", typed_codes=True, views=views)
                        if len(CODE_TOKEN.findall(text[c.start : c.end])) >= 3
                    )
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
        found = _digit_hits(expectation, index, text, views) if word_count <= MAX_REPLY_WORDS else []
        if not expectation.words_answered and word_count <= 20:
            word_hits = word_answer_hits(expectation.asked, index, text, found, views)
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


def _digit_hits(
    expectation: Expectation, index: int, text: str, views: ViewOf, read_back: bool = False
) -> list[SolicitedHit]:
    hits: list[SolicitedHit] = []
    if not expectation.wants_digits():
        return hits
    correcting = not read_back and bool(_CORRECTION.search(text))
    for run in views(text).runs:
        if AMOUNT_AFTER.match(text[run.end :]) or _AMOUNT_BEFORE.search(text[: run.start]):
            continue
        short_turn = _words_besides_digits(text, views) <= SHORT_REPLY_WORDS
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
            dates = date_hits(index, text, hits, date_type, views)
            hits = [h for h in hits if not any(d.start <= h.start and h.end <= d.end for d in dates)] + dates
    if "POSTCODE" in expectation.asked and not read_back:
        hits = [h for h in hits if h.entity_type != "POSTCODE"] + code_hits(index, text, "POSTCODE", views=views)
    else:  # "eight b x" / "q q x seven l v" / "GWM" / "p b two eight ...": identifiers with letters
        code_type = next((e for e in ("UK_NINO", "ACCOUNT_NUMBER") if e in expectation.asked), None)
        if code_type is not None:
            hits += [
                c
                for c in code_hits(index, text, code_type, typed_codes=True, views=views)
                if (len(CODE_TOKEN.findall(text[c.start : c.end])) >= 3 or TYPED_CODE.match(text[c.start : c.end]))
                and not any(h.start <= c.start and c.end <= h.end for h in hits)
            ]
    return hits


def _is_continuation(text: str, views: ViewOf) -> bool:
    """An asking-side turn that keeps the read-out going: a backchannel, a prompt, a read-back."""
    words = _WORDS.findall(text)
    prompt = bool(_CONTINUATION.search(text)) and len(words) <= 20
    return _words_besides_digits(text, views) <= MAX_CONTINUATION_WORDS or prompt


def _words_besides_digits(text: str, views: ViewOf) -> int:
    digit_words = sum(len(_WORDS.findall(text[run.start : run.end])) for run in views(text).runs)
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
