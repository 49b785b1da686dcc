"""The `categories` pipeline stage: which of the user's categories each call matches, and on which turns.

It runs after `signals` (and `classify`, `predict`), so rules can test their columns. It writes two call
columns: `categories` (names, sorted) and `category_turns` (JSON: name -> turn indexes), the evidence an
analyst quotes. The file is read and checked when the stage is built, before any call is read.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cxmaturity.categories.rules import Category, load_categories, match_categories
from cxmaturity.model import Conversation
from cxmaturity.pipeline.config import default_pipeline_path
from cxmaturity.pipeline.stage import ConversationStage

DEFAULT_FILE_NAME = "categories.yaml"


def default_categories_path() -> Path:
    """`pipelines/categories.yaml` beside the default pipeline (the checkout's, else the packaged copy)."""
    return default_pipeline_path().with_name(DEFAULT_FILE_NAME)


class CategoriesStage(ConversationStage):
    """Pipeline stage `categories`; config: `file` (a categories YAML, default pipelines/categories.yaml)."""

    name = "categories"

    def __init__(self, file: str | None = None) -> None:
        self.path = Path(file) if file else default_categories_path()
        self.categories: list[Category] = load_categories(self.path)
        self._sha256 = hashlib.sha256(self.path.read_bytes()).hexdigest()

    def __call__(self, conversation: Conversation) -> Conversation:
        found = match_categories(self.categories, conversation)
        conversation.call["categories"] = sorted(found)
        conversation.call["category_turns"] = json.dumps({name: list(turns) for name, turns in sorted(found.items())})
        return conversation

    def model_info(self) -> dict[str, Any]:
        return {"categories": {"file": str(self.path), "sha256": self._sha256, "count": len(self.categories)}}
