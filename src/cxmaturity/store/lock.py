"""One writer per store: an advisory lock on `STORE.lock`, released by the kernel when the holder dies.

`flock` rather than a pid file: a run killed with SIGKILL leaves no stale lock to clean up, and the
second of two concurrent runs learns at once who holds the store instead of failing deep inside DuckDB.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from cxmaturity.store.base import StoreLocked


def lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".lock")


@contextmanager
def store_lock(store: Path) -> Iterator[Path]:
    """Hold the store's lock for the duration of the block, or raise `StoreLocked` at once."""
    path = lock_path(Path(store))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = _holder(handle.read())
            raise StoreLocked(
                f"{store}: another cxm run is using this store{holder}; "
                "this run did nothing. Try again when that run has finished."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": datetime.now(UTC).isoformat(timespec="seconds")}) + "\n")
        handle.flush()
        yield path
    finally:
        handle.close()  # closing the descriptor releases the lock


def _holder(text: str) -> str:
    try:
        info = json.loads(text)
        return f" (pid {int(info['pid'])}, since {info['since']})"
    except (ValueError, KeyError, TypeError):
        return ""
