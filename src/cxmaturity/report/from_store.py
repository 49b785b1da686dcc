"""`cxm report --store`: the evidence pack of a nightly store's latest snapshot, with the trend.

Writes what `cxm analyze` writes for the snapshot's window (calls.parquet, turns.parquet, evidence.json,
report.html, manifest.json), so the same tools read either. Each file is written to a temporary name and
renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import json
from pathlib import Path

from cxmaturity.report.render import ReportError, read_table, render_html
from cxmaturity.report.trend_view import build_trend_view
from cxmaturity.store import open_store


def render_from_store(store_path: Path | str, out_dir: Path) -> Path:
    """Write the pack for the latest snapshot into `out_dir`; returns the report's path."""
    out_dir = Path(out_dir)
    with open_store(store_path) as store:
        latest = store.latest_snapshot()
        if latest is None:
            raise ReportError(f"{store_path}: the store has no evidence snapshot yet; run `cxm nightly` first")
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = out_dir / ".cxm-report-staging"
        staging.mkdir(exist_ok=True)
        store.export_window(staging, latest["window_start"], latest["window_end"])
        trend = build_trend_view(store.snapshots())
        manifest = store.run_manifest(latest["run_id"]) or {}
    evidence = json.loads(latest["evidence_json"])
    manifest["source"] = {
        "store": store.name,
        "snapshot_run_id": latest["run_id"],
        "window": [str(latest["window_start"]), str(latest["window_end"])],
    }
    html = render_html(
        evidence, read_table(staging / "calls.parquet"), read_table(staging / "turns.parquet"), manifest, trend=trend
    )
    (staging / "evidence.json").write_text(json.dumps(evidence, indent=2, default=str) + "\n", encoding="utf-8")
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
    (staging / "report.html").write_text(html, encoding="utf-8")
    for name in ("calls.parquet", "turns.parquet", "evidence.json", "manifest.json", "report.html"):
        (staging / name).replace(out_dir / name)
    staging.rmdir()
    return out_dir / "report.html"
