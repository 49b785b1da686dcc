"""The helpers the format readers share, re-exported from the modules that own them.

Kept so `from cxmaturity.ingest.common import X` still works; new code imports from the module:
`source` (a file and its parsed JSON), `jsondocs` (JSON shape checks and documents), `times`
(offsets and timestamps), `vocabularies` (channel and direction words), `fragments` (labelled
speech -> turns), `values` (cleaning single values).
"""

from __future__ import annotations

from cxmaturity.ingest.fragments import Fragment, fragments_to_turns, merge_fragments, speaker_map_with_aliases
from cxmaturity.ingest.jsondocs import (
    first_json_line_is_object,
    json_documents,
    json_head_has,
    json_records,
    json_shape,
    looks_like_json,
)
from cxmaturity.ingest.source import JsonParse, describe_json_error, parse_json_text
from cxmaturity.ingest.times import to_iso, to_seconds
from cxmaturity.ingest.values import audio_file_name, clean_text, small
from cxmaturity.ingest.vocabularies import map_channel, map_direction

__all__ = [
    "Fragment",
    "JsonParse",
    "audio_file_name",
    "clean_text",
    "describe_json_error",
    "first_json_line_is_object",
    "fragments_to_turns",
    "json_documents",
    "json_head_has",
    "json_records",
    "json_shape",
    "looks_like_json",
    "map_channel",
    "map_direction",
    "merge_fragments",
    "parse_json_text",
    "small",
    "speaker_map_with_aliases",
    "to_iso",
    "to_seconds",
]
