"""Dialogue files are validated on load: a typo is an error naming the file and the turn, not a silent change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tools.sample_data.checks import CorpusCheckError, check_corpus
from tools.sample_data.dialogue import dialogue_from_mapping, load_dialogues
from tools.sample_data.registry import writers


def _mapping(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "conversation_id": "c-0001",
        "export_format": "jsonl",
        "company": "Cartwell",
        "channel": "chat",
        "direction": "inbound",
        "queue": "general",
        "started_at": "2026-11-03T09:14:03Z",
        "customer_id": None,
        "customer_name": "Sam",
        "agent_id": None,
        "agent_name": "Aisha",
        "notes": "",
        "turns": [{"C": "hello"}, {"A+30": "hi"}, {"Customer": "thanks"}],
    }
    data.update(changes)
    return data


def test_turn_labels_gaps_and_long_prefixes_are_parsed() -> None:
    dialogue = dialogue_from_mapping(_mapping())
    assert [(t.prefix, t.speaker, t.gap, t.text) for t in dialogue.turns] == [
        ("C", "customer", None, "hello"),
        ("A", "agent", 30.0, "hi"),
        ("C", "customer", None, "thanks"),
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"queue_name": "x"}, "unknown key"),
        ({"turns": [{"X": "hello"}]}, "unknown speaker label"),
        ({"turns": [{"C": True}]}, "not a string"),  # an unquoted `yes` in YAML
        ({"turns": ["C: hello"]}, "one `WHO: text` mapping"),
        ({"started_at": None}, "quoted string"),
    ],
)
def test_malformed_dialogues_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dialogue_from_mapping(_mapping(**changes))


def test_missing_keys_are_refused() -> None:
    data = _mapping()
    del data["queue"]
    with pytest.raises(ValueError, match="missing key"):
        dialogue_from_mapping(data)


def test_file_name_must_be_the_conversation_id(tmp_path: Path) -> None:
    (tmp_path / "c-0002.yaml").write_text(
        "conversation_id: c-0001\nexport_format: jsonl\ncompany: X\nchannel: chat\ndirection: inbound\n"
        "queue: general\nstarted_at: '2026-11-03T09:14:03Z'\ncustomer_id: null\ncustomer_name: A\n"
        "agent_id: null\nagent_name: B\nnotes: ''\nturns:\n- C: hello\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="differs from the file name"):
        load_dialogues(tmp_path)


def test_corpus_checks_name_the_broken_promise() -> None:
    dialogues = load_dialogues()
    check_corpus(dialogues, known_formats=writers())
    with pytest.raises(CorpusCheckError, match="no writer"):
        check_corpus(dialogues, known_formats=set(writers()) - {"srt"})
    reworded = [
        replace(d, turns=tuple(replace(t, text=t.text.replace("press 1", "press one")) for t in d.turns))
        for d in dialogues
    ]
    with pytest.raises(CorpusCheckError, match="press 1"):
        check_corpus(reworded, known_formats=writers())
