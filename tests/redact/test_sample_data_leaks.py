"""No PII from the project's own sample data survives `cxm redact`.

sample_data/ was written independently of the redaction code (tools/make_sample_data.py), so it
catches what the eval set's own phrasing does not. The real path runs once per module: default
pipeline, the runner's `redact`, ten export formats. Then every raw value listed in
sample_data_pii.yaml must be gone from redacted.jsonl, and generic scans look for what a list
can miss: Luhn-valid card numbers, email addresses, long runs of spoken digits.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from cxmaturity.ingest.reader import read_path
from cxmaturity.model import Conversation
from cxmaturity.pipeline.config import load_pipeline
from cxmaturity.pipeline.runner import RunOptions, redact

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = ROOT / "sample_data"
PII_FILE = Path(__file__).with_name("sample_data_pii.yaml")
SAMPLE_CONVERSATIONS = 50

SPOKEN_DIGITS = {
    "zero",
    "oh",
    "o",
    "nought",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "double",
    "triple",
    "treble",
    *"0123456789",
}
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
WRITTEN_DIGIT_RUN = re.compile(r"\d(?:[ -]?\d)+")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _contains(haystack: str, value: str) -> bool:
    """Whole-word, case-insensitive, whitespace-normalised: "Tom" is not found in "tomorrow"."""
    pattern = r"(?<![a-z0-9])" + re.escape(_normalise(value)) + r"(?![a-z0-9])"
    return re.search(pattern, haystack) is not None


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


@pytest.fixture(scope="module")
def pii_values() -> dict[str, dict]:
    return yaml.safe_load(PII_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def redacted_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[dict]]:
    """`cxm redact sample_data` through the real runner and default pipeline, once."""
    out_dir = tmp_path_factory.mktemp("redact-sample")
    manifest = redact(load_pipeline(), [str(SAMPLE_DATA)], RunOptions(out_dir=out_dir, command="redact"))
    with open(out_dir / "redacted.jsonl", encoding="utf-8") as handle:
        conversations = [json.loads(line) for line in handle]
    return manifest, conversations


@pytest.fixture(scope="module")
def redacted_text(redacted_run: tuple[dict, list[dict]]) -> str:
    """Every string of every redacted conversation (turn text and metadata), normalised."""
    strings: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(redacted_run[1])
    return _normalise("\n".join(strings))


def test_manifest_accounts_for_every_sample_conversation(redacted_run):
    manifest, conversations = redacted_run
    assert manifest["totals"]["conversations_written"] == SAMPLE_CONVERSATIONS
    assert manifest["totals"]["conversations_rejected"] == 0
    assert len(conversations) == SAMPLE_CONVERSATIONS


def test_every_listed_value_is_in_its_source_file(pii_values):
    """The list is about the data as it is: a value missing from its source is a stale entry."""
    stale = []
    for conversation_id, entry in pii_values.items():
        read = [c for c in read_path(SAMPLE_DATA / entry["source"]) if isinstance(c, Conversation)]
        matching = [c for c in read if conversation_id in c.conversation_id] or read
        raw = _normalise("\n".join(turn.text for c in matching for turn in c.turns))
        stale.extend((conversation_id, value) for value in entry["values"] if not _contains(raw, str(value)))
    assert not stale, f"values not found in their source files: {stale}"


def test_no_listed_pii_value_survives(pii_values, redacted_text):
    leaks = [
        (conversation_id, value)
        for conversation_id, entry in pii_values.items()
        for value in entry["values"]
        if _contains(redacted_text, str(value))
    ]
    assert not leaks, f"raw PII left in redacted.jsonl: {leaks}"


def test_no_luhn_valid_card_number_survives(redacted_text):
    cards = [
        run
        for run in WRITTEN_DIGIT_RUN.findall(redacted_text)
        if 13 <= len(digits := re.sub(r"\D", "", run)) <= 19 and _luhn_valid(digits)
    ]
    assert not cards, f"{len(cards)} Luhn-valid 13-19 digit runs left"


def test_no_email_address_survives(redacted_text):
    assert EMAIL.findall(redacted_text) == []


def test_no_long_spoken_digit_run_survives(redacted_text):
    longest = 0
    current = 0
    for word in re.findall(r"[a-z0-9]+", redacted_text):
        current = current + 1 if word in SPOKEN_DIGITS else 0
        longest = max(longest, current)
    assert longest < 7, f"a run of {longest} spoken digits is left"


def test_quotes_keep_company_names_and_everyday_words(redacted_run):
    """Over-redaction the sample data showed: brands and "I've"/"I'll" must reach sentiment and quotes."""
    by_id = {c["conversation_id"]: c for c in redacted_run[1]}
    texts = {cid: " ".join(t["text"] for t in c["turns"]) for cid, c in by_id.items()}
    assert "Thank you for calling Harbour Mutual claims" in texts["c-1009"]
    assert "Hi, I've had a car accident" in texts["c-1009"]
    assert "You can decline and I'll quote without it" in texts["c-4004"]
    assert "I'm switching to Vodafone" in texts["c-1011"]
    assert "calls are recorded" in texts["c-2003"]
