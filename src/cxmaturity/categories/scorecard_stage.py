"""The `scorecard` pipeline stage: the QA form answered for every call (see `scorecard.py`).

It runs after `categories`, so a question can read the signals, the sentiment and the categories
columns. It writes `scorecard_score` (0-100, empty when nothing applied) and `scorecard_answers`
(JSON: question id -> {"result": pass/fail/na, "turns": [...]}). Agent ids are never part of it:
per-agent tables are a choice a user makes downstream, not something the report volunteers.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cxmaturity.categories.scorecard import Scorecard, answer, load_scorecard
from cxmaturity.model import Conversation
from cxmaturity.pipeline.config import default_pipeline_path
from cxmaturity.pipeline.stage import ConversationStage

DEFAULT_FILE_NAME = "scorecard.yaml"


def default_scorecard_path() -> Path:
    """`pipelines/scorecard.yaml` beside the default pipeline (the checkout's, else the packaged copy)."""
    return default_pipeline_path().with_name(DEFAULT_FILE_NAME)


class ScorecardStage(ConversationStage):
    """Pipeline stage `scorecard`; config: `file` (a scorecard YAML, default pipelines/scorecard.yaml)."""

    name = "scorecard"

    def __init__(self, file: str | None = None) -> None:
        self.path = Path(file) if file else default_scorecard_path()
        self.scorecard: Scorecard = load_scorecard(self.path)
        self._sha256 = hashlib.sha256(self.path.read_bytes()).hexdigest()

    def __call__(self, conversation: Conversation) -> Conversation:
        answers, score = answer(self.scorecard, conversation)
        conversation.call["scorecard_score"] = score
        conversation.call["scorecard_answers"] = json.dumps(
            {qid: {"result": a.result, "turns": list(a.turns)} for qid, a in answers.items()}
        )
        return conversation

    def model_info(self) -> dict[str, Any]:
        return {
            "scorecard": {
                "file": str(self.path),
                "sha256": self._sha256,
                "name": self.scorecard.name,
                "questions": len(self.scorecard.questions),
            }
        }
