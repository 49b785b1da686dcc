"""Errors we raise, and how an unexpected one is described without quoting its message.

A library's exception message may quote the data it choked on, and that data can be a raw
transcript. So an unexpected exception is only ever described by its type and the place in
*our* code it came through (`maturity/metrics.py:310 in phrase_rate`), never by its message.
"""

from __future__ import annotations

import traceback
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


class CxmError(Exception):
    """Base of the errors cxmaturity raises itself; their messages are safe to print as they are."""


class ConfigError(CxmError, ValueError):
    """A configuration file or setting is unusable: a pipeline YAML, a stage's `config:`, a framework,
    rule, phrase or self-assessment file. The message names the file and the field, so the CLI prints it
    as it is; raised before any conversation is read.
    """


class RunError(CxmError, RuntimeError):
    """The run itself cannot proceed: an unwritable output folder, `cxm redact` without a redact stage, an
    engine that cannot start. The message names the folder, file or engine, never transcript text."""


class StageFailed(CxmError):
    """A stage raised something unexpected; the message names the stage, type and our frame."""

    def __init__(self, stage: str, exc: BaseException) -> None:
        self.stage = stage
        self.reason = describe_exception(exc)
        super().__init__(f"stage {stage!r} failed: {self.reason}")


class CorpusStagesFailed(CxmError):
    """One or more corpus stages failed after the tables were written; the manifest records which."""

    def __init__(self, failures: list[StageFailed]) -> None:
        self.failures = failures
        names = ", ".join(repr(f.stage) for f in failures)
        super().__init__(
            f"corpus stage(s) {names} failed; the tables, manifest.json and the other stages' outputs "
            "are written (manifest.json: corpus_stages)"
        )


def project_frame(exc: BaseException) -> str | None:
    """The innermost traceback frame inside the cxmaturity package, as `pkg/module.py:line in fn`."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(PACKAGE_DIR):
            found = f"{path.relative_to(PACKAGE_DIR).as_posix()}:{frame.lineno} in {frame.name}"
    return found


def describe_exception(exc: BaseException) -> str:
    """`KeyError at maturity/metrics.py:310 in phrase_rate`: the type and our frame, no message."""
    where = project_frame(exc)
    if where is None:
        frames = traceback.extract_tb(exc.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "unknown location"
    return f"{type(exc).__name__} at {where}"
