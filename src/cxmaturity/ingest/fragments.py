"""Labelled pieces of speech (fragments) -> turns: merging, echo removal and speaker roles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cxmaturity.ingest.echo import merge_echo_fragments
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.speakers import is_structural_label, normalise_label, resolve_roles
from cxmaturity.model import Turn


@dataclass
class Fragment:
    """A piece of speech with the source's speaker label, before roles are decided."""

    label: str
    text: str
    start: float | None = None
    end: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def merge_fragments(fragments: Sequence[Fragment], max_gap_s: float) -> list[Fragment]:
    """Join consecutive fragments of one speaker (subtitle cues, ASR segments, phrases).

    A gap longer than `max_gap_s` keeps them apart: long silences (holds) must stay visible.
    Fragments without times merge whenever the speaker is the same.
    """
    merged: list[Fragment] = []
    for frag in fragments:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.label == frag.label
            and (prev.end is None or frag.start is None or frag.start - prev.end <= max_gap_s)
        ):
            prev.text = f"{prev.text} {frag.text}".strip()
            if frag.end is not None:
                prev.end = frag.end
            for key, value in frag.metadata.items():
                prev.metadata.setdefault(key, value)
        else:
            merged.append(Fragment(frag.label, frag.text, frag.start, frag.end, dict(frag.metadata)))
    return merged


def fragments_to_turns(
    fragments: Sequence[Fragment],
    options: IngestOptions,
    *,
    agent_names: Iterable[str] = (),
    customer_names: Iterable[str] = (),
    conversation_metadata: dict[str, Any] | None = None,
) -> list[Turn]:
    """Decide each label's role (see `speakers`) and build turns (empty fragments and echoes dropped)."""
    spoken = [f for f in fragments if f.text.strip()]
    if conversation_metadata is not None and len(spoken) < len(fragments):
        conversation_metadata["empty_turns_dropped"] = len(fragments) - len(spoken)
    fragments, echoes = merge_echo_fragments(spoken)
    if conversation_metadata is not None and echoes:
        conversation_metadata["echo_turns_merged"] = echoes
    assignment = resolve_roles(
        [(f.label, f.text) for f in fragments],
        speaker_map=options.speaker_map,
        agent_names=[*options.agent_names, *agent_names],
        customer_names=customer_names,
    )
    turns = []
    for frag in fragments:
        metadata = dict(frag.metadata)
        if is_structural_label(frag.label):
            metadata["source_speaker"] = frag.label
        turns.append(Turn(assignment.roles[frag.label], frag.text, frag.start, frag.end, metadata))
    if conversation_metadata is not None and assignment.methods:
        methods = sorted(set(assignment.methods.values()))
        conversation_metadata["speaker_role_method"] = methods[0] if len(methods) == 1 else methods
    return turns


def speaker_map_with_aliases(options: IngestOptions, aliases: dict[str, str]) -> IngestOptions:
    """Options whose `speaker_map` also names speakers by the vendor's bare id ("1", "A").

    `aliases` maps the vendor's id to our label ("1" -> "speaker_1"); an entry the user wrote for
    our label wins over one for the bare id.
    """
    if not options.speaker_map:
        return options
    mapped = {normalise_label(k): v for k, v in options.speaker_map.items()}
    extra = {
        label: mapped[normalise_label(raw)]
        for raw, label in aliases.items()
        if normalise_label(raw) in mapped and normalise_label(label) not in mapped
    }
    return replace(options, speaker_map={**options.speaker_map, **extra}) if extra else options
