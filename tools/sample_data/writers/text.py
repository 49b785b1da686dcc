"""Speaker-labelled plain text with a header block, read back by `cxmaturity.ingest.formats.text`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.registry import Written, register_writer
from tools.sample_data.render import timed_turns
from tools.sample_data.writers._common import output_path, write_text

SPEAKER_LABEL = {"agent": "Agent", "customer": "Customer", "ivr": "IVR", "bot": "Bot", "system": "System"}


@register_writer("text", label="speaker-labelled plain text with a header block", reader="text")
def write_plain_text(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    written = []
    for d in dialogues:
        header = [
            f"Conversation-ID: {d.conversation_id}",
            f"Date: {d.started_at}",
            f"Channel: {d.channel}",
            f"Direction: {d.direction}",
            f"Queue: {d.queue}",
            f"Customer-ID: {d.customer_id}",
            f"Agent-ID: {d.agent_id}",
        ]
        body = [f"{SPEAKER_LABEL[t.speaker]}: {t.text}" for t in timed_turns(d)]
        path = output_path(out, "text", f"{d.conversation_id}.txt")
        write_text(path, "\n".join(header) + "\n\n" + "\n".join(body) + "\n")
        written.append(Written(path, (d,)))
    return written
