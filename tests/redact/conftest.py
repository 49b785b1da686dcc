import pytest

from cxmaturity.redact.engine import RedactionConfig, Redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """One spaCy load for the whole test session."""
    return Redactor(RedactionConfig())


@pytest.fixture(scope="session")
def consistent_redactor() -> Redactor:
    return Redactor(RedactionConfig(placeholders="consistent"))
