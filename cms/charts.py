"""Charts drawn on the server as plain SVG (no script, no external library).

Each chart is an <svg role="img"> titled by the chart's caption; the page
always shows the same numbers as a data table beside it, so nothing depends
on seeing the picture."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 560, 300
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 16, 16, 48
BAR = "#a4161a"
AXIS = "#4d4d4d"
GRID = "#d9d9d9"


def _nice_max(value):
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _fmt(value):
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def render_svg(rows, kind="bar", title="", unit="", chart_id="chart"):
    """rows: [(label, value)]. kind: "bar" or "line"."""
    rows = [(str(label), float(value)) for label, value in rows]
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    top = _nice_max(max((v for _l, v in rows), default=0))
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}{" (" + escape(unit) + ")" if unit else ""}</title>',
    ]
    for i in range(5):
        value = top * i / 4
        y = PAD_TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{AXIS}">{_fmt(value)}</text>'
        )
    n = max(len(rows), 1)
    slot = plot_w / n
    points = []
    for index, (label, value) in enumerate(rows):
        x = PAD_LEFT + slot * index
        h = plot_h * value / top if top else 0
        y = PAD_TOP + plot_h - h
        if kind == "line":
            points.append((x + slot / 2, y))
        else:
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 18}" text-anchor="middle" font-size="12" fill="{AXIS}">{escape(label)}</text>'
        )
    if points:
        if kind == "line":
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="3"/>')
            for x, y in points:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"/>')
    parts.append(
        f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{PAD_TOP + plot_h}" y2="{PAD_TOP + plot_h}" stroke="{AXIS}" stroke-width="1"/>'
    )
    if unit:
        parts.append(f'<text x="{PAD_LEFT}" y="{HEIGHT - 8}" font-size="12" fill="{AXIS}">{escape(unit)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
