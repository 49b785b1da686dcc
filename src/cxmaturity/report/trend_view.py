"""The report's trend section: each framework's level (and a rated framework's score) across snapshots.

Fed by `cxm report --store` from the store's `evidence_snapshots` table; a one-off `cxm analyze` has no
trend and the section is left out. A level chart's scale is the framework's number of levels, and a
score chart is drawn for each rated framework (ICMI), on its scale; both come from the framework YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from cxmaturity.maturity.schema import load_frameworks
from cxmaturity.report import charts
from cxmaturity.report.frameworks_view import FrameworkInfo, framework_infos


@dataclass
class FrameworkTrend:
    framework: str
    name: str
    points: list[tuple[str, float]]  # (snapshot date, level)
    latest: str
    chart: Markup | None = None


@dataclass
class ScoreTrend:
    title: str  # "ICMI CX maturity evidenced score"
    chart: Markup


@dataclass
class TrendView:
    snapshots: list[dict[str, Any]]  # one per snapshot: date, window, conversations, level name per framework
    frameworks: list[FrameworkTrend] = field(default_factory=list)
    scores: list[ScoreTrend] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return bool(self.snapshots)


def build_trend_view(snapshots, definitions: Mapping[str, Mapping[str, Any]] | None = None) -> TrendView | None:
    """From `Store.snapshots()` (one row per framework per snapshot, oldest first); None when empty.

    `definitions` are the framework definitions (default: the shipped ones)."""
    if snapshots is None or len(snapshots) == 0:
        return None
    rows = snapshots.to_dict(orient="records")
    infos = framework_infos(
        {row["framework"]: {} for row in rows}, load_frameworks() if definitions is None else definitions
    )
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
        top = max(float(len(infos[framework].level_names)), max(value for _, value in points))
        trend = FrameworkTrend(framework, names[framework], points, str(mine[-1]["level_name"] or ""))
        trend.chart = charts.line_chart(
            points, f"{names[framework]}: level per snapshot", y_min=0.0, y_max=top, value_format="{:.0f}"
        )
        view.frameworks.append(trend)
    for framework, info in infos.items():
        score = _score_trend(framework, info, rows)
        if score is not None:
            view.scores.append(score)
    return view


def _score_trend(framework: str, info: FrameworkInfo, rows: list[dict[str, Any]]) -> ScoreTrend | None:
    """A rated framework's evidenced score per snapshot, on its scale (ICMI: 0-100)."""
    points = [
        (_day(row["created_at"]), float(row["score"]))
        for row in rows
        if row["framework"] == framework and _number(row["score"]) is not None
    ]
    if info.scoring != "rated_items" or not points:
        return None
    top = info.max_score or max(value for _, value in points)
    title = f"{info.title} evidenced score"
    chart = charts.line_chart(
        points, f"{title} per snapshot (0-{top:.0f})", y_min=0.0, y_max=top, value_format="{:.0f}"
    )
    return ScoreTrend(title, chart)


def _day(value: Any) -> str:
    return str(value)[:10] if value is not None else "?"


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN from a missing value
