"""Which reader fits a file: decided by content; the file suffix only breaks ties."""

from __future__ import annotations

from pathlib import Path

from cxmaturity.ingest.common import first_json_line_is_object, looks_like_json, parse_json_text
from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.registry import readers

PARQUET_MAGIC = b"PAR1"
MIN_CONFIDENCE = 0.3


def detect_format(path: Path, text: str, *, data: bytes | None = None, name: str | None = None) -> str:
    """The format name for this content, or IngestError('unknown format ...')."""
    name = name or str(path)
    head = data[:4] if data is not None else _peek(path)
    if head == PARQUET_MAGIC:
        return "parquet"
    if not text.strip():
        raise IngestError(name, "empty file")
    suffix = path.suffix.lower()
    scored = []
    for format_name, reader in readers().items():
        score = reader.sniff(path, text)
        scored.append((score, suffix in reader.suffixes, format_name))
    scored.sort(reverse=True)
    best_score, _, best = scored[0]
    if best_score >= MIN_CONFIDENCE:
        return best
    if looks_like_json(text):
        parsed = parse_json_text(text)
        if parsed.error and not first_json_line_is_object(text):
            raise IngestError(name, parsed.error)
        json_formats = ", ".join(sorted(n for n, r in readers().items() if ".json" in r.suffixes))
        raise IngestError(name, f"unknown format: JSON without a recognised transcript shape ({json_formats})")
    by_suffix = [s for s in scored if s[1] and s[0] > 0]
    if by_suffix:
        return by_suffix[0][2]
    raise IngestError(name, "unknown format: no speaker-labelled turns, table header, captions or JSON found")


def _peek(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(4)
    except OSError:
        return b""
