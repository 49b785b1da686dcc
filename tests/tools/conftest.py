"""One regeneration of sample_data/ per test session, shared by the tool's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.sample_data.generate import Generated, generate


@pytest.fixture(scope="session")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Generated]:
    out = tmp_path_factory.mktemp("sample_data")
    return out, generate(out)
