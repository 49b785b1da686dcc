"""Reading one input file, and expanding the command line's inputs into files."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from cxmaturity.ingest.annotations import SourceAnnotations, has_redaction_marker
from cxmaturity.ingest.decoding import UndecodableError, decode_bytes
from cxmaturity.ingest.detect import PARQUET_MAGIC, detect_source_format
from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import get_reader
from cxmaturity.ingest.source import Source
from cxmaturity.model import Conversation, Rejected

#: Files a folder scan picks up (explicitly named files are read whatever their suffix).
READABLE_SUFFIXES = {
    ".json",
    ".jsonl",
    ".ndjson",
    ".csv",
    ".tsv",
    ".tab",
    ".txt",
    ".text",
    ".vtt",
    ".webvtt",
    ".srt",
    ".parquet",
    ".pq",
}
#: What `cxm analyze` / `cxm redact` write: never read back as input.
OUTPUT_FILES = {"turns.parquet", "calls.parquet", "manifest.json", "evidence.json", "report.html", "redacted.jsonl"}


def read_path(
    path: Path, options: IngestOptions | None = None, *, name: str | None = None
) -> Iterator[Conversation | Rejected]:
    """Conversations (and per-record rejections) from one file.

    File-level problems (unreadable, empty, undecodable, unknown format, invalid or
    truncated JSON) raise IngestError before anything is yielded; a reader may still raise
    IngestError part-way (e.g. a malformed CSV line), after earlier records were yielded.
    """
    options = options or IngestOptions()
    path = Path(path)
    name = name or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(name, f"cannot read file ({exc.strerror or type(exc).__name__})") from None
    if not data.strip():
        raise IngestError(name, "empty file")

    try:
        reader = get_reader(options.format) if options.format else None
    except KeyError as exc:
        raise IngestError(name, str(exc.args[0])) from None
    binary = reader.binary if reader is not None else data[:4] == PARQUET_MAGIC
    if binary:
        text, encoding = "", None
    else:
        try:
            text, encoding = decode_bytes(data)
        except UndecodableError as exc:
            raise IngestError(name, f"undecodable: {exc}") from None
        if not text.strip():
            raise IngestError(name, "empty file")
    # One Source for detection and reading: sniffers and the reader share its one JSON parse.
    source = Source(path=path, name=name, data=data, text=text, encoding=encoding or ("utf-8" if binary else None))
    format_name = options.format or detect_source_format(source)
    reader = reader or get_reader(format_name)
    records = reader.read(source, options)
    first = _next_guarded(records, source, format_name)  # whole-file errors surface now
    return _finished(first, records, source, format_name)


def _next_guarded(
    records: Iterator[Conversation | Rejected], source: Source, format_name: str
) -> Conversation | Rejected | None:
    """Next record; a reader failing on a shape it did not expect is a file error, not a crash."""
    try:
        return next(records, None)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported per file, never with content
        raise IngestError(source.name, f"unreadable {format_name} export ({type(exc).__name__})") from exc


def _finished(
    first: Conversation | Rejected | None,
    records: Iterator[Conversation | Rejected],
    source: Source,
    format_name: str,
) -> Iterator[Conversation | Rejected]:
    item = first
    while item is not None:
        yield finish(item, source, format_name) if isinstance(item, Conversation) else item
        item = _next_guarded(records, source, format_name)


def finish(conversation: Conversation, source: Source, format_name: str) -> Conversation | Rejected:
    """Common last step for every reader: provenance, empty turns, redaction markers."""
    conversation.conversation_id = str(conversation.conversation_id).strip()
    if not conversation.conversation_id:
        return Rejected(source.name, "conversation has no id")
    kept = [t for t in conversation.turns if t.text and t.text.strip()]
    if len(kept) != len(conversation.turns):
        dropped = len(conversation.turns) - len(kept)
        conversation.metadata["empty_turns_dropped"] = conversation.metadata.get("empty_turns_dropped", 0) + dropped
        conversation.turns = kept
    if not kept:
        return Rejected(source.name, "conversation has no turns", conversation_id=conversation.conversation_id)
    conversation.source_file = source.name
    conversation.source_format = format_name
    conversation.metadata["source_encoding"] = source.encoding
    found = collect_annotations(conversation)
    conversation.source_annotations = found.names
    conversation.annotation_fields = found.fields
    return conversation


def collect_annotations(conversation: Conversation) -> SourceAnnotations:
    """Everything the export carried, mapped one way for every reader (`ingest/annotations.py`).

    What a reader recorded itself (fields it does not keep, such as a CSV column per turn) is
    merged with what the kept metadata says, conversation and turn level, and with redaction
    markers in the text.
    """
    found = SourceAnnotations({name: list(fields) for name, fields in conversation.annotation_fields.items()})
    found.update([name for name in conversation.source_annotations if name not in found.fields])
    found.add_mapping(conversation.metadata, "metadata")
    for turn in conversation.turns:
        if turn.metadata:
            found.add_mapping(turn.metadata, "turns[].metadata")
    if any(has_redaction_marker(t.text) for t in conversation.turns):
        found.add("redaction", "turn text (redaction markers)")
    return found


def expand_inputs(
    inputs: list[str], *, exclude: Iterable[Path] = (), skipped: list[tuple[Path, str]] | None = None
) -> list[Path]:
    """Files from files, folders (recursive) and globs; sorted, without duplicates.

    Folder scans skip hidden files and folders, our own output files and run folders, and
    files whose suffix no reader handles; the last are appended to `skipped` with the reason,
    so the manifest can account for them. A missing input raises IngestError.
    """
    excluded = {Path(p).resolve() for p in exclude}
    found: dict[Path, Path] = {}

    def add(path: Path) -> None:
        resolved = path.resolve()
        if resolved not in excluded and not any(parent in excluded for parent in resolved.parents):
            found.setdefault(resolved, path)

    for raw in inputs:
        path = Path(raw).expanduser()
        if path.is_file():
            add(path)
        elif path.is_dir():
            for file in _walk(path, skipped):
                add(file)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(os.path.expanduser(raw), recursive=True))
            if not matches:
                raise IngestError(raw, "no files match this pattern")
            for match in matches:
                match_path = Path(match)
                if match_path.is_dir():
                    for file in _walk(match_path, skipped):
                        add(file)
                elif match_path.is_file() and match_path.name not in OUTPUT_FILES:
                    add(match_path)
        else:
            raise IngestError(raw, "no such file or folder")
    return sorted(found.values(), key=lambda p: str(p))


def _walk(folder: Path, skipped: list[tuple[Path, str]] | None = None) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        root_path = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and d != "__pycache__" and not _is_run_folder(root_path / d)
        )
        for file in sorted(files):
            if file.startswith(".") or file in OUTPUT_FILES:
                continue
            suffix = Path(file).suffix.lower()
            if suffix in READABLE_SUFFIXES:
                yield root_path / file
            elif skipped is not None:
                reason = (
                    f"not read: no reader handles '{suffix or 'no suffix'}' files in a folder scan "
                    "(name the file to read it)"
                )
                skipped.append((root_path / file, reason))


def _is_run_folder(folder: Path) -> bool:
    return (folder / "manifest.json").is_file() and (
        (folder / "calls.parquet").exists()
        or (folder / "turns.parquet").exists()
        or (folder / "redacted.jsonl").exists()
    )
