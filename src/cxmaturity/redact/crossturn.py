"""Digit sequences read out across several turns.

Callers read long numbers in chunks: "four one one one" / agent "okay" / "one one one one" /
agent "go on" / ... No single turn holds a whole card number, so no per-turn recognizer can
validate it. We chain each speaker's digit chunks across turns, skipping short
acknowledgements from the other side, and classify the joined digits (Luhn for cards,
phonenumbers for phones, context words for SSNs and account numbers). Every chunk of a
chain that classifies is reported in its own turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from cxmaturity.redact.recognizers.card_number import luhn_valid
from cxmaturity.redact.spoken import DigitRun, ViewOf, view_of

CHAIN_SCORE = 0.85
_FILLER_WORDS = {
    "okay",
    "ok",
    "go",
    "on",
    "uh",
    "huh",
    "uh-huh",
    "mhm",
    "mm",
    "hmm",
    "yep",
    "yeah",
    "yes",
    "right",
    "got",
    "it",
    "that",
    "sure",
    "thanks",
    "thank",
    "you",
    "and",
    "next",
    "carry",
    "continue",
    "keep",
    "going",
    "alright",
    "all",
    "perfect",
    "great",
    "lovely",
    "cool",
    "um",
    "er",
    "erm",
    "the",
    "rest",
    "please",
    "so",
    "far",
    "i've",
    "ive",
    "noted",
    "ready",
    "when",
    "you're",
    "youre",
    "mm-hmm",
    "then",
    "and?",
    "sorry",
    "what",
    "was",
    "hm",
    "mmm",
    "ah",
    "oh",
    "aha",
    "yup",
    "k",
    "kk",
    "okey",
    "cheers",
    "brill",
    "ta",
}
_WORDS = re.compile(r"[a-z'?-]+")
_CONTEXT_SSN = {"ssn", "social", "security"}
_CONTEXT_ACCOUNT = {
    "account",
    "policy",
    "order",
    "member",
    "membership",
    "reference",
    "booking",
    "claim",
    "customer",
    "nhs",
    "patient",
    "ref",
    "confirmation",
    "tracking",
}
_CONTEXT_CARD = {"card", "credit", "debit", "visa", "mastercard", "amex"}
_CONTEXT_PHONE = {"phone", "mobile", "cell", "telephone", "landline", "number"}


@dataclass(frozen=True, slots=True)
class Chunk:
    turn: int
    run: DigitRun


@dataclass(frozen=True, slots=True)
class ChainHit:
    turn: int
    start: int
    end: int
    entity_type: str
    score: float


def is_filler(text: str) -> bool:
    """A short acknowledgement ("okay", "go on", "uh huh, got that") that does not break a read-out."""
    words = _WORDS.findall(text.lower())
    return len(words) <= 6 and all(word.strip("?") in _FILLER_WORDS for word in words)


# More words than this besides the digits, from the other side, and a read-out is over.
MAX_INTERJECTION_WORDS = 6


def _substantive(text: str, runs: list[DigitRun]) -> bool:
    """A turn that says more than an acknowledgement or an echo of the digits."""
    if is_filler(text):
        return False
    outside = text
    for run in reversed(runs):
        outside = outside[: run.start] + " " + outside[run.end :]
    return len(_WORDS.findall(outside.lower())) > MAX_INTERJECTION_WORDS


def _chunk_candidates(text: str, views: ViewOf) -> tuple[DigitRun | None, DigitRun | None, list[DigitRun]]:
    """(leading run, trailing run, all runs) of a turn; leading/trailing only if little else is said."""
    view = views(text)
    runs = list(view.runs)
    if not runs:
        return None, None, []
    lead_words = _WORDS.findall(text[: runs[0].start].lower())
    tail_words = _WORDS.findall(text[runs[-1].end :].lower())
    leading = runs[0] if len(lead_words) <= 8 else None
    trailing = runs[-1] if len(tail_words) <= 4 else None
    return leading, trailing, runs


def _classify(digits: str, context: set[str]) -> str | None:
    if luhn_valid(digits):
        return "CREDIT_CARD"
    phone_words = context & _CONTEXT_PHONE - ({"number"} if context & _CONTEXT_ACCOUNT else set())
    if 10 <= len(digits) <= 11 and (phone_words or not context & _CONTEXT_ACCOUNT):  # "account number" is no phone
        for region in ("GB", "US"):
            try:
                number = phonenumbers.parse(digits, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_possible_number(number):
                return "PHONE_NUMBER"
    if len(digits) == 9 and context & _CONTEXT_SSN:
        return "US_SSN"
    if len(digits) >= 6 and context & _CONTEXT_ACCOUNT:
        return "ACCOUNT_NUMBER"
    return None


def find_cross_turn_sequences(
    speakers: list[str], texts: list[str], window: int = 4, views: ViewOf = view_of
) -> list[ChainHit]:
    """Chunks of numbers read out across turns, each reported in its own turn.

    `window` is how many turns may pass between two chunks of one chain (fillers included); `views` gives
    each turn's spoken-number view (a redaction batch passes its shared `SpokenViews`).
    """
    hits: list[ChainHit] = []
    chains: dict[str, list[Chunk]] = {}
    last_turn: dict[str, int] = {}

    def close(speaker: str) -> None:
        chain = chains.pop(speaker, [])
        if len(chain) >= 2:
            hits.extend(_classify_chain(chain, speakers, texts))

    for index, (speaker, text) in enumerate(zip(speakers, texts, strict=True)):
        leading, trailing, runs = _chunk_candidates(text, views)
        if not runs:
            if not is_filler(text):
                for open_speaker in list(chains):
                    close(open_speaker)
            continue
        for open_speaker in list(chains):
            if index - last_turn[open_speaker] > window:
                close(open_speaker)
            elif open_speaker != speaker and _substantive(text, runs):
                close(open_speaker)  # the other side moved on ("and one more thing, your NI number?")
        chain = chains.get(speaker)
        if chain is not None and leading is not None:
            chain.append(Chunk(index, leading))
            if trailing is not leading:
                close(speaker)
                if trailing is not None:
                    chains[speaker] = [Chunk(index, trailing)]
        else:
            close(speaker)
            if trailing is not None:
                chains[speaker] = [Chunk(index, trailing)]
        last_turn[speaker] = index
    for open_speaker in list(chains):
        close(open_speaker)
    return hits


def _classify_chain(chain: list[Chunk], speakers: list[str], texts: list[str]) -> list[ChainHit]:
    """The longest runs of consecutive chunks whose joined digits classify, left to right."""
    hits: list[ChainHit] = []
    first_turn = chain[0].turn
    context_words: set[str] = set()
    for turn in range(max(0, first_turn - 2), chain[-1].turn + 1):
        context_words.update(_WORDS.findall(texts[turn].lower()))
    if _bare_read_out(chain, texts):
        return _bare_chain_hits(chain, context_words)
    i = 0
    while i < len(chain) - 1:
        found = None
        for j in range(len(chain), i + 1, -1):
            digits = "".join(chunk.run.digits for chunk in chain[i:j])
            entity = _classify(digits, context_words)
            if entity:
                found = (j, entity)
                break
        if found is None:
            i += 1
            continue
        j, entity = found
        for chunk in chain[i:j]:
            hits.append(ChainHit(chunk.turn, chunk.run.start, chunk.run.end, entity, CHAIN_SCORE))
        i = j
    return hits


# A read-out of turns that hold nothing but digit groups is an identifier once it is this long,
# whatever its checksum says (speech-to-text mishears digits, so a card may fail Luhn).
MIN_BARE_DIGITS = 8
MIN_CARD_DIGITS = 13
# Words a bare group may come with ("um", "and", "then", "that's it").
MAX_WORDS_AROUND_BARE_GROUP = 3


def _bare_read_out(chain: list[Chunk], texts: list[str]) -> bool:
    """Every chunk is (nearly) its whole turn, and together they are identifier-long."""
    if sum(len(chunk.run.digits) for chunk in chain) < MIN_BARE_DIGITS:
        return False
    for chunk in chain[1:]:
        text = texts[chunk.turn]
        outside = text[: chunk.run.start] + " " + text[chunk.run.end :]
        if len(_WORDS.findall(outside.lower())) > MAX_WORDS_AROUND_BARE_GROUP:
            return False
    return True


def _bare_chain_hits(chain: list[Chunk], context: set[str]) -> list[ChainHit]:
    """The whole chain as one value: typed as `_classify` types it (a card only when Luhn holds), else an
    account number: some identifier, which is all redaction needs to know."""
    digits = "".join(chunk.run.digits for chunk in chain)
    entity = _classify(digits, context)
    if entity is None:
        # A card read out with a correction ("seven two no sorry seven three") fails Luhn; the words around it
        # ("on my visa", "debit card please") still say what it is.
        entity = "CREDIT_CARD" if len(digits) >= MIN_CARD_DIGITS and context & _CONTEXT_CARD else "ACCOUNT_NUMBER"
    return [ChainHit(chunk.turn, chunk.run.start, chunk.run.end, entity, CHAIN_SCORE) for chunk in chain]
