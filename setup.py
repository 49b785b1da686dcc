"""Ship the trained models and pipeline files inside the wheel.

`models/` and `pipelines/` live at the top of the repository (the contract names them there), so a
checkout or an editable install reads them in place. A wheel has no checkout around it: this build
step copies both folders into the package (`cxmaturity/models`, `cxmaturity/pipelines`), which is
where `modelstore.models_dir()` and `pipeline.config.default_pipeline_path()` look when there is
no checkout. Everything else about the build is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
ASSET_FOLDERS = ("models", "pipelines")


class BuildPyWithAssets(build_py):
    """build_py that also copies the repository's models/ and pipelines/ into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the folders in the checkout
        for folder in ASSET_FOLDERS:
            source = ROOT / folder
            if not source.is_dir():
                raise FileNotFoundError(f"{source} missing: a wheel without it cannot analyse anything")
            target = Path(self.build_lib) / "cxmaturity" / folder
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithAssets})
