"""The hand-written dialogues, loaded from `dialogues/*.yaml` (one file per conversation).

Why data files: a dialogue is content, not code; keeping it in YAML lets anyone edit a
conversation without touching the writers, and lets every format render the same words.

A dialogue file holds the conversation's metadata and its `turns`, one single-key mapping
per turn, `WHO: text` or `WHO+GAP: text`:
    A / Agent      the (first) agent          A2    a second agent after a transfer
    C / Customer   the customer               B / Bot      a bot or virtual assistant
    I / IVR        an IVR prompt              S / System   a system message
    A+95           a 95 second gap before the turn (holds, queue time); every timed format
                   shows it.
Conversations are ordered by id (the file name); shared files (JSONL, CSV, Parquet) list
them in that order.
"""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

DIALOGUES = Path(__file__).resolve().parent / "dialogues"

#: Short turn labels and the long ones some dialogues use, to canonical roles.
ROLE_BY_PREFIX = {"A": "agent", "A2": "agent", "C": "customer", "B": "bot", "I": "ivr", "S": "system"}
LONG_PREFIXES = {"Agent": "A", "Customer": "C", "IVR": "I", "Bot": "B", "System": "S"}
WHO_RE = re.compile(r"^(?P<who>A2|A|C|B|I|S|Agent|Customer|IVR|Bot|System)(?:\+(?P<gap>\d+))?$")


@dataclass(frozen=True)
class ScriptLine:
    """One turn as written: who speaks, an explicit gap before it (if any), the words."""

    prefix: str  # A, A2, C, B, I, S (long labels normalised)
    gap: float | None
    text: str

    @property
    def speaker(self) -> str:
        return ROLE_BY_PREFIX[self.prefix]


@dataclass(frozen=True)
class Dialogue:
    """One conversation and everything any writer needs to render it."""

    conversation_id: str
    export_format: str  # a registered writer name (see `registry.py`)
    company: str
    channel: str
    direction: str
    queue: str
    started_at: str  # ISO 8601, UTC, whole seconds
    customer_id: str | None
    customer_name: str
    agent_id: str | None
    agent_name: str
    notes: str  # what the conversation shows, for the README (never PII)
    turns: tuple[ScriptLine, ...]
    file_stem: str | None = None  # file name for formats named by the vendor's job, not by our id
    agent2_id: str | None = None
    agent2_name: str | None = None
    categories: dict[str, list[int]] = field(default_factory=dict)  # vendor category -> turn indices
    redacted_at_source: bool = False  # vendor export already redacted ([PII])
    bot_role: str = "system"  # Contact Lens chat: Lex bots speak as SYSTEM, third-party bots as CUSTOM_BOT
    bot_name: str = "BOT"
    raw_pii: tuple[str, ...] = ()  # PII values a raw Contact Lens voice export marks with audio offsets

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.turns]


_KNOWN_KEYS = {f.name for f in fields(Dialogue)}
_REQUIRED_KEYS = {f.name for f in fields(Dialogue) if f.default is MISSING and f.default_factory is MISSING}


def _script_line(conversation_id: str, index: int, raw: Any) -> ScriptLine:
    if not (isinstance(raw, dict) and len(raw) == 1):
        raise ValueError(f"{conversation_id}: turn {index} must be one `WHO: text` mapping")
    ((who, text),) = raw.items()
    match = WHO_RE.match(str(who))
    if match is None:
        raise ValueError(f"{conversation_id}: turn {index} has unknown speaker label {who!r}")
    if not isinstance(text, str):
        raise ValueError(f"{conversation_id}: turn {index} text is not a string (quote it)")
    prefix = LONG_PREFIXES.get(match["who"], match["who"])
    return ScriptLine(prefix, float(match["gap"]) if match["gap"] else None, text)


def dialogue_from_mapping(data: dict[str, Any]) -> Dialogue:
    """A `Dialogue` from one parsed YAML document; unknown or missing keys are errors, not ignored."""
    name = data.get("conversation_id", "?")
    if unknown := set(data) - _KNOWN_KEYS:
        raise ValueError(f"{name}: unknown key(s) {sorted(unknown)}")
    if missing := _REQUIRED_KEYS - set(data):
        raise ValueError(f"{name}: missing key(s) {sorted(missing)}")
    if not isinstance(data["started_at"], str):
        raise ValueError(f"{name}: started_at must be a quoted string ('2026-11-03T09:14:03Z')")
    values = dict(data)
    values["turns"] = tuple(_script_line(name, i, raw) for i, raw in enumerate(data["turns"] or []))
    values["raw_pii"] = tuple(data.get("raw_pii", ()))
    return Dialogue(**values)


def load_dialogues(folder: Path = DIALOGUES) -> list[Dialogue]:
    """Every dialogue in `folder`, ordered by conversation id (the file name)."""
    dialogues = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        dialogue = dialogue_from_mapping(data)
        if dialogue.conversation_id != path.stem:
            raise ValueError(f"{path.name}: conversation_id {dialogue.conversation_id!r} differs from the file name")
        dialogues.append(dialogue)
    return dialogues
