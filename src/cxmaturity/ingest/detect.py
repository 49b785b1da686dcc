"""Which reader fits a file: decided by content; the file suffix only breaks ties."""

from __future__ import annotations

from pathlib import Path

from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.jsondocs import first_json_line_is_object, looks_like_json
from cxmaturity.ingest.registry import readers
from cxmaturity.ingest.source import Source

PARQUET_MAGIC = b"PAR1"
MIN_CONFIDENCE = 0.3


def detect_format(path: Path, text: str, *, data: bytes | None = None, name: str | None = None) -> str:
    """The format name for this content, or IngestError('unknown format ...').

    For callers holding a file's text; `read_path` detects on its `Source` (`detect_source_format`).
    Without `data`, the first bytes of `path` are read to recognise Parquet.
    """
    head = data[:4] if data is not None else _peek(path)
    if head == PARQUET_MAGIC:
        return "parquet"
    source = Source(path=path, name=name or str(path), data=data or b"", text=text, encoding=None)
    return detect_source_format(source)


def detect_source_format(source: Source) -> str:
    """The format name for a file's content; sniffers share the file's one JSON parse."""
    if source.data[:4] == PARQUET_MAGIC:
        return "parquet"
    text = source.text
    if not text.strip():
        raise IngestError(source.name, "empty file")
    suffix = source.path.suffix.lower()
    candidates = readers()
    scored = sorted(
        ((reader.sniff(source), suffix in reader.suffixes, format_name) for format_name, reader in candidates.items()),
        reverse=True,
    )
    best_score, _, best = scored[0]
    if best_score >= MIN_CONFIDENCE:
        return best
    if looks_like_json(text):
        parsed = source.parsed_json
        if parsed.error and not first_json_line_is_object(text):
            raise IngestError(source.name, parsed.error)
        json_formats = ", ".join(sorted(n for n, r in candidates.items() if ".json" in r.suffixes))
        raise IngestError(source.name, f"unknown format: JSON without a recognised transcript shape ({json_formats})")
    by_suffix = [s for s in scored if s[1] and s[0] > 0]
    if by_suffix:
        return by_suffix[0][2]
    raise IngestError(source.name, "unknown format: no speaker-labelled turns, table header, captions or JSON found")


def _peek(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(4)
    except OSError:
        return b""
