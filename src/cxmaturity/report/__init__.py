"""The evidence pack: report.html from evidence.json, the run's tables and its manifest."""

from cxmaturity.report.render import ReportError, render_html, render_report

__all__ = ["ReportError", "render_html", "render_report"]
