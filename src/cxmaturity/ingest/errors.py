"""The one exception ingest raises for whole-file failures."""

from __future__ import annotations


class IngestError(Exception):
    """A file (or input argument) that cannot be read at all.

    The message is one line, `<file>: <problem>`, and never quotes transcript text:
    exports carry raw PII and error messages end up in logs and manifests.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = " ".join(problem.split())
        super().__init__(f"{source}: {self.problem}")
