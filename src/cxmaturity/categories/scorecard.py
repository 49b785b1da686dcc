"""Automated QA scorecards: an analyst's QA form as data, answered for every call.

```yaml
scorecard:
  name: agent_quality
  questions:
    - id: hold_etiquette
      text: Did the agent thank the customer for holding?
      weight: 1
      na_when: {signal: holds, at_most: 0}        # not applicable: no hold
      pass_when:
        phrase: [thanks for holding, thank you for holding, thanks for waiting]
        speaker: agent
```

`pass_when` and `na_when` use the condition language of the categories (`rules.py`): phrases,
proximity, negation, speaker, position, thresholds on call columns (the signals `greeting`,
`identity_verified`, `disclosure_given`, `empathy`, `ownership`, `resolved`, `closing`, ...) and
all/any/not. Each answer is `pass`, `fail` or `na`, with the turns that passed it as evidence.
The call's score is the weighted share of passed applicable questions, 0-100, or empty when no
question applied (a bot-contained call has no agent to score).

These scores are the project's own reading of the calls. They are not evidence that the centre
runs automated QA itself: maturity reads that from what the export carried.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cxmaturity.categories.rules import CallView, CategoryError, check_condition
from cxmaturity.model import Conversation

PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "na"


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    weight: float
    pass_when: dict[str, Any]
    na_when: dict[str, Any] | None


@dataclass(frozen=True)
class Scorecard:
    name: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Answer:
    result: str  # pass / fail / na
    turns: tuple[int, ...] = ()


def load_scorecard(path: Path) -> Scorecard:
    """A scorecard from YAML, every question checked before use."""
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CategoryError(f"{path}: cannot read scorecard ({type(exc).__name__}: {exc})") from None
    card = document.get("scorecard") if isinstance(document, dict) else None
    if not isinstance(card, dict) or not isinstance(card.get("questions"), list) or not card["questions"]:
        raise CategoryError(f"{path}: expected a 'scorecard' mapping with a non-empty 'questions' list")
    questions: list[Question] = []
    for position, entry in enumerate(card["questions"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"].strip():
            raise CategoryError(f"{path}: question {position}: 'id' must be a non-empty string")
        qid = entry["id"].strip()
        where = f"{path}: question {qid!r}"
        if any(q.id == qid for q in questions):
            raise CategoryError(f"{where}: defined twice")
        unknown = sorted(set(entry) - {"id", "text", "weight", "pass_when", "na_when"})
        if unknown:
            raise CategoryError(f"{where}: unknown field(s) {unknown}")
        weight = entry.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            raise CategoryError(f"{where}: weight: must be a positive number")
        if "pass_when" not in entry:
            raise CategoryError(f"{where}: missing 'pass_when'")
        check_condition(entry["pass_when"], f"{where}: pass_when")
        if entry.get("na_when") is not None:
            check_condition(entry["na_when"], f"{where}: na_when")
        questions.append(
            Question(qid, str(entry.get("text") or qid), float(weight), entry["pass_when"], entry.get("na_when"))
        )
    return Scorecard(str(card.get("name") or Path(path).stem), tuple(questions))


def answer(scorecard: Scorecard, conversation: Conversation) -> tuple[dict[str, Answer], float | None]:
    """Each question's answer, and the call's score (0-100; None when no question applied)."""
    view = CallView(conversation)
    answers: dict[str, Answer] = {}
    earned = possible = 0.0
    for question in scorecard.questions:
        if question.na_when is not None and view.evaluate(question.na_when).matched:
            answers[question.id] = Answer(NOT_APPLICABLE)
            continue
        result = view.evaluate(question.pass_when)
        answers[question.id] = Answer(PASS if result.matched else FAIL, result.turns)
        possible += question.weight
        earned += question.weight if result.matched else 0.0
    return answers, (round(100.0 * earned / possible, 1) if possible else None)
