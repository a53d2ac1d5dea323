"""Charts drawn on the server as plain SVG (no script, no external library),
the one chart module of the project.

Each chart is an <svg role="img"> titled by the chart's caption; the page
always shows the same numbers as a data table beside it, so nothing depends
on seeing the picture.

* `render_svg(rows, kind)`: vertical bars or one line with a value axis
  (the chart block of public pages);
* `bars(rows, title)`: horizontal bars, one per labelled row (the
  supervision dashboard);
* `lines(series, title)`: several daily series on one time axis (opinion
  monitoring);
* `grouped_bars(groups, keys)`: the geometry of grouped bars for a template
  that draws them (case statistics)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 560, 300
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 16, 16, 48
# The series colours; the first is the site's red, used for single series.
COLOURS = ["#a4161a", "#1d4e89", "#3a7d44", "#b5651d", "#6a4c93"]
BAR = COLOURS[0]
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


def bars(rows, title, width=640, bar_height=18, label_width=170):
    """Horizontal bars: rows = [(label, value)]; None values are skipped."""
    rows = [(str(label), float(value)) for label, value in rows if value is not None]
    top = max([v for _l, v in rows] + [1])
    height = 30 + len(rows) * (bar_height + 8)
    plot = width - label_width - 60
    parts = [
        f'<svg class="acc-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(rows):
        y = 28 + i * (bar_height + 8)
        w = plot * value / top
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 4}" font-size="12" text-anchor="end">{escape(label[:18])}</text>'
        )
        parts.append(f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{COLOURS[0]}"/>')
        shown = f"{value:g}"
        parts.append(f'<text x="{label_width + w + 4:.1f}" y="{y + bar_height - 4}" font-size="12">{shown}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def lines(series, title, width=640, height=220):
    """series = {name: [(day, value)…]} sharing the same days."""
    names = list(series)
    if not names or not series[names[0]]:
        return ""
    days = [d for d, _v in series[names[0]]]
    top = max([v for s in series.values() for _d, v in s] + [1])
    left, right, top_pad, bottom = 36, 10, 48, 24
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(len(days) - 1, 1)
    parts = [
        f'<svg class="acc-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#666"/>',
        f'<text x="{left - 4}" y="{top_pad + 8}" font-size="11" text-anchor="end">{top:g}</text>',
        f'<text x="{left}" y="{height - 6}" font-size="11">{days[0]:%m-%d}</text>',
        f'<text x="{width - right}" y="{height - 6}" font-size="11" text-anchor="end">{days[-1]:%m-%d}</text>',
    ]
    for i, name in enumerate(names):
        colour = COLOURS[i % len(COLOURS)]
        points = " ".join(
            f"{left + j * step:.1f},{top_pad + plot_h - plot_h * v / top:.1f}" for j, (_d, v) in enumerate(series[name])
        )
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts.append(
            f'<text x="{left + 8 + i * 110}" y="{top_pad - 14}" font-size="12" fill="{colour}">{escape(name[:14])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above; points and colours are numbers and our palette


def grouped_bars(groups, keys, label="label", width=720, height=260):
    """Geometry of vertical bars grouped side by side, one group per row of
    `groups` (dicts holding `label` and a number under each of `keys`), for a
    template to draw with its own colours and hover titles."""
    top = max([group[key] for key in keys for group in groups] + [1])
    left, bottom, plot_h = 40, 30, height - 50
    slot = (width - left - 10) / max(len(groups), 1)
    share = slot / len(keys)
    bars = []
    for i, group in enumerate(groups):
        x = left + i * slot
        for j, key in enumerate(keys):
            h = plot_h * group[key] / top
            bars.append(
                {
                    "x": round(x + 4 + j * (share - 4), 1),
                    "y": round(height - bottom - h, 1),
                    "w": round(share - 6, 1),
                    "h": round(h, 1),
                    "key": key,
                    "value": group[key],
                    "label": group[label],
                }
            )
    ticks = [{"value": v, "y": round(height - bottom - plot_h * v / top, 1)} for v in sorted({0, top // 2, top})]
    labels = [{"label": group[label], "x": round(left + i * slot + slot / 2, 1)} for i, group in enumerate(groups)]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "ticks": ticks,
        "labels": labels,
        "axis_y": height - bottom,
        "left": left,
    }
