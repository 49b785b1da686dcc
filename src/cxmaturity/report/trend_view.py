"""The report's trend section: each framework's level (and ICMI's score) across nightly snapshots.

Fed by `cxm report --store` from the store's `evidence_snapshots` table; a one-off `cxm analyze` has no
trend and the section is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from cxmaturity.report import charts


@dataclass
class FrameworkTrend:
    framework: str
    name: str
    points: list[tuple[str, float]]  # (snapshot date, level)
    latest: str
    chart: Markup | None = None


@dataclass
class TrendView:
    snapshots: list[dict[str, Any]]  # one per snapshot: date, window, conversations, level name per framework
    frameworks: list[FrameworkTrend] = field(default_factory=list)
    icmi_score: Markup | None = None

    @property
    def available(self) -> bool:
        return bool(self.snapshots)


def build_trend_view(snapshots) -> TrendView | None:
    """From `Store.snapshots()` (one row per framework per snapshot, oldest first); None when empty."""
    if snapshots is None or len(snapshots) == 0:
        return None
    rows = snapshots.to_dict(orient="records")
    by_run: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = by_run.setdefault(
            row["run_id"],
            {
                "date": _day(row["created_at"]),
                "window": f"{_day(row['window_start'])} to {_day(row['window_end'])}",
                "conversations": int(row["conversations"] or 0),
                "levels": {},
            },
        )
        entry["levels"][row["framework"]] = row["level_name"] or "n/a"
    view = TrendView(snapshots=list(by_run.values()))
    names = {row["framework"]: row["framework_name"] or row["framework"] for row in rows}
    for framework in sorted(names):
        mine = [row for row in rows if row["framework"] == framework and _number(row["level"]) is not None]
        if not mine:
            continue
        points = [(_day(row["created_at"]), float(row["level"])) for row in mine]
        top = max(6.0, max(value for _, value in points))
        trend = FrameworkTrend(framework, names[framework], points, str(mine[-1]["level_name"] or ""))
        trend.chart = charts.line_chart(
            points, f"{names[framework]}: level per snapshot", y_min=0.0, y_max=top, value_format="{:.0f}"
        )
        view.frameworks.append(trend)
    scores = [
        (_day(row["created_at"]), float(row["score"]))
        for row in rows
        if row["framework"] == "icmi" and _number(row["score"]) is not None
    ]
    if scores:
        view.icmi_score = charts.line_chart(
            scores, "ICMI evidenced score per snapshot (0-100)", y_min=0.0, y_max=100.0, value_format="{:.0f}"
        )
    return view


def _day(value: Any) -> str:
    return str(value)[:10] if value is not None else "?"


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN from a missing value
