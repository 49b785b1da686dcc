"""Check the PII evaluation set: spans in bounds, on word boundaries, non-overlapping, known types.

Run: python benchmarks/pii/validate_eval_set.py  (exit 1 and a list of problems if any)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

EVAL_SET = Path(__file__).with_name("eval_set.jsonl")
ENTITY_TYPES = {
    "CREDIT_CARD",
    "CARD_CVV",
    "CARD_EXPIRY",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "US_SSN",
    "UK_NINO",
    "IBAN_CODE",
    "ACCOUNT_NUMBER",
    "DATE_OF_BIRTH",
    "ADDRESS",
    "POSTCODE",
    "PERSON",
    "PIN",
}


def problems(path: Path = EVAL_SET) -> list[str]:
    found: list[str] = []
    seen: set[tuple[str, int]] = set()
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        key = (record["conversation_id"], record["turn_index"])
        if key in seen:
            found.append(f"line {line_no}: duplicate turn {key}")
        seen.add(key)
        text = record["text"]
        if "{" in text:
            found.append(f"line {line_no}: unfilled template slot")
        spans = sorted((e["start"], e["end"], e["type"], e.get("form")) for e in record["entities"])
        for start, end, entity_type, form in spans:
            if entity_type not in ENTITY_TYPES:
                found.append(f"line {line_no}: unknown type {entity_type}")
            if not 0 <= start < end <= len(text):
                found.append(f"line {line_no}: span {start}-{end} out of bounds")
                continue
            if text[start:end] != text[start:end].strip():
                found.append(f"line {line_no}: span {start}-{end} has edge whitespace")
            if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                found.append(f"line {line_no}: span {start}-{end} cuts a word")
            if form not in ("written", "spoken"):
                found.append(f"line {line_no}: span {start}-{end} lacks form written/spoken")
        for (s1, e1, *_), (s2, e2, *_) in zip(spans, spans[1:], strict=False):
            if s2 < e1:
                found.append(f"line {line_no}: overlapping spans {s1}-{e1} and {s2}-{e2}")
    return found


if __name__ == "__main__":
    issues = problems()
    for issue in issues:
        print(issue)
    print(f"{len(issues)} problem(s) in {EVAL_SET.name}")
    sys.exit(1 if issues else 0)
