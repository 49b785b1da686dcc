"""Bad input: whole-file problems raise IngestError naming the file; per-record problems
become Rejected while the rest of the file is still read. No message quotes transcript text."""

from __future__ import annotations

import json

import pytest

from cxmaturity.ingest import IngestError, read_path

from .helpers import read_all, read_one

SECRET = "Mrs Jane Example 07700 900456"


def _raises(path, match):
    with pytest.raises(IngestError, match=match) as info:
        read_all(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert SECRET not in message
    return message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    _raises(path, "empty file")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n  \n")
    _raises(blank, "empty file")


def test_bom_only_file_is_empty(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf\n")
    _raises(path, "empty file")


def test_invalid_json(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"conversation_id": "c1", "turns": [{"speaker": "agent", "text": "' + SECRET + '"}}\n')
    message = _raises(path, r"invalid JSON \(.* at line 1, column \d+\)")
    assert "truncated" not in message


def test_truncated_json(fixtures, tmp_path):
    text = (fixtures / "contact_lens_voice.json").read_text()
    path = tmp_path / "calls" / "x.json"
    path.parent.mkdir()
    cut = text[: text.index("I've booked")]  # ends mid-string
    path.write_text(cut)
    expected_line = cut.rstrip().count("\n") + 1
    message = _raises(path, "truncated JSON")
    assert message == f"{path}: truncated JSON (unexpected end at line {expected_line})"


def test_truncated_json_without_recognisable_keys(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('{\n  "a": [1, 2,\n')
    _raises(path, r"truncated JSON \(unexpected end at line 2\)")


def test_unknown_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Remember to buy milk.\nThe meeting moved to Thursday.\n")
    _raises(path, "unknown format")
    other_json = tmp_path / "config.json"
    other_json.write_text('{"theme": "dark", "fontSize": 12}')
    _raises(other_json, "unknown format: JSON")


def test_binary_content_is_undecodable(tmp_path):
    path = tmp_path / "recording.txt"
    path.write_bytes(bytes(range(256)) * 8)
    _raises(path, "undecodable")


@pytest.mark.parametrize(
    ("encoding", "prefix", "recorded"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16", b"", "utf-16"),  # Python writes a BOM
        ("utf-16-le", b"", "utf-16-le"),  # no BOM: recognised by the NUL pattern
        ("latin-1", b"", "cp1252"),  # Windows-1252 is tried before latin-1
    ],
)
def test_encodings(tmp_path, encoding, prefix, recorded):
    path = tmp_path / f"chat-{encoding}.txt"
    body = (
        "Conversation-ID: enc-1\nChannel: chat\n\n"
        "Agent: Bonjour, bienvenue au café.\nCustomer: Un crème brûlée, s'il vous plaît.\n"
    )
    path.write_bytes(prefix + body.encode(encoding))
    conversation = read_one(path)
    assert conversation.conversation_id == "enc-1"
    assert conversation.turns[0].text == "Bonjour, bienvenue au café."
    assert conversation.turns[1].text == "Un crème brûlée, s'il vous plaît."
    assert conversation.metadata["source_encoding"] == recorded


def test_latin1_only_bytes_fall_back_to_latin1(tmp_path):
    path = tmp_path / "odd.txt"
    # 0x81 is undefined in Windows-1252, so only latin-1 decodes this.
    path.write_bytes("Agent: Caf\xe9 open.\nCustomer: ok \x81 thanks\n".encode("latin-1"))
    conversation = read_one(path)
    assert conversation.metadata["source_encoding"] == "latin-1"
    assert conversation.turns[0].text == "Café open."


def test_utf16_json(fixtures, tmp_path):
    path = tmp_path / "genesys-utf16.json"
    path.write_bytes((fixtures / "genesys_call.json").read_text().encode("utf-16"))
    conversation = read_one(path)
    assert conversation.source_format == "genesys"
    assert conversation.metadata["source_encoding"] == "utf-16"


def test_conversation_with_no_turns_is_rejected_and_others_still_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    records = [
        {"conversation_id": "ok-1", "turns": [{"speaker": "agent", "text": "Hello"}]},
        {"conversation_id": "empty-1", "turns": []},
        {"conversation_id": "blank-1", "turns": [{"speaker": "customer", "text": "   "}]},
        {"conversation_id": "ok-2", "turns": [{"speaker": "customer", "text": "Hi"}]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    conversations, rejected = read_all(path)
    assert [c.conversation_id for c in conversations] == ["ok-1", "ok-2"]
    assert [(r.conversation_id, r.reason) for r in rejected] == [
        ("empty-1", "conversation has no turns"),
        ("blank-1", "conversation has no turns"),
    ]


def test_one_bad_jsonl_line_among_good_ones(tmp_path):
    path = tmp_path / "calls.jsonl"
    good = {"conversation_id": "g-{}", "turns": [{"speaker": "agent", "text": "Thanks for calling"}]}
    lines = [json.dumps(good).replace("{}", str(i)) for i in range(3)]
    lines.insert(2, '{"conversation_id": "bad", "turns": [{"speaker": "agent", "text": "' + SECRET)
    path.write_text("\n".join(lines) + "\n")
    conversations, rejected = read_all(path)
    assert [c.conversation_id for c in conversations] == ["g-0", "g-1", "g-2"]
    assert len(rejected) == 1
    assert rejected[0].location == "line 3" and rejected[0].reason == "invalid JSON on this line"
    assert SECRET not in repr(rejected[0])


def test_bad_speaker_value_rejects_that_conversation_only(tmp_path):
    path = tmp_path / "calls.jsonl"
    path.write_text(
        json.dumps({"conversation_id": "s-1", "turns": [{"speaker": "Jane Example", "text": SECRET}]})
        + "\n"
        + json.dumps({"conversation_id": "s-2", "turns": [{"speaker": "customer", "text": "fine"}]})
        + "\n"
    )
    conversations, rejected = read_all(path)
    assert [c.conversation_id for c in conversations] == ["s-2"]
    assert rejected[0].conversation_id == "s-1" and rejected[0].location == "line 1"
    assert "speaker" in rejected[0].reason and "Jane" not in rejected[0].reason
    # ...and the override maps it.
    conversations, rejected = read_all(path, speaker_map={"Jane Example": "customer"})
    assert not rejected and conversations[0].turns[0].speaker == "customer"


def test_record_without_id_or_turns_list(tmp_path):
    path = tmp_path / "calls.json"
    path.write_text(
        json.dumps(
            [
                {"turns": [{"speaker": "agent", "text": "x"}]},
                {"conversation_id": "t-1", "turns": "Agent: hi"},
                {"conversation_id": "t-2", "turns": [{"speaker": "agent", "text": "hi"}]},
            ]
        )
    )
    conversations, rejected = read_all(path)
    assert [c.conversation_id for c in conversations] == ["t-2"]
    assert [(r.location, r.reason) for r in rejected] == [
        ("record 1", "missing conversation_id"),
        ("record 2", "'turns' is missing or not a list"),
    ]


def test_csv_row_without_conversation_id_and_ragged_row(tmp_path):
    path = tmp_path / "turns.csv"
    path.write_text(
        "call_id,speaker,text\n"
        "A,agent,Hello how can I help\n"
        ",customer,orphan row\n"
        "A,customer,My order is late,extra\n"
        "A,customer,It was due Monday\n"
    )
    conversations, rejected = read_all(path)
    assert [len(c.turns) for c in conversations] == [2]
    assert sorted(r.location for r in rejected) == ["line 3", "line 4"]


def test_missing_file_is_a_file_error(tmp_path):
    with pytest.raises(IngestError, match="cannot read file"):
        read_path(tmp_path / "gone.json")


def test_read_path_raises_file_errors_eagerly(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("")
    with pytest.raises(IngestError):
        read_path(path)  # before iteration: the runner can mark the file rejected at once


def test_unexpected_shape_inside_a_known_format_is_a_file_error(tmp_path):
    path = tmp_path / "job.json"
    path.write_text(
        json.dumps(
            {
                "jobName": "j-1",
                "results": {
                    "transcripts": [{"transcript": SECRET}],
                    "speaker_labels": {"segments": []},
                    "items": [{"type": "pronunciation", "start_time": "0.1", "alternatives": SECRET}],
                },
            }
        )
    )
    message = _raises(path, r"unreadable transcribe export \(AttributeError\)")
    assert "Jane" not in message
