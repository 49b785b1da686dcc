"""Kept so `python tools/make_sample_data.py` still works; the tool is `python -m tools.sample_data`."""

import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, where `tools` lives
runpy.run_module("tools.sample_data", run_name="__main__", alter_sys=True)
