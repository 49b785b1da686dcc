"""Answers to the agent's question: "and the three digit code on the back" -> "triple seven".

A caller's reply often holds nothing but the number asked for, with no word in it saying what
it is: "triple seven" is a card security code only because of the turn before. We read what
the agent (or bot, or IVR) asked in its last turn and, in the caller's reply, mark the digit
runs whose shape fits what was asked. A question may ask for several things ("sort code,
account number and date of birth"); each run is typed by the first asked type it fits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cxmaturity.redact.spoken import DigitRun, spelled_prefix_start, view_of

SOLICITED_SCORE = 0.9
ASKING_ROLES = frozenset({"agent", "bot", "ivr", "system"})
# A reply longer than this is not a bare answer; its own words must carry the context.
MAX_REPLY_WORDS = 40
# Turns the caller may take between the question and the answer ("hang on", "let me find it").
MAX_TURNS_AFTER_QUESTION = 2

# What a question asks for, in the order runs are matched against them.
_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("CARD_CVV", re.compile(
        r"\b(?:cvv2?|cvc|cv2|csc|security (?:code|number|digits)|(?:three|four|3|4)[- ]digit (?:security )?"
        r"(?:code|number)|code on the (?:back|front)|digits on the (?:back|front)|on the back of (?:the|your) card)\b")),
    ("CARD_EXPIRY", re.compile(r"\b(?:expiry|expiration|expires?|exp date|valid (?:until|to|thru|through)|end date)\b")),
    ("PIN", re.compile(
        r"\b(?:pin|pin number|passcode|pass code|one[- ]time (?:pass)?code|verification code|security answer|"
        r"memorable (?:word|date|number)|otp|(?:six|6|five|5|four|4)[- ]digit (?:code|pin)|code (?:we|i) "
        r"(?:just )?(?:sent|texted)|telephone banking (?:code|number)|type it here)\b")),
    ("PHONE_NUMBER", re.compile(
        r"\b(?:phone|mobile|telephone|landline|cell|contact) (?:number|no)\b|\bbest number\b|"
        r"\bnumber (?:to|we can) (?:call|reach|text)\b|\byour (?:mobile|phone)\b")),
    ("ACCOUNT_NUMBER", re.compile(
        r"\b(?:account|policy|order|claim|member(?:ship)?|reference|booking|tracking|ticket|sort)"
        r"(?: (?:number|no|code|ref(?:erence)?|id))?\b")),
    ("POSTCODE", re.compile(r"\b(?:post ?code|postal code|zip(?: code)?)\b")),
    ("DATE_OF_BIRTH", re.compile(r"\b(?:date of birth|dob|d\.o\.b|birthday|when (?:were|was) you born)\b")),
)
_AMOUNT_AFTER = re.compile(
    r"^\s*(?:pounds?|quid|pence|p\b|dollars?|bucks|cents?|euros?|percent|per cent|%|minutes?|mins?|hours?|"
    r"days?|weeks?|months?|years?|gigs?|gb|mb|st|nd|rd|th)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Za-z0-9']+")


@dataclass(frozen=True, slots=True)
class SolicitedHit:
    turn: int
    start: int
    end: int
    entity_type: str
    score: float = SOLICITED_SCORE


def asked_types(question: str) -> list[str]:
    """Entity types a turn asks the caller for, in matching order."""
    low = question.lower()
    asked = [entity for entity, pattern in _ASKS if pattern.search(low)]
    if "PHONE_NUMBER" in asked and "ACCOUNT_NUMBER" in asked and re.search(r"\bon (?:your|the) account\b", low):
        asked.remove("ACCOUNT_NUMBER")  # "the mobile number on your account"
    return asked


def _fits(entity: str, run: DigitRun, question: str) -> bool:
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
    return False


def find_solicited_answers(speakers: Sequence[str], texts: Sequence[str]) -> list[SolicitedHit]:
    """Digit runs in callers' replies that fit what the agent's previous turn asked for."""
    hits: list[SolicitedHit] = []
    for index, (speaker, text) in enumerate(zip(speakers, texts)):
        if speaker in ASKING_ROLES or not text or len(_WORDS.findall(text)) > MAX_REPLY_WORDS:
            continue
        question = _question_before(speakers, texts, index)
        if question is None:
            continue
        asked = asked_types(question)
        if not asked:
            continue
        low_question = question.lower()
        for run in view_of(text).runs:
            if _AMOUNT_AFTER.match(text[run.end :]):
                continue
            entity = next((e for e in asked if _fits(e, run, low_question)), None)
            if entity is None:
                continue
            start = spelled_prefix_start(text, run.start) if entity == "ACCOUNT_NUMBER" else run.start
            hits.append(SolicitedHit(index, start, run.end, entity))
    return hits


def _question_before(speakers: Sequence[str], texts: Sequence[str], index: int) -> str | None:
    """The asking side's last turn before `index`, unless the caller already answered with digits."""
    for back in range(index - 1, max(-1, index - 1 - MAX_TURNS_AFTER_QUESTION - 1), -1):
        if speakers[back] in ASKING_ROLES:
            return texts[back]
        if view_of(texts[back]).runs:
            return None
    return None
