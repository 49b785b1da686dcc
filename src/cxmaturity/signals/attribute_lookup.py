"""The spaCy model's attribute ruler, answered by lookup instead of its Matcher.

The lemmatizer needs each token's coarse POS, which the model's `attribute_ruler` sets from the
tagger's fine TAG with 179 Matcher rules (almost all one token: a TAG, a TAG and a word, a word).
Run over every turn of a long call, that Matcher was a third of the signals stage's spaCy time,
although a token's rules depend only on its tag, its lower-cased text, its dependency label (empty:
the parser is not loaded) and whether it is whitespace. `AttributeLookup` reads the loaded ruler's
own rules, memoises which of them each distinct token key satisfies, and applies the matches in the
ruler's order with spaCy's own setter, so every token gets exactly the attributes the ruler gives
(`tests/signals/test_attribute_lookup.py` compares the two on realistic turns). A word no rule names
is keyed as `OTHER_WORD`, so the memo holds the rules' own words and tags only, never transcript
text, and stays small however long the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc, Token

FACTORY = "cxm_attribute_lookup"
OTHER_WORD = "\x00"  # the key of every word no rule names (no token's text can be it)
_TOKEN_ATTRS = {"TAG", "LOWER", "DEP", "IS_SPACE"}

_Key = tuple[str, str, str, bool]  # tag, lower, dep, is_space


def _value_test(spec: Any) -> Callable[[Any], bool]:
    """One attribute's condition in a Matcher pattern: a value, or {IN | NOT_IN | REGEX: ...}."""
    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            allowed = set(spec["IN"])
            return lambda value: value in allowed
        if set(spec) == {"NOT_IN"}:
            refused = set(spec["NOT_IN"])
            return lambda value: value not in refused
        if set(spec) == {"REGEX"}:
            pattern = re.compile(spec["REGEX"])
            return lambda value: pattern.search(value) is not None
        raise ValueError(f"unsupported attribute-ruler condition {spec!r}")
    return lambda value: value == spec


def _token_test(pattern_token: dict[str, Any]) -> Callable[[_Key], bool]:
    """A pattern position as a test of a token key."""
    unknown = set(pattern_token) - _TOKEN_ATTRS
    if unknown:
        raise ValueError(f"unsupported attribute-ruler attributes {sorted(unknown)}")
    positions = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
    tests = [(positions[name], _value_test(spec)) for name, spec in pattern_token.items()]
    return lambda key: all(test(key[position]) for position, test in tests)


class AttributeLookup:
    """A drop-in for the model's `attribute_ruler` (same rules, same order, same setter)."""

    def __init__(self) -> None:
        self.tests: list[Callable[[_Key], bool]] = []
        # Per test of a pattern's first position: (rule, test ids per position, target index).
        self.starting: dict[int, list[tuple[int, tuple[int, ...], int]]] = {}
        self.attrs: list[dict[Any, Any]] = []
        self.memo: dict[_Key, frozenset[int]] = {}
        self.words: set[str] = set()  # every word a rule compares LOWER with
        self.word_patterns: list[re.Pattern[str]] = []  # and the regexes it matches LOWER against

    def copy_rules(self, ruler: AttributeRuler) -> AttributeLookup:
        """Take the rules of a loaded attribute ruler, in its order."""
        self.tests, self.starting, self.memo, self.words, self.word_patterns = [], {}, {}, set(), []
        self.attrs = list(ruler.attrs)
        entries: list[dict[str, Any]] = list(ruler.patterns)  # spaCy types them loosely
        for rule, entry in enumerate(entries):
            for pattern in entry["patterns"]:
                ids = []
                for pattern_token in pattern:
                    self._note_words(pattern_token.get("LOWER"))
                    ids.append(len(self.tests))
                    self.tests.append(_token_test(pattern_token))
                self.starting.setdefault(ids[0], []).append((rule, tuple(ids), int(entry["index"])))
        return self

    def _note_words(self, spec: Any) -> None:
        if isinstance(spec, str):
            self.words.add(spec)
        elif isinstance(spec, dict):
            self.words.update(w for w in [*spec.get("IN", ()), *spec.get("NOT_IN", ())] if isinstance(w, str))
            if "REGEX" in spec:
                pattern = re.compile(spec["REGEX"])
                if pattern.search(OTHER_WORD):
                    raise ValueError(f"attribute-ruler regex {spec['REGEX']!r} matches the placeholder word")
                self.word_patterns.append(pattern)

    def _key(self, token: Token) -> _Key:
        word = token.lower_
        if word not in self.words and not any(p.search(word) for p in self.word_patterns):
            word = OTHER_WORD  # every test on LOWER answers for it as for this word
        return (token.tag_, word, token.dep_, token.is_space)

    def _satisfied(self, key: _Key) -> frozenset[int]:
        found = self.memo.get(key)
        if found is None:
            found = frozenset(i for i, test in enumerate(self.tests) if test(key))
            self.memo[key] = found
        return found

    def matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(rule, start, end, target) of every rule match, in the order the ruler applies them."""
        satisfied: Sequence[frozenset[int]] = [self._satisfied(self._key(token)) for token in doc]
        found = set()
        for start, tests in enumerate(satisfied):
            for test in tests:
                for rule, ids, index in self.starting.get(test, ()):
                    end = start + len(ids)
                    if end <= len(doc) and all(ids[k] in satisfied[start + k] for k in range(1, len(ids))):
                        found.add((rule, start, end, index))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        for rule, start, end, index in self.matches(doc):
            set_token_attrs(doc[start:end][index], self.attrs[rule])
        return doc


def use_attribute_lookup(nlp: Language) -> Language:
    """Replace `nlp`'s attribute ruler (if it has one) by an `AttributeLookup` of the same rules."""
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler

    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):  # another component under that name: leave it be
        return nlp
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=lambda nlp, name: AttributeLookup())
    lookup = nlp.replace_pipe("attribute_ruler", FACTORY)
    if not isinstance(lookup, AttributeLookup):
        raise TypeError(f"spaCy factory {FACTORY!r} is registered to something else: {type(lookup).__name__}")
    lookup.copy_rules(ruler)
    return nlp
