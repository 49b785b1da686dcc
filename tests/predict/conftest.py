"""Fixtures shared by the predict tests."""

from __future__ import annotations

import pytest

from cxmaturity.signals.stage import SignalsStage


@pytest.fixture(scope="session")
def signals() -> SignalsStage:
    """The real signals stage (spaCy matcher and turn model loaded once for every predict test)."""
    return SignalsStage()
