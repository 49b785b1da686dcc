"""Readers for real export formats, all producing the canonical `Conversation`.

Public API: `read_path` (one file -> conversations and per-record `Rejected`),
`detect_format` (by content), `available_formats`, `expand_inputs` (files, folders,
globs), `IngestOptions` (from the pipeline YAML's `ingest` config) and `IngestError`
(whole-file failures, one line naming the file, never quoting transcript text).

A new format is a `Reader` subclass decorated with `@register_reader("name")`; a separate
package makes it available by naming the class in the entry-point group `cxmaturity_readers`.
"""

from cxmaturity.ingest.detect import detect_format
from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.reader import expand_inputs, read_path
from cxmaturity.ingest.registry import Reader, available_formats, register_reader
from cxmaturity.ingest.source import Source

__all__ = [
    "IngestError",
    "IngestOptions",
    "Reader",
    "Source",
    "available_formats",
    "detect_format",
    "expand_inputs",
    "read_path",
    "register_reader",
]
