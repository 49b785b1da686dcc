"""Writer -> reader round trip: what `cxmaturity.ingest` reads back is the dialogue that was written.

Each writer names the reader of its format. Reading its files as a user does (format detected
from the content) must pick that reader and give, per conversation and in order, the
dialogue's turns: same speaker roles, same words. Readers collapse runs of whitespace (an
email's blank lines), so text is compared with whitespace normalised. `merge_gap_s=0` keeps
consecutive same-speaker turns (three IVR prompts in a row) apart, as the dialogue has them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmaturity.ingest import IngestOptions, available_formats, read_path
from cxmaturity.model import Conversation
from tools.sample_data.generate import Generated
from tools.sample_data.registry import writers
from tools.sample_data.render import timed_turns

KEEP_EVERY_TURN = IngestOptions(merge_gap_s=0)


def _normalised(text: str) -> str:
    return " ".join(text.split())


def test_every_writer_names_a_reader_and_writes_some_dialogue(regenerated: tuple[Path, Generated]) -> None:
    _, result = regenerated
    used = {d.export_format for d in result.dialogues}
    for writer in writers().values():
        assert writer.reader in available_formats(), writer.name
        assert writer.name in used, f"writer {writer.name} has no dialogue, so sample_data/ does not show it"


@pytest.mark.parametrize("writer_name", sorted(writers()))
def test_reader_gives_back_the_dialogue(writer_name: str, regenerated: tuple[Path, Generated]) -> None:
    _, result = regenerated
    writer = writers()[writer_name]
    files = [w for w in result.transcripts if w.dialogues[0].export_format == writer_name]
    assert files
    for written in files:
        read = list(read_path(written.path, KEEP_EVERY_TURN))
        assert all(isinstance(c, Conversation) for c in read), f"{written.path.name}: rejected records"
        assert len(read) == len(written.dialogues), written.path.name
        for dialogue, conversation in zip(written.dialogues, read, strict=True):
            assert isinstance(conversation, Conversation)
            assert conversation.source_format == writer.reader, written.path.name
            expected = [(t.speaker, _normalised(t.text)) for t in timed_turns(dialogue)]
            got = [(t.speaker, _normalised(t.text)) for t in conversation.turns]
            assert got == expected, f"{written.path.name}: {dialogue.conversation_id}"
