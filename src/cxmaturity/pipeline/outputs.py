"""The files a run writes into its output folder, named in one place.

The contract (`docs/contract.md`) promises these names; the runner, the nightly engine and the
store write or read them through these constants.
"""

from __future__ import annotations

TURNS_FILE = "turns.parquet"
CALLS_FILE = "calls.parquet"
MANIFEST_FILE = "manifest.json"
EVIDENCE_FILE = "evidence.json"  # by the `maturity` stage
REPORT_FILE = "report.html"  # by the `report` stage
TOPICS_FILE = "topics.parquet"  # by the `topics` stage
REDACTED_FILE = "redacted.jsonl"  # by `cxm redact`

#: What corpus stages may add; the manifest lists those a run wrote.
CORPUS_STAGE_FILES = (EVIDENCE_FILE, REPORT_FILE, TOPICS_FILE)
#: Everything a run may leave in its output folder (`cxm analyze` or `cxm redact`).
OUTPUT_FILES = frozenset({TURNS_FILE, CALLS_FILE, MANIFEST_FILE, REDACTED_FILE, *CORPUS_STAGE_FILES})

PARTS_DIR = ".parts"  # part files of the tables while they stream in; removed when the run ends
WRITE_PROBE = ".cxm-write-test"  # created and removed once, to check the folder is writable before any work


def table_file(name: str) -> str:
    """`calls` -> `calls.parquet`: the file of a table corpus stages read by name."""
    return f"{name}.parquet"
