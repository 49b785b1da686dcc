"""The README's two commands are what CI runs, and what the project promises exists."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)\n```", (ROOT / "README.md").read_text(), flags=re.S)
    return [block.strip() for block in blocks[:2]]


def test_readme_opens_with_install_run_and_test_commands() -> None:
    install, tests = _readme_commands()
    assert "pip install" in install and "cxm analyze sample_data --out out/" in install
    assert "pytest" in tests


def test_ci_runs_exactly_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    for command in _readme_commands():
        assert command in ci, f".ci/run does not run the README command: {command}"


def test_contract_folders_exist() -> None:
    for name in (
        "pyproject.toml",
        "src/cxmaturity",
        "models",
        "pipelines",
        "sample_data",
        "tests",
        "benchmarks",
        ".ci/run",
    ):
        assert (ROOT / name).exists(), name
