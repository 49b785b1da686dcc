"""Small inline-SVG charts for the evidence pack: no JS library, no network, every label escaped.

Each builder returns `markupsafe.Markup` so the template can place it unescaped; everything that
goes inside (labels, categories, tooltips) passes through `markupsafe.escape` here first, since
queue names, intents and ids come from customer data. Colours are the Okabe-Ito palette (safe
for colour-blind readers) and every bar also carries its value as text and a <title> tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from cxmaturity.report.formatting import fmt_number

FONT = 'font-family="inherit"'
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d9dee3"
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
STATUS_COLOURS = {
    "evidenced": "#009E73",
    "partial": "#E69F00",
    "not_evidenced": "#D55E00",
    "not_observable": "#c9ced6",
    "unknown": "#e4e7eb",
}
CLAIMED_COLOUR = "#9aa5b1"
EVIDENCED_COLOUR = "#0072B2"
CHAR_WIDTH = 6.6  # approximate width of one character at 12px, for label layout
LABEL_MAX_CHARS = 30


def _e(value: Any) -> str:
    return str(escape(str(value)))


def _short(label: str, limit: int = LABEL_MAX_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg(width: float, height: float, title: str, body: list[str], css_class: str = "chart") -> Markup:
    return Markup(
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" font-size="12" {FONT}>'
        f"<title>{_e(title)}</title>{''.join(body)}</svg>"
    )


def _empty(title: str, message: str = "No data") -> Markup:
    return _svg(320, 40, title, [f'<text x="0" y="24" fill="{MUTED}">{_e(message)}</text>'])


def hbar_chart(
    items: Sequence[tuple[str, float]],
    title: str,
    colour: str = EVIDENCED_COLOUR,
    bar_width: float = 260,
    unit: str = "",
) -> Markup:
    """Horizontal bars, largest first as given: categories with long names (queues, intents, PII types)."""
    if not items:
        return _empty(title)
    label_width = min(max(len(_short(str(label))) for label, _ in items) * CHAR_WIDTH + 12, 220)
    row = 22
    maximum = max((float(value) for _, value in items), default=0.0) or 1.0
    width = label_width + bar_width + 60
    body = []
    for index, (label, value) in enumerate(items):
        y = index * row
        length = max(float(value) / maximum * bar_width, 1.0 if value else 0.0)
        text = f"{fmt_number(value)}{unit}"
        body.append(
            f'<g class="bar"><title>{_e(label)}: {_e(text)}</title>'
            f'<text x="{label_width - 8:.0f}" y="{y + 15}" text-anchor="end" fill="{INK}">'
            f"{_e(_short(str(label)))}</text>"
            f'<rect x="{label_width:.0f}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" fill="{colour}" rx="2"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" fill="{INK}">{_e(text)}</text></g>'
        )
    return _svg(width, len(items) * row + 4, title, body)


def column_chart(
    items: Sequence[tuple[str, float]],
    title: str,
    x_label: str = "",
    colour: str = EVIDENCED_COLOUR,
    colours: Sequence[str] | None = None,
) -> Markup:
    """Vertical columns over ordered bins (e.g. predicted CSAT 1..5)."""
    if not items:
        return _empty(title)
    column, gap, plot_height, top, bottom = 48, 16, 140, 18, 38
    width = len(items) * (column + gap) + gap
    maximum = max(float(value) for _, value in items) or 1.0
    body = [f'<line x1="0" y1="{top + plot_height}" x2="{width}" y2="{top + plot_height}" stroke="{GRID}"/>']
    for index, (label, value) in enumerate(items):
        x = gap + index * (column + gap)
        height = float(value) / maximum * plot_height
        fill = colours[index % len(colours)] if colours else colour
        body.append(
            f'<g class="bar"><title>{_e(label)}: {_e(fmt_number(value))}</title>'
            f'<rect x="{x}" y="{top + plot_height - height:.1f}" width="{column}" height="{height:.1f}" '
            f'fill="{fill}" rx="2"/>'
            f'<text x="{x + column / 2}" y="{top + plot_height - height - 4:.1f}" text-anchor="middle" '
            f'fill="{INK}">{_e(fmt_number(value))}</text>'
            f'<text x="{x + column / 2}" y="{top + plot_height + 16}" text-anchor="middle" fill="{INK}">'
            f"{_e(_short(str(label), 10))}</text></g>"
        )
    if x_label:
        body.append(
            f'<text x="{width / 2}" y="{top + plot_height + 33}" text-anchor="middle" '
            f'fill="{MUTED}">{_e(x_label)}</text>'
        )
    return _svg(width, top + plot_height + bottom, title, body)


def stacked_columns(series: Sequence[tuple[str, dict[str, float]]], title: str) -> Markup:
    """Columns per day stacked by category (channel), with a legend: volume over time."""
    if not series:
        return _empty(title)
    categories = sorted(
        {category for _, parts in series for category in parts},
        key=lambda name: -sum(parts.get(name, 0) for _, parts in series),
    )
    colour_of = {category: PALETTE[index % len(PALETTE)] for index, category in enumerate(categories)}
    column = max(min(36, 640 / len(series) - 6), 6)
    gap = 6
    left, top, plot_height = 34, 26, 150
    width = left + len(series) * (column + gap) + gap
    maximum = max(sum(parts.values()) for _, parts in series) or 1
    body = []
    legend_x = float(left)
    for category in categories:
        body.append(
            f'<rect x="{legend_x}" y="2" width="10" height="10" fill="{colour_of[category]}"/>'
            f'<text x="{legend_x + 14}" y="11" fill="{INK}">{_e(_short(category, 18))}</text>'
        )
        legend_x += 14 + len(_short(category, 18)) * CHAR_WIDTH + 14
    for tick in (0, maximum):
        y = top + plot_height - tick / maximum * plot_height
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{tick:g}</text>'
        )
    label_every = max(1, int(len(series) / 10) + (1 if len(series) % 10 else 0))
    for index, (day, parts) in enumerate(series):
        x = left + gap + index * (column + gap)
        y = top + plot_height
        total = sum(parts.values())
        breakdown = ", ".join(f"{name} {fmt_number(count)}" for name, count in parts.items())
        pieces = [f"<title>{_e(day)}: {_e(fmt_number(total))} conversations ({_e(breakdown)})</title>"]
        for category in categories:
            count = parts.get(category, 0)
            if not count:
                continue
            height = count / maximum * plot_height
            y -= height
            pieces.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{column:.1f}" height="{height:.1f}" '
                f'fill="{colour_of[category]}"/>'
            )
        if index % label_every == 0:
            pieces.append(
                f'<text x="{x + column / 2:.1f}" y="{top + plot_height + 14}" text-anchor="middle" '
                f'fill="{MUTED}" font-size="10">{_e(str(day)[5:])}</text>'
            )
        body.append(f'<g class="bar">{"".join(pieces)}</g>')
    return _svg(width, top + plot_height + 22, title, body)


def line_chart(
    points: Sequence[tuple[str, float]],
    title: str,
    y_min: float = -1.0,
    y_max: float = 1.0,
    y_label: str = "",
    value_format: str = "{:+.1f}",
) -> Markup:
    """A line over days on a fixed scale (sentiment -1..1, a level 0..6) with gridlines for reference."""
    if not points:
        return _empty(title)
    left, top, plot_width, plot_height = 40, 12, max(len(points) * 40, 240), 120
    width = left + plot_width + 20
    span = (y_max - y_min) or 1.0

    def y_of(value: float) -> float:
        return top + (y_max - min(max(value, y_min), y_max)) / span * plot_height

    step = plot_width / max(len(points) - 1, 1)
    body = []
    for tick in (y_min, (y_min + y_max) / 2, y_max):
        body.append(
            f'<line x1="{left}" y1="{y_of(tick):.1f}" x2="{left + plot_width}" y2="{y_of(tick):.1f}" '
            f'stroke="{GRID}"/><text x="{left - 4}" y="{y_of(tick) + 4:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{value_format.format(tick)}</text>'
        )
    coordinates = [
        (left + index * step if len(points) > 1 else left + plot_width / 2, y_of(value))
        for index, (_, value) in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
    body.append(f'<polyline points="{path}" fill="none" stroke="{EVIDENCED_COLOUR}" stroke-width="2"/>')
    label_every = max(1, -(-len(points) // 8))
    for index, ((day, value), (x, y)) in enumerate(zip(points, coordinates, strict=True)):
        body.append(
            f'<g class="point"><title>{_e(day)}: {_e(value_format.format(value))}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{EVIDENCED_COLOUR}"/></g>'
        )
        if index % label_every == 0:
            body.append(
                f'<text x="{x:.1f}" y="{top + plot_height + 14}" text-anchor="middle" fill="{MUTED}" '
                f'font-size="10">{_e(str(day)[5:])}</text>'
            )
    if y_label:
        body.append(f'<text x="{left}" y="{top + plot_height + 30}" fill="{MUTED}">{_e(y_label)}</text>')
    return _svg(width, top + plot_height + 36, title, body)


def ladder_chart(
    rungs: Sequence[Any],
    evidenced_level: int | None,
    claimed_level: int | None,
    title: str | None = None,
    label: str = "Level",
) -> Markup:
    """A framework's levels bottom-up (the AI layers), each coloured by its evidence status, with
    evidenced/claimed markers. `label` is what the framework calls a level ("Layer")."""
    title = title or f"{label} ladder"
    row, gap, left, rung_width = 34, 6, 8, 330
    marker_x = left + rung_width + 12
    height = len(rungs) * (row + gap) + 4
    body = []
    for index, rung in enumerate(sorted(rungs, key=lambda r: -r.level)):
        y = index * (row + gap) + 2
        fill = STATUS_COLOURS.get(rung.status, STATUS_COLOURS["unknown"])
        dashed = ' stroke-dasharray="4 3"' if rung.status in ("not_observable", "unknown") else ""
        score = f" · score {fmt_number(rung.score)}" if rung.score is not None else ""
        text_fill = "#ffffff" if rung.status in ("evidenced", "not_evidenced") else INK
        body.append(
            f'<g class="rung"><title>{_e(label)} {rung.level} {_e(rung.name)}: '
            f"{_e(rung.status_label)}{_e(score)}</title>"
            f'<rect x="{left}" y="{y}" width="{rung_width}" height="{row}" rx="4" fill="{fill}" '
            f'stroke="{MUTED}"{dashed}/>'
            f'<text x="{left + 12}" y="{y + 21}" fill="{text_fill}" font-weight="600">'
            f"{rung.level} · {_e(rung.name)}</text>"
            f'<text x="{left + rung_width - 10}" y="{y + 21}" fill="{text_fill}" text-anchor="end">'
            f"{_e(rung.status_label)}</text></g>"
        )
        markers = []
        if evidenced_level == rung.level:
            markers.append(("◀ Evidenced", EVIDENCED_COLOUR))
        if claimed_level == rung.level:
            markers.append(("◀ Claimed", "#5f4b8b"))
        offset = 0.0
        for marker, colour in markers:
            body.append(
                f'<text x="{marker_x + offset:.0f}" y="{y + 21}" fill="{colour}" font-weight="700">{_e(marker)}</text>'
            )
            offset += len(marker) * CHAR_WIDTH + 12
    return _svg(marker_x + 190, height, title, body, css_class="chart ladder")


def items_chart(
    items: Sequence[Any],
    groups: Sequence[str],
    show_claimed: bool,
    title: str,
    top: int = 5,
) -> Markup:
    """Rated items (ICMI's 20) as paired horizontal bars on the 0..`top` scale, grouped as the framework groups them."""
    if not items:
        return _empty(title)
    label_width, scale_width, row, group_row = 230, 250, 30 if show_claimed else 20, 22
    left = label_width
    width = left + scale_width + 150
    ordered_groups = [g for g in groups if any(item.group == g for item in items)]
    ordered_groups += sorted({item.group for item in items} - set(ordered_groups))
    body = []
    y = 24.0
    # Legend and scale
    legend = [("Evidenced", EVIDENCED_COLOUR)] + ([("Claimed", CLAIMED_COLOUR)] if show_claimed else [])
    legend_x = left
    for name, colour in legend:
        body.append(
            f'<rect x="{legend_x}" y="4" width="10" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="13" fill="{INK}">{_e(name)}</text>'
        )
        legend_x += 90
    bottom = y + len(ordered_groups) * group_row + len(items) * row + 4
    for tick in range(top + 1):
        x = left + tick / top * scale_width
        body.append(
            f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{bottom:.0f}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{bottom + 14:.0f}" text-anchor="middle" fill="{MUTED}">{tick}</text>'
        )
    for group in ordered_groups:
        body.append(
            f'<text x="0" y="{y + 15:.0f}" fill="{MUTED}" font-weight="700" '
            f'letter-spacing="0.05em">{_e(str(group).upper())}</text>'
        )
        y += group_row
        for item in (i for i in items if i.group == group):
            tip = (
                f"{item.name}: evidenced {fmt_number(item.evidenced)}"
                + (f", claimed {fmt_number(item.claimed)}" if show_claimed else "")
                + (f" ({item.verdict})" if item.verdict != "unknown" else "")
            )
            pieces = [
                f"<title>{_e(tip)}</title>",
                f'<text x="{left - 8}" y="{y + 14:.0f}" text-anchor="end" fill="{INK}">{_e(_short(item.name, 34))}'
                "</text>",
            ]
            bar_height = 10 if show_claimed else 14
            if item.evidenced is not None:
                length = max(item.evidenced, 0) / top * scale_width
                pieces.append(
                    f'<rect x="{left}" y="{y + 4:.0f}" width="{length:.1f}" height="{bar_height}" '
                    f'fill="{EVIDENCED_COLOUR}" rx="2"/>'
                )
                pieces.append(
                    f'<text x="{left + length + 4:.1f}" y="{y + 4 + bar_height - 1:.0f}" fill="{INK}" '
                    f'font-size="11">{_e(fmt_number(item.evidenced))}</text>'
                )
            else:
                pieces.append(
                    f'<text x="{left + 4}" y="{y + 4 + bar_height - 1:.0f}" fill="{MUTED}" font-size="11" '
                    f'font-style="italic">not observable from transcripts</text>'
                )
            if show_claimed and item.claimed is not None:
                length = max(item.claimed, 0) / top * scale_width
                claimed_y = y + 4 + bar_height + 2
                pieces.append(
                    f'<rect x="{left}" y="{claimed_y:.0f}" width="{length:.1f}" height="{bar_height}" '
                    f'fill="{CLAIMED_COLOUR}" rx="2"/>'
                )
                pieces.append(
                    f'<text x="{left + length + 4:.1f}" y="{claimed_y + bar_height - 1:.0f}" '
                    f'fill="{MUTED}" font-size="11">{_e(fmt_number(item.claimed))}</text>'
                )
            if item.verdict not in ("unknown",) and show_claimed:
                pieces.append(
                    f'<text x="{left + scale_width + 30}" y="{y + 17:.0f}" fill="{INK}" '
                    f'font-size="11">{_e(item.verdict)}</text>'
                )
            body.append(f'<g class="item">{"".join(pieces)}</g>')
            y += row
    return _svg(width, bottom + 18, title, body, css_class="chart items")
