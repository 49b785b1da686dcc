"""Reader options, built from the `ingest` section of the pipeline YAML."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from cxmaturity.errors import ConfigError
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
        """Refuse unusable settings up front (ConfigError naming `ingest.<field>`), before any file is read."""
        unknown_columns = set(self.columns) - set(TABULAR_FIELDS)
        if unknown_columns:
            raise ConfigError(
                f"ingest.columns: unknown field(s) {sorted(unknown_columns)}; expected some of {TABULAR_FIELDS}"
            )
        bad_roles = {label: role for label, role in self.speaker_map.items() if role not in SPEAKERS}
        if bad_roles:
            raise ConfigError(
                f"ingest.speaker_map: roles must be one of {SPEAKERS}; got {sorted(set(bad_roles.values()))}"
            )
        if self.default_channel is not None and self.default_channel not in CHANNELS:
            raise ConfigError(f"ingest.default_channel: must be one of {CHANNELS}; got {self.default_channel!r}")
        if self.default_direction is not None and self.default_direction not in DIRECTIONS:
            raise ConfigError(f"ingest.default_direction: must be one of {DIRECTIONS}; got {self.default_direction!r}")
        if isinstance(self.merge_gap_s, bool) or not isinstance(self.merge_gap_s, (int, float)):
            raise ConfigError(f"ingest.merge_gap_s: must be a number of seconds; got {self.merge_gap_s!r}")
        if self.merge_gap_s < 0:
            raise ConfigError(f"ingest.merge_gap_s: must be >= 0; got {self.merge_gap_s!r}")
        if self.delimiter is not None and (not isinstance(self.delimiter, str) or len(self.delimiter) > 1):
            raise ConfigError(f"ingest.delimiter: must be one character; got {self.delimiter!r}")

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None = None) -> IngestOptions:
        """Options from the YAML `ingest` config; unknown keys and wrong shapes are ConfigErrors, not ignored."""
        config = dict(config or {})
        known = {f.name for f in fields(cls)}
        unknown = set(config) - known
        if unknown:
            raise ConfigError(f"ingest: unknown option(s) {sorted(unknown)}; known: {sorted(known)}")
        if config.get("agent_names") is not None:
            names = config["agent_names"]
            if isinstance(names, (str, bytes, Mapping)) or not isinstance(names, Iterable):
                raise ConfigError(f"ingest.agent_names: expected a list of names; got {type(names).__name__}")
            config["agent_names"] = tuple(str(name) for name in names)
        for key in ("columns", "speaker_map"):
            if config.get(key) is None:
                config.pop(key, None)
            elif not isinstance(config[key], Mapping):
                raise ConfigError(f"ingest.{key}: expected a mapping; got {type(config[key]).__name__}")
            else:
                config[key] = {str(k): str(v) for k, v in config[key].items()}
        if config.get("format") is not None:
            from cxmaturity.ingest.registry import available_formats

            if config["format"] not in available_formats():
                raise ConfigError(f"ingest.format: {config['format']!r} is not one of {available_formats()}")
        return cls(**config)
