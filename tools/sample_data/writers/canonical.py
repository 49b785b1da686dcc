"""Canonical JSON Lines (the contract's shape), read back by `cxmaturity.ingest.formats.canonical`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.registry import Written, register_writer
from tools.sample_data.render import timed_turns
from tools.sample_data.writers._common import output_path, write_text


def canonical_record(dialogue: Dialogue) -> dict[str, Any]:
    """One conversation as one canonical record; emails carry no turn times."""
    timed = dialogue.channel != "email"
    return {
        "conversation_id": dialogue.conversation_id,
        "channel": dialogue.channel,
        "started_at": dialogue.started_at,
        "customer_id": dialogue.customer_id,
        "agent_id": dialogue.agent_id,
        "queue": dialogue.queue,
        "direction": dialogue.direction,
        "turns": [
            {
                "speaker": t.speaker,
                "text": t.text,
                "start": t.start if timed else None,
                "end": t.end if timed else None,
            }
            for t in timed_turns(dialogue)
        ],
        "metadata": {"company": dialogue.company, "source_system": "sample export"},
    }


@register_writer("jsonl", label="canonical JSONL (one conversation per line)", reader="jsonl")
def write_jsonl(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    path = output_path(out, "jsonl", "contacts_2026-11.jsonl")
    lines = [json.dumps(canonical_record(d), ensure_ascii=False) + "\n" for d in dialogues]
    write_text(path, "".join(lines))
    return [Written(path, tuple(dialogues))]
