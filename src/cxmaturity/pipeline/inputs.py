"""Input arguments -> files -> conversations, with every file accounted for.

The reader expands the command's inputs (files, folders, globs) once, reads each file lazily
through the ingest stage, and applies the run's checks to each conversation read: it has turns,
its id was not read before (the first copy wins, by input order), and, under `cxm nightly`, the
store does not already hold it. What fails a check is rejected in the file's `FileRecord` with the
reason, never the text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from cxmaturity.model import Conversation, Rejected
from cxmaturity.pipeline.manifest import FileRecord

if TYPE_CHECKING:
    from cxmaturity.ingest.stage import IngestStage

log = logging.getLogger("cxmaturity")

#: `cxm nightly`'s filter: False for a conversation the store already holds with the same content.
Admit = Callable[[Conversation], bool]


class InputReader:
    """Reads a run's inputs and keeps its per-file accounting (`files`, `skipped`, `files_found`).

    `judge_duplicates=False` is for a reader that sees only part of the corpus (a Ray read task):
    duplicate ids are then judged by whoever sees every file in order, with `claim`.
    """

    def __init__(
        self,
        ingest: IngestStage,
        *,
        exclude: Iterable[Path] = (),
        admit: Admit | None = None,
        judge_duplicates: bool = True,
    ) -> None:
        self.ingest = ingest
        self.exclude = list(exclude)
        self.admit = admit
        self.judge_duplicates = judge_duplicates
        self.files: dict[str, FileRecord] = {}
        self.seen_ids: dict[str, str] = {}  # conversation id -> the file it was first read from
        self.files_found = 0
        self.skipped: list[dict[str, str]] = []

    def expand(self, inputs: list[str]) -> list[Path]:
        """The files to read, in order and once each. An input that names nothing is recorded as
        rejected; files no reader handles go to `skipped`."""
        from cxmaturity.ingest import IngestError

        paths: list[Path] = []
        skipped: list[tuple[Path, str]] = []
        for pattern in inputs:
            try:
                paths.extend(self.ingest.expand([pattern], exclude=self.exclude, skipped=skipped))
            except IngestError as exc:
                self.files[pattern] = FileRecord(path=pattern, error=str(exc))
                log.error("%s", exc)
        self.skipped = [{"path": str(path), "reason": reason} for path, reason in dict(skipped).items()]
        paths = list(dict.fromkeys(paths))
        self.files_found = len(paths)
        return paths

    def record(self, path: Path) -> FileRecord:
        """The accounting entry of a file about to be read."""
        record = FileRecord(path=str(path))
        self.files[str(path)] = record
        return record

    def read_file(self, path: Path, record: FileRecord) -> Iterator[Conversation]:
        """One file's conversations that pass the checks; its rejections and counts go to `record`."""
        from cxmaturity.ingest import IngestError

        try:
            for item in self.ingest.read(path):
                if isinstance(item, Rejected):
                    record.reject(item)
                    log.error("%s: %s%s", path, f"{item.location}: " if item.location else "", item.reason)
                    continue
                record.format = record.format or item.source_format
                record.conversations_read += 1
                problem = self.check(item, path)
                if problem:
                    record.reject(Rejected(str(path), problem, item.conversation_id, stage="ingest"))
                    log.error("%s: conversation %s: %s", path, item.conversation_id, problem)
                    continue
                if self.admit is not None and not self.admit(item):
                    record.conversations_skipped += 1
                    continue
                yield item
        except IngestError as exc:
            record.error = str(exc)
            log.error("%s", exc)

    def conversations(self, inputs: list[str]) -> Iterator[tuple[FileRecord, Conversation]]:
        """Every conversation that passes the checks, with the record of the file it came from."""
        for path in self.expand(inputs):
            record = self.record(path)
            for item in self.read_file(path, record):
                yield record, item

    def check(self, conversation: Conversation, path: Path) -> str | None:
        """Why `conversation` cannot go on (no turns, a duplicate id), or None; sets its `source_file`."""
        if not conversation.turns:
            return "conversation has no turns"
        if self.judge_duplicates:
            problem = self.claim(conversation.conversation_id, path)
            if problem:
                return problem
        conversation.source_file = conversation.source_file or str(path)
        return None

    def claim(self, conversation_id: str | None, path: Path | str) -> str | None:
        """Claim `conversation_id` for `path`; the reason it is a duplicate if another file claimed it first."""
        if conversation_id is None:
            return None
        first = self.seen_ids.get(conversation_id)
        if first is not None:
            return f"duplicate conversation_id (already read from {first})"
        self.seen_ids[conversation_id] = str(path)
        return None
