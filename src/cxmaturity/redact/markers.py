"""Redaction markers an export may already carry ("[PII]", "***", "<redacted>", "XXXX").

Their presence is evidence that redaction runs upstream (a maturity signal) and they must
never be mistaken for PII themselves.
"""

from __future__ import annotations

import re

SOURCE_REDACTION_MARKER = re.compile(
    r"\[(?:PII|REDACTED|redacted|pii|[A-Z][A-Z_]{2,}[A-Z])\]|<\s*(?:redacted|pii|REDACTED|PII)\s*>|\*{3,}|\b[Xx]{4,}\b|#{4,}|█{2,}"
)


def has_redaction_marker(text: str) -> bool:
    """True when `text` already contains a redaction marker from the source system."""
    return SOURCE_REDACTION_MARKER.search(text) is not None
