"""A built wheel carries the trained models and the default pipeline, and finds them without a checkout.

Users on locked-down servers install a wheel, not an editable checkout; `models/` and `pipelines/`
sit at the top of the repository, so the build copies them into the package (setup.py). This
builds the wheel from a copy of the source tree, installs it into a bare target directory and
loads a hash-checked model and the pipeline from there, in a process started outside any checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCE_ITEMS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "models", "pipelines")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCE_ITEMS:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(item, source / name)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{result.stderr[-2000:]}")
    (built,) = out.glob("cxmaturity-*.whl")
    return built


def test_wheel_contains_every_model_file_and_the_pipeline(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for model in (ROOT / "models").iterdir():
        for recorded in json.loads((model / "meta.json").read_text()).get("files", {}):
            assert f"cxmaturity/models/{model.name}/{recorded}" in names
        assert f"cxmaturity/models/{model.name}/MODEL_CARD.md" in names
    assert "cxmaturity/pipelines/default.yaml" in names


def test_installed_wheel_loads_models_and_pipeline_without_a_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    probe = (
        "import cxmaturity, json\n"
        "from cxmaturity.modelstore import models_dir\n"
        "from cxmaturity.pipeline.config import load_pipeline\n"
        "from cxmaturity.classify.sentiment import SentimentClassifier\n"
        "SentimentClassifier.load(models_dir())\n"  # hash-checked load from the installed copy
        "print(json.dumps({'package': cxmaturity.__file__, 'models': str(models_dir()),"
        " 'stages': [s.name for s in load_pipeline().stages]}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CXM_MODELS_DIR"}
    env["PYTHONPATH"] = str(target)
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["package"].startswith(str(target)) and found["models"].startswith(str(target))
    assert found["stages"][0] == "ingest" and "classify" in found["stages"] and found["stages"][-1] == "report"


def test_wheel_declares_the_built_in_stages_in_the_catalogue_group(wheel):
    """`cxm` finds stages through entry points (group `cxmaturity_stages`), installed checkout or not."""
    archive = zipfile.ZipFile(wheel)
    (entry_points,) = [name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt")]
    text = archive.read(entry_points).decode("utf-8")
    section = text.split("[cxmaturity_stages]", 1)[1].split("\n[", 1)[0]
    declared = {line.split("=", 1)[0].strip() for line in section.splitlines() if "=" in line}
    assert {"ingest", "redact", "classify", "signals", "maturity", "report"} <= declared
    assert "[cxmaturity.stages]" not in text
