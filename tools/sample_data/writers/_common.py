"""File helpers every writer shares: same folders, same encoding, same line endings on every OS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tools.sample_data.dialogue import Dialogue


def output_path(out: Path, folder: str, filename: str) -> Path:
    """`out/folder/filename`, with the folder created."""
    path = out / folder / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def write_json(path: Path, doc: dict[str, Any]) -> Path:
    """Pretty JSON the way the vendors' consoles download it (2-space indent, trailing newline)."""
    return write_text(path, json.dumps(doc, indent=2) + "\n")


def required_file_stem(dialogue: Dialogue) -> str:
    """The file name of formats named after the vendor's job or contact, which the dialogue must give."""
    if not dialogue.file_stem:
        raise ValueError(f"{dialogue.conversation_id}: export_format {dialogue.export_format!r} needs a file_stem")
    return dialogue.file_stem
