"""Company and brand names that look like person names ("Thanks for calling Brightwave").

spaCy and the name cues tag brands as PERSON: "It's Megan from Brightwave", "the Cartwell
bot", "Harbour Mutual claims", "I'm switching to Vodafone". Redacting them destroys the
quotes and the competitor mentions downstream stages read, and hides no one. A word counts
as an organisation when the conversation itself uses it like one (after "calling",
"welcome to", "switching to", before "Bank", "'s assistant", "customer team"); PERSON
findings made only of such words are dropped. Gazetteer first names never count as
organisations, so a name is never un-redacted because it happened to follow "from".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cxmaturity.redact.recognizers.person import ORG_WORDS, name_lists

# A word before one of these is (part of) a company name: "Northgate Bank", "Google Pay".
ORG_SUFFIXES = ORG_WORDS
# Words that follow a company name and never a person's: "the Cartwell bot", "Brightwave customer team".
ORG_FOLLOWERS = ORG_SUFFIXES | frozenset(
    {
        "team",
        "bot",
        "assistant",
        "app",
        "support",
        "billing",
        "claims",
        "customer",
        "customers",
        "care",
        "services",
        "service",
        "technical",
        "sales",
        "accounts",
        "department",
        "chat",
        "helpline",
        "website",
        "store",
        "shop",
        "loyalty",
        "fraud",
        "roadside",
        "travel",
        "home",
        "credit",
        "cards",
        "account",
        "sim",
        "plan",
        "plans",
        "tariff",
        "tariffs",
        "branch",
        "branches",
        "engineer",
        "engineers",
        "box",
        "hub",
        "router",
        "deal",
        "deals",
        "offer",
        "contract",
        "price",
        "prices",
        "relations",
        "smart",
    }
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_POSSESSIVE = re.compile(r"['’]s$")
_W = r"([A-Za-z][A-Za-z&-]*)"
# "<word> team", "<word> customer": a word before a follower.
_BEFORE_FOLLOWER = re.compile(rf"{_W}\s+(?:{'|'.join(sorted(ORG_FOLLOWERS))})\b", re.I)
# Evidence that the captured word is a company name.
_ORG_EVIDENCE = (
    re.compile(
        rf"\b(?:for calling|for contacting|welcome to|for chatting with|banking with|for using|for choosing|"
        rf"thank you for calling|thanks for calling)\s+(?:the\s+)?{_W}",
        re.I,
    ),
    re.compile(
        rf"\b(?:switch(?:ing|ed)?|mov(?:e|ing|ed)|go(?:ing)?|went|leav(?:e|ing)|join(?:ing|ed)?|port(?:ing|ed)?)"
        rf"\s+(?:over\s+)?(?:to|for)\s+{_W}",
        re.I,
    ),
    # "It's Megan from Brightwave", not "I had a call from Hodan"
    re.compile(rf"\b(?<!call )(?<!calls )(?<!message )(?<!voicemail )(?<!text )from\s+(?:the\s+)?{_W}", re.I),
    # "banking with Monzo.", not "you're chatting with Rukhsana." or "dealing with Hodan."
    re.compile(
        rf"\b(?<!chatting )(?<!speaking )(?<!talking )(?<!dealing )(?<!dealt )(?<!spoke )(?<!speak )"
        rf"(?<!talk )(?:at|with)\s+{_W}(?=[.,!?]|\s*$)",
        re.I,
    ),
    re.compile(rf"{_W}['’]s\s+(?:(?:virtual|digital|online)\s+)?(?:assistant|app|website|bot|chat)\b", re.I),
    _BEFORE_FOLLOWER,
)
_LETTER_RUN = re.compile(r"[a-z]+")


def _may_have_follower(text: str) -> bool:
    """Whether `_BEFORE_FOLLOWER` (the costliest pattern: it tries a word at every letter) can match `text`.

    Its follower comes after whitespace and ends at a word boundary, so in ASCII text it is a whole run of
    letters: no run that is a follower word, no match. Other text is always searched (re.I folds some
    non-ASCII letters, like the Kelvin sign, onto ASCII ones).
    """
    return not text.isascii() or not ORG_FOLLOWERS.isdisjoint(_LETTER_RUN.findall(text.lower()))


def organisation_words(texts: Iterable[str]) -> frozenset[str]:
    """Lower-cased words the texts use as company names (never gazetteer first names)."""
    first_names, ambiguous, _surnames = name_lists()
    words: set[str] = set()
    for text in texts:
        for pattern in _ORG_EVIDENCE:
            if pattern is _BEFORE_FOLLOWER and not _may_have_follower(text):
                continue
            for match in pattern.finditer(text):
                word = match.group(1).lower()
                if len(word) > 1 and word not in first_names and word not in ambiguous and word not in _NOT_ORGS:
                    words.add(word)
    return frozenset(words)


# Words the evidence patterns catch that are not company names.
_NOT_ORGS = frozenset(
    {
        "the",
        "a",
        "an",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "this",
        "that",
        "you",
        "me",
        "us",
        "them",
        "him",
        "it",
        "there",
        "here",
        "home",
        "work",
        "now",
        "today",
        "tomorrow",
        "yesterday",
        "then",
        "again",
        "back",
        "one",
        "two",
        "three",
        "another",
        "someone",
        "somebody",
        "anyone",
        "everyone",
        "nobody",
        "all",
        "what",
        "which",
        "whom",
        "who",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "madam",
    }
)


def is_organisation_span(text: str, start: int, end: int, org_words: frozenset[str]) -> bool:
    """True when a PERSON span is a company name: only organisation words, or followed by one."""
    first_names, _ambiguous, _surnames = name_lists()
    words = [_POSSESSIVE.sub("", w.lower()) for w in _WORD.findall(text[start:end])]
    if not words or any(word in first_names for word in words):
        return False
    if all(word in org_words or word in ORG_SUFFIXES for word in words) and (
        any(word in org_words for word in words) or len(words) > 1
    ):
        return True
    if words[-1] in ORG_SUFFIXES and any(word in org_words for word in words):
        return True
    if len(words) >= 2 and words[-1] in ORG_SUFFIXES:
        return True  # "Google Pay", "Virgin Media", "Harbour Mutual"
    following = _WORD.match(text[end:].lstrip()) if text[end : end + 1].isspace() else None
    return following is not None and following.group().lower() in ORG_FOLLOWERS
