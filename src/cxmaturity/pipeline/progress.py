"""The progress line of a run: a rich spinner counting conversations on a terminal, nothing elsewhere."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: Called with the number of conversations written so far.
ShowCount = Callable[[int], None]


def _ignore(count: int) -> None:
    """The display when there is none (not a TTY, `--quiet`, or a test)."""


@contextmanager
def conversation_progress(enabled: bool, label: str = "analysing") -> Iterator[ShowCount]:
    """Yield a function that shows the running count; the display goes away when the block ends."""
    if not (enabled and sys.stderr.isatty()):
        yield _ignore
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True)
    progress.start()
    task = progress.add_task(f"{label}: 0 conversations", total=None)

    def show(count: int) -> None:
        progress.update(task, description=f"{label}: {count} conversations")

    try:
        yield show
    finally:
        progress.stop()
