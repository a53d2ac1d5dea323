"""Small server-rendered SVG charts (no script). Every chart sits next to a
table with the same numbers, so nothing depends on seeing the picture."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

COLOURS = ["#a4161a", "#1d4e89", "#3a7d44", "#b5651d", "#6a4c93"]


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
    return mark_safe("".join(parts))  # noqa: S308
