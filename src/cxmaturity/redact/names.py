"""Which words are given names, which are surnames, and which are everyday English words.

Name lists: our own gazetteer (names.yaml, the names common in UK and US contact centres) plus
the given names and surnames of every locale Faker carries (about 20,000 and 22,000, from
86 locales: Nigerian, Ghanaian, Indian, Pakistani, Polish, Vietnamese, Turkish, Brazilian and
so on), folded to ASCII because speech-to-text writes "jose" and "sinead". Faker is MIT
licensed, 2 MB, and ships the lists as Python data, so nothing is downloaded.

A big list also holds everyday words ("will", "long", "can", "hope"). `is_everyday_word`
says which: spaCy's stop words, Faker's English lorem list (971 common words), VADER's
sentiment lexicon, a contact-centre vocabulary and everyday_words.txt (built from the training
corpora by tools/make_everyday_words.py). Such a word counts as a name only where
the dialogue puts a name (an answer to "can I take your name?", after "my name is").
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from spacy.lang.en.stop_words import STOP_WORDS

_NAME_SHAPE = re.compile(r"[a-z][a-z'-]*[a-z]")
# A word as names are written: letters of any script, with inner apostrophes and hyphens ("bożena", "o'neill").
NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
# Contact-centre words the general lists miss; none of them is a name a caller gives.
_SERVICE_WORDS = frozenset(
    """
    account accounts address app balance bank banking bill billing booking branch broadband call calls card
    cards charge charges claim code contract credit debit delivery details digits direct email engineer fibre
    invoice line meter mobile number online order package parcel password payment phone pin plan policy
    postcode premium refund renewal reference router sim signal sort statement subscription tariff transfer
    upgrade wifi zip husband wife partner son daughter mum mom dad mother father brother sister wallet
    surname name names first last full middle maiden spelling spell spelt letter letters initial initials
    mister missus miss mrs mr ms dr doctor sir madam yeah yep yes nope okay ok um uh er erm hmm mhm
    sorry thanks cheers hello hi hiya bye please sure right alright fine great lovely perfect cool
""".split()
)


def _ascii(word: str) -> str:
    if word.isascii():
        return word.lower()  # NFKD leaves ASCII as it is: the same answer without the Unicode round trip
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(resources.files("cxmaturity.redact").joinpath("names.yaml").read_text("utf-8"))
    return {key: frozenset(values) for key, values in data.items()}


@lru_cache(maxsize=1)
def _faker_names() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, surnames) of every Faker person locale, single ASCII words only."""
    import faker.providers.person as person_providers

    given: set[str] = set()
    family: set[str] = set()
    for module_info in pkgutil.iter_modules(person_providers.__path__):
        provider = importlib.import_module(f"{person_providers.__name__}.{module_info.name}").Provider
        for attribute, value in vars(provider).items():
            if attribute.startswith(("first_name", "first_romanized")):
                target = given
            elif attribute.startswith(("last_name", "last_romanized")):
                target = family
            else:
                continue
            if not isinstance(value, (tuple, list, dict)):
                continue
            for name in value:
                if isinstance(name, str):
                    folded = _ascii(name)
                    if _NAME_SHAPE.fullmatch(folded):
                        target.add(folded)
    return frozenset(given), frozenset(family)


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Common English words, any of which may also be somebody's name."""
    import vaderSentiment
    from faker.providers.lorem.en_US import Provider as EnglishLorem

    lexicon = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt").read_text("utf-8", errors="ignore")
    vader = {line.split("\t", 1)[0] for line in lexicon.splitlines() if line[:1].isalpha()}
    words = set(STOP_WORDS) | set(EnglishLorem.word_list) | vader | _SERVICE_WORDS
    words |= _gazetteer()["ambiguous_first_names"]
    corpus = resources.files("cxmaturity.redact").joinpath("everyday_words.txt").read_text("utf-8")
    words |= {line for line in corpus.splitlines() if line and not line.startswith("#")}
    # The gazetteer's first names are names first ("kevin", "mary"), whatever the corpora say.
    return frozenset(word.lower() for word in words if word.isalpha()) - _gazetteer()["first_names"]


def gazetteer_first_names() -> frozenset[str]:
    """The hand-kept first names common in UK and US centres: each counts as a name on its own."""
    return _gazetteer()["first_names"]


def ambiguous_first_names() -> frozenset[str]:
    """Hand-kept first names that are everyday words too ("will", "grace"): a name only after a cue."""
    return _gazetteer()["ambiguous_first_names"]


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names from the gazetteer and every Faker locale (everyday words included)."""
    return _gazetteer()["first_names"] | _gazetteer()["ambiguous_first_names"] | _faker_names()[0]


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Surnames from the gazetteer and every Faker locale (everyday words included)."""
    return _gazetteer()["surnames"] | _faker_names()[1]


def fold(word: str) -> str:
    """How a word is looked up: ASCII-folded, lower case, no edge apostrophes ("Bożena" -> "bozena")."""
    return _ascii(word).strip("'’")


def is_everyday_word(word: str) -> bool:
    return fold(word) in everyday_words()


def is_given_name(word: str) -> bool:
    return fold(word) in given_names()


def is_surname(word: str) -> bool:
    return fold(word) in surnames()


def is_name_word(word: str) -> bool:
    """In a name list and not an everyday word: "kwabena", "nguyen", "siobhan" but not "will"."""
    key = fold(word)
    return (key in given_names() or key in surnames()) and key not in everyday_words()
