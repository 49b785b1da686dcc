"""The trend section takes its scales and score charts from the framework definitions."""

from __future__ import annotations

import pandas as pd

from cxmaturity.report.trend_view import build_trend_view


def _rows(framework: str, levels: list[int], scores: list[float | None]) -> list[dict]:
    return [
        {
            "run_id": f"r{i}",
            "created_at": f"2026-11-0{i + 1}T02:00:00",
            "window_start": "2026-10-01",
            "window_end": f"2026-11-0{i + 1}",
            "conversations": 100,
            "framework": framework,
            "framework_name": framework,
            "level": level,
            "level_name": f"level {level}",
            "score": score,
        }
        for i, (level, score) in enumerate(zip(levels, scores, strict=True))
    ]


def test_rated_frameworks_get_a_score_chart_on_their_scale_and_ladders_do_not() -> None:
    snapshots = pd.DataFrame(_rows("icmi", [2, 3], [38.0, 55.0]) + _rows("four_stage", [1, 2], [None, None]))
    view = build_trend_view(snapshots)
    assert view is not None
    assert [score.title for score in view.scores] == ["ICMI CX maturity evidenced score"]
    assert "(0-100)" in str(view.scores[0].chart)
    four_stage = next(trend for trend in view.frameworks if trend.framework == "four_stage")
    assert ">4<" in str(four_stage.chart)  # the axis tops at the framework's four stages, not a fixed 6
