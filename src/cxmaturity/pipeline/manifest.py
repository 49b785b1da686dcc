"""`manifest.json`: every input accounted for, what ran, and what was written.

A `FileRecord` collects one input file's counts and rejections while the run streams; its
status and reason are derived from them when asked, never stored, so no code path can leave a
record whose status disagrees with its counts.
"""

from __future__ import annotations

import json
import platform
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cxmaturity import __version__
from cxmaturity.model import Rejected
from cxmaturity.pipeline.config import PipelineConfig
from cxmaturity.pipeline.outputs import MANIFEST_FILE

NOTHING_ACCEPTED = "no conversation could be accepted"


@dataclass
class FileRecord:
    """One input: what was read from it, what was written, and what was rejected (never any text)."""

    path: str
    # Why the file, or the rest of it, could not be read (an IngestError's message, or an input that names
    # nothing). Conversations read before it still count.
    error: str | None = None
    format: str | None = None
    conversations_read: int = 0
    conversations_written: int = 0
    echo_turns_merged: int = 0  # copies of an utterance heard on both channels, kept once (ingest/echo.py)
    conversations_skipped: int = 0  # already in the nightly store with the same content (not processed again)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, item: Rejected) -> None:
        """Record a rejected conversation or record: where and why, never its text."""
        self.rejected.append(
            {
                k: v
                for k, v in (
                    ("conversation_id", item.conversation_id),
                    ("location", item.location),
                    ("stage", item.stage),
                    ("reason", item.reason),
                )
                if v is not None
            }
        )

    @property
    def status(self) -> str:
        """`ok`, `partial` (some conversations written, some not) or `rejected` (none could be accepted)."""
        if self.error is not None:
            return "partial" if self.conversations_read else "rejected"
        if self.rejected:
            return "partial" if self.conversations_written else "rejected"
        return "ok"

    @property
    def reason(self) -> str | None:
        """Why the file is not `ok` as a whole; per-conversation reasons are in `rejected`."""
        if self.error is not None:
            return self.error
        return NOTHING_ACCEPTED if self.status == "rejected" else None

    def as_dict(self) -> dict[str, Any]:
        """The file's entry in the manifest's `inputs`."""
        return {
            "path": self.path,
            "status": self.status,
            "reason": self.reason,
            "format": self.format,
            "conversations_read": self.conversations_read,
            "conversations_written": self.conversations_written,
            "echo_turns_merged": self.echo_turns_merged,
            "conversations_skipped": self.conversations_skipped,
            "rejected": self.rejected,
        }


def build_manifest(
    *,
    command: str,
    config: PipelineConfig,
    started: float,
    files: list[FileRecord],
    files_found: int,
    skipped: list[dict[str, str]],
    models: dict[str, Any],
    stage_seconds: Mapping[str, float],
    outputs: dict[str, Any],
    timings: dict[str, Any],
) -> dict[str, Any]:
    """The manifest of one run (`started` is a Unix time); `timings` adds to the per-stage seconds."""
    entries = [record.as_dict() for record in files]
    statuses = Counter(entry["status"] for entry in entries)
    return {
        "tool": {"name": "cxmaturity", "version": __version__, "python": platform.python_version()},
        "command": command,
        "started_at": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "pipeline": {
            "path": str(config.path),
            "sha256": config.sha256,
            "stages": [s.name for s in config.stages],
        },
        "models": models,
        "totals": {
            "files": len(entries),
            "files_found": files_found,
            "files_ok": statuses["ok"],
            "files_partial": statuses["partial"],
            "files_rejected": statuses["rejected"],
            "conversations_read": sum(e["conversations_read"] for e in entries),
            "conversations_written": sum(e["conversations_written"] for e in entries),
            "conversations_rejected": sum(len(e["rejected"]) for e in entries),
            "echo_turns_merged": sum(e["echo_turns_merged"] for e in entries),
            "conversations_skipped": sum(e["conversations_skipped"] for e in entries),
        },
        "inputs": entries,
        "skipped": skipped,
        "outputs": outputs,
        "timings": {"stages_s": {k: round(v, 3) for k, v in stage_seconds.items()}, **timings},
    }


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> Path:
    """Write `manifest.json` into `out_dir`; returns its path."""
    path = out_dir / MANIFEST_FILE
    path.write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    return path
