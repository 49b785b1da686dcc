"""Fixtures for the classify tests: the trained heads in models/ and one shared stage."""

from __future__ import annotations

import pytest

from cxmaturity.modelstore import models_dir


@pytest.fixture(scope="session")
def classify_stage():
    """The real stage on the committed heads; missing heads fail the tests (they are committed), naming
    the command that rebuilds them."""
    folder = models_dir()
    for name, filename in (("sentiment", "sentiment_head.skops"), ("intent", "intent_head.skops")):
        if not (folder / name / filename).exists():
            pytest.fail(f"{folder / name / filename} missing: run `cxm train {name}`")
    from cxmaturity.classify.stage import ClassifyStage

    return ClassifyStage()
