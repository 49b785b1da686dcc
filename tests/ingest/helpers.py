"""Small helpers for the ingest tests."""

from __future__ import annotations

from pathlib import Path

from cxmaturity.ingest import IngestOptions, read_path
from cxmaturity.model import Conversation, Rejected

# Real vendor exports (../shared/real_exports beside the checkout); tests that read them skip without it.
REAL_EXPORTS = Path(__file__).resolve().parents[3] / "shared" / "real_exports"


def read_all(path: Path, **options) -> tuple[list[Conversation], list[Rejected]]:
    conversations, rejected = [], []
    for item in read_path(path, IngestOptions(**options)):
        (conversations if isinstance(item, Conversation) else rejected).append(item)
    return conversations, rejected


def read_one(path: Path, **options) -> Conversation:
    conversations, rejected = read_all(path, **options)
    assert not rejected, rejected
    assert len(conversations) == 1, [c.conversation_id for c in conversations]
    return conversations[0]


def speakers(conversation: Conversation) -> list[str]:
    return [turn.speaker for turn in conversation.turns]
