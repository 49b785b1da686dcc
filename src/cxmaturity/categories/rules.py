"""User categories: rules an analyst writes in YAML, matched against each call.

The rule language is what Contact Lens rules and Insights phrase matchers offer, as data:

```yaml
categories:
  - name: cancellation_threat
    description: The customer says they will cancel or leave.
    when:
      all:
        - phrase: [cancel, close my account, leave]
          near: [contract, account, subscription]   # within `within` words (default 5)
          within: 5
          speaker: customer                          # agent, customer, bot, ivr, any (default any)
          first_turns: 10                            # or last_turns / first_seconds / last_seconds
        - not:
            phrase: [not cancel, don't want to cancel]
        - signal: sentiment_end                      # any calls.parquet column the earlier stages wrote
          below: 0
```

Conditions: `phrase` (with `near`/`within`, `speaker`, a position, `negated`), `signal` (with
`below`, `above`, `at_least`, `at_most`, `equals`), and `all` / `any` / `not` over conditions. A
phrase preceded by a negation ("not happy", "never received") does not match unless `negated:
true`, which matches only negated mentions. `first_seconds` / `last_seconds` need turn times: on a
call without them such a condition does not match (it is unknown, not true). A `signal` on a column the
call lacks does not match either. Every match records the turns that triggered it.

A malformed file fails when it is loaded, before any call is read, with an error naming the
category and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cxmaturity.errors import ConfigError
from cxmaturity.model import SPEAKERS, Conversation

DEFAULT_WITHIN = 5
POSITION_KEYS = ("first_turns", "last_turns", "first_seconds", "last_seconds")
COMPARISONS = ("below", "above", "at_least", "at_most", "equals")
PHRASE_KEYS = {"phrase", "near", "within", "speaker", "negated", *POSITION_KEYS}
SIGNAL_KEYS = {"signal", *COMPARISONS}
_WORD = re.compile(r"[a-z0-9']+")
# A negation up to three words before a phrase: "not really happy", "never actually received".
NEGATIONS = frozenset(
    {
        "not",
        "never",
        "no",
        "don't",
        "didn't",
        "doesn't",
        "isn't",
        "wasn't",
        "won't",
        "can't",
        "haven't",
        "hasn't",
        "without",
        "nothing",
        "nobody",
        "dont",
        "didnt",
        "cant",
        "wont",
    }
)
NEGATION_WINDOW = 3


class CategoryError(ConfigError):
    """A category or scorecard file that cannot be used; the message names the file, the category and the field.

    A `ConfigError` (and so still a `ValueError`): the CLI prints it as it is, before any call is read.
    """


@dataclass(frozen=True)
class Match:
    matched: bool
    turns: tuple[int, ...] = ()


@dataclass(frozen=True)
class Category:
    name: str
    description: str
    when: dict[str, Any]


@dataclass
class _Turns:
    """A call's turns as word lists, with their speakers and times (built once per call)."""

    words: list[list[str]]
    speakers: list[str]
    starts: list[float | None]
    ends: list[float | None] = field(default_factory=list)
    signal_turns: dict[str, tuple[int, ...]] = field(default_factory=dict)  # where each signal fired


def load_categories(path: Path) -> list[Category]:
    """Categories from a YAML file, every rule checked before use."""
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CategoryError(f"{path}: cannot read categories ({type(exc).__name__}: {exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("categories"), list):
        raise CategoryError(f"{path}: expected a mapping with a 'categories' list")
    categories: list[Category] = []
    seen: set[str] = set()
    for position, entry in enumerate(document["categories"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise CategoryError(f"{path}: category {position}: 'name' must be a non-empty string")
        name = entry["name"].strip()
        if name in seen:
            raise CategoryError(f"{path}: category {name!r}: defined twice")
        seen.add(name)
        unknown = sorted(set(entry) - {"name", "description", "when"})
        if unknown:
            raise CategoryError(f"{path}: category {name!r}: unknown field(s) {unknown}")
        if "when" not in entry:
            raise CategoryError(f"{path}: category {name!r}: missing 'when'")
        _check(entry["when"], f"{path}: category {name!r}: when")
        categories.append(Category(name, str(entry.get("description") or ""), entry["when"]))
    return categories


def _check(condition: Any, where: str) -> None:
    """Raise CategoryError naming `where` and the field when a condition is malformed."""
    if not isinstance(condition, dict) or not condition:
        raise CategoryError(f"{where}: a condition must be a mapping (phrase, signal, all, any or not)")
    kinds = [key for key in ("all", "any", "not", "phrase", "signal") if key in condition]
    if len(kinds) != 1:
        raise CategoryError(f"{where}: exactly one of all/any/not/phrase/signal per condition, got {sorted(condition)}")
    kind = kinds[0]
    if kind in ("all", "any"):
        if set(condition) != {kind} or not isinstance(condition[kind], list) or not condition[kind]:
            raise CategoryError(f"{where}.{kind}: must be a non-empty list of conditions and nothing else")
        for index, part in enumerate(condition[kind]):
            _check(part, f"{where}.{kind}[{index}]")
    elif kind == "not":
        if set(condition) != {"not"}:
            raise CategoryError(f"{where}.not: 'not' takes one condition and nothing beside it")
        _check(condition["not"], f"{where}.not")
    elif kind == "phrase":
        _check_phrase(condition, where)
    else:
        _check_signal(condition, where)


def _phrases(value: Any, where: str) -> list[str]:
    phrases = [value] if isinstance(value, str) else value
    if (
        not isinstance(phrases, list)
        or not phrases
        or not all(isinstance(p, str) and _WORD.findall(p.lower()) for p in phrases)
    ):
        raise CategoryError(f"{where}: must be a phrase or a non-empty list of phrases")
    return phrases


def _check_phrase(condition: dict[str, Any], where: str) -> None:
    unknown = sorted(set(condition) - PHRASE_KEYS)
    if unknown:
        raise CategoryError(f"{where}.phrase: unknown field(s) {unknown}; known: {sorted(PHRASE_KEYS)}")
    _phrases(condition["phrase"], f"{where}.phrase")
    if "near" in condition:
        _phrases(condition["near"], f"{where}.near")
    if "within" in condition and (not isinstance(condition["within"], int) or condition["within"] < 1):
        raise CategoryError(f"{where}.within: must be a whole number of words >= 1")
    if "within" in condition and "near" not in condition:
        raise CategoryError(f"{where}.within: needs 'near'")
    speaker = condition.get("speaker", "any")
    if speaker != "any" and speaker not in SPEAKERS:
        raise CategoryError(f"{where}.speaker: {speaker!r} is not one of any, {', '.join(SPEAKERS)}")
    if "negated" in condition and not isinstance(condition["negated"], bool):
        raise CategoryError(f"{where}.negated: must be true or false")
    positions = [key for key in POSITION_KEYS if key in condition]
    if len(positions) > 1:
        raise CategoryError(f"{where}: at most one of {', '.join(POSITION_KEYS)}")
    for key in positions:
        value = condition[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise CategoryError(f"{where}.{key}: must be a positive number")


def _check_signal(condition: dict[str, Any], where: str) -> None:
    unknown = sorted(set(condition) - SIGNAL_KEYS)
    if unknown:
        raise CategoryError(f"{where}.signal: unknown field(s) {unknown}; known: {sorted(SIGNAL_KEYS)}")
    if not isinstance(condition["signal"], str) or not condition["signal"].strip():
        raise CategoryError(f"{where}.signal: must name a calls column, e.g. holds or sentiment_end")
    comparisons = [key for key in COMPARISONS if key in condition]
    if not comparisons:
        raise CategoryError(f"{where}.signal: needs one of {', '.join(COMPARISONS)}")
    for key in comparisons:
        value = condition[key]
        if key != "equals" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise CategoryError(f"{where}.{key}: must be a number")


def check_condition(condition: Any, where: str) -> None:
    """Check one condition (the same language as categories use); CategoryError names `where` and the field."""
    _check(condition, where)


# ---------------------------------------------------------------------------------- matching
class CallView:
    """A call as the rules read it: its turns as word lists (built once), speakers, times and call columns."""

    def __init__(self, conversation: Conversation) -> None:
        self.turns = _Turns(
            words=[_WORD.findall((turn.text or "").lower()) for turn in conversation.turns],
            speakers=[turn.speaker for turn in conversation.turns],
            starts=[turn.start for turn in conversation.turns],
            ends=[turn.end for turn in conversation.turns],
            signal_turns=_signal_turns(conversation.call.get("signal_turns")),
        )
        self.call = conversation.call

    def evaluate(self, condition: Mapping[str, Any]) -> Match:
        """Whether a checked condition holds on this call, and the turns that made it hold."""
        return _evaluate(condition, self.turns, self.call)


def match_categories(categories: Sequence[Category], conversation: Conversation) -> dict[str, tuple[int, ...]]:
    """Category name -> the turns that triggered it, for every category the call matches."""
    view = CallView(conversation)
    found: dict[str, tuple[int, ...]] = {}
    for category in categories:
        result = view.evaluate(category.when)
        if result.matched:
            found[category.name] = result.turns
    return found


def _evaluate(condition: Mapping[str, Any], turns: _Turns, call: Mapping[str, Any]) -> Match:
    if "all" in condition:
        parts = [_evaluate(part, turns, call) for part in condition["all"]]
        if all(part.matched for part in parts):
            return Match(True, _union(part.turns for part in parts))
        return Match(False)
    if "any" in condition:
        parts = [_evaluate(part, turns, call) for part in condition["any"]]
        hits = [part for part in parts if part.matched]
        return Match(True, _union(part.turns for part in hits)) if hits else Match(False)
    if "not" in condition:
        return Match(not _evaluate(condition["not"], turns, call).matched)
    if "phrase" in condition:
        return _phrase_match(condition, turns)
    value = call.get(condition["signal"])
    if not _signal_holds(condition, value):
        return Match(False)
    # A signal that fired and is asked for is evidenced by the turns it fired on (empty for a threshold on a
    # score, or for a signal that holds by being absent).
    return Match(True, turns.signal_turns.get(condition["signal"], ()) if value is True or _positive(value) else ())


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _signal_turns(raw: Any) -> dict[str, tuple[int, ...]]:
    """The signals stage's `signal_turns` (JSON text or a mapping) as signal -> turn indexes."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    if not isinstance(raw, Mapping):
        return {}
    return {
        str(name): tuple(int(t) for t in turns if isinstance(t, (int, float)))
        for name, turns in raw.items()
        if isinstance(turns, (list, tuple))
    }


def _union(groups: Any) -> tuple[int, ...]:
    return tuple(sorted({turn for group in groups for turn in group}))


def _phrase_match(condition: Mapping[str, Any], turns: _Turns) -> Match:
    phrases = _by_first_word(_WORD.findall(p.lower()) for p in _phrases(condition["phrase"], "phrase"))
    near = (
        _by_first_word(_WORD.findall(p.lower()) for p in _phrases(condition["near"], "near"))
        if "near" in condition
        else None
    )
    within = int(condition.get("within", DEFAULT_WITHIN))
    speaker = condition.get("speaker", "any")
    want_negated = bool(condition.get("negated", False))
    hits = []
    for index in _positions(condition, turns):
        if speaker != "any" and turns.speakers[index] != speaker:
            continue
        words = turns.words[index]
        for start in _occurrences(words, phrases):
            if _negated(words, start) != want_negated:
                continue
            if near is None or any(abs(other - start) <= within for other in _occurrences(words, near)):
                hits.append(index)
                break
    return Match(bool(hits), tuple(hits))


def _by_first_word(phrases: Iterable[list[str]]) -> dict[str, list[list[str]]]:
    """Phrases (as word lists) keyed by their first word, in their given order; empty ones dropped."""
    index: dict[str, list[list[str]]] = {}
    for phrase in phrases:
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return index


def _occurrences(words: list[str], phrases: Mapping[str, list[list[str]]]) -> list[int]:
    """Word positions where any of the phrases starts (once per phrase that does). Only the phrases
    whose first word is the word at a position are compared there: a category file has hundreds of
    phrases, and comparing each at every word of every turn was most of this stage's time."""
    return [i for i, word in enumerate(words) for p in phrases.get(word, ()) if words[i : i + len(p)] == p]


def _negated(words: list[str], start: int) -> bool:
    return any(word in NEGATIONS or word.endswith("n't") for word in words[max(0, start - NEGATION_WINDOW) : start])


def _positions(condition: Mapping[str, Any], turns: _Turns) -> range | list[int]:
    """The turn indexes a phrase condition looks at (its position constraint, if any)."""
    n = len(turns.words)
    if "first_turns" in condition:
        return range(min(n, int(condition["first_turns"])))
    if "last_turns" in condition:
        return range(max(0, n - int(condition["last_turns"])), n)
    timed = [(i, s) for i, s in enumerate(turns.starts) if s is not None]
    if not timed:
        return range(n) if not any(key in condition for key in POSITION_KEYS) else []
    if "first_seconds" in condition:
        first = min(s for _, s in timed)
        return [i for i, s in timed if s - first <= float(condition["first_seconds"])]
    if "last_seconds" in condition:
        last = max(end if (end := turns.ends[i]) is not None else s for i, s in timed)
        return [i for i, s in timed if last - s <= float(condition["last_seconds"])]
    return range(n)


def _signal_holds(condition: Mapping[str, Any], value: Any) -> bool:
    if value is None or (isinstance(value, float) and value != value):  # missing or NaN: the rule cannot hold
        return False
    if "equals" in condition and value != condition["equals"]:
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "equals" in condition and not any(key in condition for key in COMPARISONS if key != "equals")
    checks = {
        "below": lambda limit: number < limit,
        "above": lambda limit: number > limit,
        "at_least": lambda limit: number >= limit,
        "at_most": lambda limit: number <= limit,
    }
    return all(check(float(condition[key])) for key, check in checks.items() if key in condition)
