"""Input expansion (files, folders, globs) and the `ingest` stage the runner calls."""

from __future__ import annotations

import pytest

from cxmaturity.ingest import IngestError, expand_inputs
from cxmaturity.ingest.stage import IngestStage
from cxmaturity.model import Conversation, Rejected
from cxmaturity.pipeline.registry import get_stage


@pytest.fixture
def drop(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "calls.jsonl").write_text("{}")
    (tmp_path / "a" / "nested").mkdir()
    (tmp_path / "a" / "nested" / "chat.txt").write_text("Agent: hi")
    (tmp_path / "a" / "nested" / "call.VTT").write_text("WEBVTT")
    (tmp_path / "a" / ".hidden.json").write_text("{}")
    (tmp_path / "a" / ".cache").mkdir()
    (tmp_path / "a" / ".cache" / "x.json").write_text("{}")
    (tmp_path / "a" / "notes.docx").write_bytes(b"PK")
    (tmp_path / "a" / "run1").mkdir()
    (tmp_path / "a" / "run1" / "manifest.json").write_text("{}")
    (tmp_path / "a" / "run1" / "calls.parquet").write_bytes(b"PAR1")
    (tmp_path / "a" / "run1" / "redacted.jsonl").write_text("{}")
    (tmp_path / "b.srt").write_text("1")
    return tmp_path


def test_folders_recursive_skip_hidden_outputs_and_unreadable_suffixes(drop):
    files = expand_inputs([str(drop / "a")])
    assert [p.relative_to(drop).as_posix() for p in files] == [
        "a/calls.jsonl",
        "a/nested/call.VTT",
        "a/nested/chat.txt",
    ]


def test_files_globs_sorted_and_deduplicated(drop):
    files = expand_inputs([str(drop / "b.srt"), str(drop / "a" / "**" / "*.txt"), str(drop / "a"), str(drop / "b.srt")])
    assert [p.relative_to(drop).as_posix() for p in files] == [
        "a/calls.jsonl",
        "a/nested/call.VTT",
        "a/nested/chat.txt",
        "b.srt",
    ]


def test_explicit_file_is_taken_whatever_its_suffix(drop):
    assert expand_inputs([str(drop / "a" / "notes.docx")]) == [drop / "a" / "notes.docx"]


def test_exclude_the_output_folder(drop):
    files = expand_inputs([str(drop)], exclude=[drop / "a" / "nested"])
    assert [p.relative_to(drop).as_posix() for p in files] == ["a/calls.jsonl", "b.srt"]


def test_missing_inputs_raise(drop):
    with pytest.raises(IngestError, match="no such file or folder"):
        expand_inputs([str(drop / "nope.json")])
    with pytest.raises(IngestError, match="no files match"):
        expand_inputs([str(drop / "*.parquet")])


def test_stage_is_the_registered_ingest_stage_and_reads(fixtures):
    stage_class = get_stage("ingest")
    assert stage_class is IngestStage
    stage = stage_class(format=None, columns={"text": "Utterance"}, speaker_map={"spk_0": "agent"})
    files = stage.expand([str(fixtures)])
    assert len(files) == 25
    items = [item for path in files for item in stage.read(path)]
    conversations = [i for i in items if isinstance(i, Conversation)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert len(conversations) == 31 and len(rejected) == 1  # chat_transcripts.txt's header without turns
    assert stage.model_info()["formats"]


def test_stage_rejects_unknown_config():
    with pytest.raises(ValueError, match="unknown option"):
        IngestStage(colums={})
    with pytest.raises(ValueError, match="speaker_map"):
        IngestStage(speaker_map={"spk_0": "manager"})
