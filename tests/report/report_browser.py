"""Drive Debian's headless Chromium from its CLI: dumped DOM (after scripts ran) and console output.

`--enable-logging=stderr --v=0` makes Chromium print every console message (log, error, and
uncaught exceptions) as `INFO:CONSOLE...` lines on stderr, which is all these tests need; no
driver package is required.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
BASE_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
CONSOLE_LINE = re.compile(r":CONSOLE[:(]")
TIMEOUT_S = 45  # a page that blocks (e.g. on a live alert()) fails instead of hanging


@dataclass
class PageRun:
    dom: str
    console: list[str]
    stderr: str


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def _binary() -> str:
    return CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))


def _run(args: list[str]) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="cxm-chromium-") as profile:
        return subprocess.run(
            [_binary(), *BASE_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )


def load_page(path: Path) -> PageRun:
    """Open a local file, let its scripts run, and return the DOM and console messages."""
    result = _run(["--virtual-time-budget=3000", "--dump-dom", path.resolve().as_uri()])
    console = [line for line in result.stderr.splitlines() if CONSOLE_LINE.search(line)]
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"chromium failed on {path} (exit {result.returncode}): {result.stderr[-2000:]}")
    return PageRun(dom=result.stdout, console=console, stderr=result.stderr)


def screenshot(path: Path, png: Path, width: int = 1280, height: int = 2400) -> Path:
    """A PNG of the page's top `height` pixels at `width` (Chromium's CLI shoots the window size)."""
    result = _run([f"--window-size={width},{height}", f"--screenshot={png.resolve()}", path.resolve().as_uri()])
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot for {path} (exit {result.returncode})")
    return png


if __name__ == "__main__":  # python tests/report/report_browser.py out/report.html docs/report-screenshot.png
    import sys

    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    height = int(sys.argv[3]) if len(sys.argv) > 3 else 1600
    print(screenshot(source, target, height=height))
