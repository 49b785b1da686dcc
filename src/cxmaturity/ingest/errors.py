"""The exceptions of ingest: a whole file that cannot be read, and a record that breaks its format's schema."""

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


class SchemaError(ValueError):
    """A required field of one record is missing: the message names the format and the field, never content.

    Readers raise it while converting a record; `common.json_records` turns it into a file error for
    a lone document and a rejected record inside an array.
    """
