"""Reader options, built from the `ingest` section of the pipeline YAML."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from cxmaturity.model import CHANNELS, DIRECTIONS, SPEAKERS

#: Canonical fields a tabular (CSV/Parquet) column can be mapped to.
TABULAR_FIELDS = (
    "conversation_id",
    "speaker",
    "text",
    "start",
    "end",
    "timestamp",
    "turn_index",
    "channel",
    "direction",
    "queue",
    "agent_id",
    "customer_id",
    "started_at",
)


@dataclass(frozen=True)
class IngestOptions:
    """How to read exports.

    format: a reader name to use instead of content detection (`--format`).
    columns: tabular field -> source column name, for CSV/Parquet exports whose column
        names the defaults do not recognise (e.g. {"text": "Verbatim"}).
    speaker_map: source speaker label -> role; always wins over the built-in heuristic
        (e.g. {"spk_0": "customer", "Sarah": "agent"}). Labels match case-insensitively.
    default_channel / default_direction: used when the export does not say.
    agent_names: names that identify agents in name-labelled transcripts (VTT/SRT/text).
    delimiter: CSV delimiter; None sniffs it (comma, tab, semicolon, pipe).
    merge_gap_s: consecutive same-speaker fragments (subtitle cues, ASR segments, phrases)
        closer than this are merged into one turn; longer gaps stay separate turns so
        hold silences remain visible.
    """

    format: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    speaker_map: dict[str, str] = field(default_factory=dict)
    default_channel: str | None = None
    default_direction: str | None = None
    agent_names: tuple[str, ...] = ()
    delimiter: str | None = None
    merge_gap_s: float = 2.0

    def __post_init__(self) -> None:
        unknown_columns = set(self.columns) - set(TABULAR_FIELDS)
        if unknown_columns:
            raise ValueError(
                f"ingest.columns: unknown field(s) {sorted(unknown_columns)}; expected some of {TABULAR_FIELDS}"
            )
        bad_roles = {label: role for label, role in self.speaker_map.items() if role not in SPEAKERS}
        if bad_roles:
            raise ValueError(
                f"ingest.speaker_map: roles must be one of {SPEAKERS}; got {sorted(set(bad_roles.values()))}"
            )
        if self.default_channel is not None and self.default_channel not in CHANNELS:
            raise ValueError(f"ingest.default_channel must be one of {CHANNELS}")
        if self.default_direction is not None and self.default_direction not in DIRECTIONS:
            raise ValueError(f"ingest.default_direction must be one of {DIRECTIONS}")
        if self.merge_gap_s < 0:
            raise ValueError("ingest.merge_gap_s must be >= 0")

    @classmethod
    def from_config(cls, config: dict[str, Any] | None = None) -> IngestOptions:
        """Options from the YAML `ingest` config; unknown keys are an error, not ignored."""
        config = dict(config or {})
        known = {f.name for f in fields(cls)}
        unknown = set(config) - known
        if unknown:
            raise ValueError(f"ingest: unknown option(s) {sorted(unknown)}; known: {sorted(known)}")
        if config.get("agent_names") is not None:
            config["agent_names"] = tuple(str(name) for name in config["agent_names"])
        for key in ("columns", "speaker_map"):
            if config.get(key) is None:
                config.pop(key, None)
            else:
                config[key] = {str(k): str(v) for k, v in dict(config[key]).items()}
        if config.get("format") is not None:
            from cxmaturity.ingest.registry import available_formats

            if config["format"] not in available_formats():
                raise ValueError(f"ingest.format {config['format']!r} is not one of {available_formats()}")
        return cls(**config)
