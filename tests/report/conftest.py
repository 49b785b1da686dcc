"""Fixtures for the report tests: a realistic run folder and its rendered report."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmaturity.report import render_report

from .report_fixtures import write_run_dir


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return write_run_dir(tmp_path_factory.mktemp("run"))


@pytest.fixture(scope="module")
def report_path(run_dir: Path) -> Path:
    return render_report(run_dir)


@pytest.fixture(scope="module")
def report_html(report_path: Path) -> str:
    return report_path.read_text(encoding="utf-8")
