"""Statistics per department and month of receipt (a cohort view).

For the cases *received* in a month by a department:
received, replied (so far), on time (replied on or before the deadline),
average and median working days taken (of the replied ones), overdue
(replied late, or still open past the deadline today) and the satisfaction
rate (satisfied + basically satisfied, over the rated ones)."""

import statistics
from collections import defaultdict

from django.utils import timezone

from .models import Case, Rating


def month_rows(year, today=None):
    """One row per department and month. A department's translations are one
    department: cases filed against its English row count with the Chinese."""
    from .departments import departments

    today = today or timezone.localdate()
    shown = {dept.translation_key: dept for dept in departments()}
    groups = defaultdict(list)
    cases = Case.objects.select_related("department").filter(received_at__year=year)
    for case in cases:
        month = timezone.localtime(case.received_at).month
        key = case.department.translation_key if case.department_id else None
        groups[(key, month)].append(case)
    rows = []
    for (key, month), items in groups.items():
        department = shown.get(key, items[0].department) if key else None
        replied = [c for c in items if c.replied_at]
        days = [c.working_days_taken for c in replied if c.working_days_taken is not None]
        rated = [c for c in items if c.rating]
        satisfied = [c for c in rated if c.rating in (Rating.SATISFIED, Rating.BASICALLY)]
        rows.append(
            {
                "department": department,
                "month": month,
                "received": len(items),
                "replied": len(replied),
                "on_time": sum(1 for c in replied if c.on_time),
                "average_days": round(statistics.mean(days), 1) if days else None,
                "median_days": statistics.median(days) if days else None,
                "overdue": sum(1 for c in items if c.is_overdue(today)),
                "rated": len(rated),
                "satisfaction": round(100 * len(satisfied) / len(rated), 1) if rated else None,
            }
        )
    rows.sort(key=lambda r: (r["month"], str(r["department"] or "")))
    return rows


def monthly_totals(rows):
    totals = {month: {"month": month, "received": 0, "replied": 0, "overdue": 0} for month in range(1, 13)}
    for row in rows:
        for key in ("received", "replied", "overdue"):
            totals[row["month"]][key] += row[key]
    return list(totals.values())


def bar_chart(totals, width=720, height=260):
    """Bars for received and replied per month, as SVG geometry for the template."""
    top = max([t["received"] for t in totals] + [t["replied"] for t in totals] + [1])
    left, bottom, plot_h = 40, 30, height - 50
    slot = (width - left - 10) / 12
    bars = []
    for i, t in enumerate(totals):
        x = left + i * slot
        for j, key in enumerate(("received", "replied")):
            h = plot_h * t[key] / top
            bars.append(
                {
                    "x": round(x + 4 + j * (slot / 2 - 4), 1),
                    "y": round(height - bottom - h, 1),
                    "w": round(slot / 2 - 6, 1),
                    "h": round(h, 1),
                    "key": key,
                    "value": t[key],
                    "month": t["month"],
                }
            )
    ticks = [{"value": v, "y": round(height - bottom - plot_h * v / top, 1)} for v in sorted({0, top // 2, top})]
    labels = [{"month": t["month"], "x": round(left + i * slot + slot / 2, 1)} for i, t in enumerate(totals)]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "ticks": ticks,
        "labels": labels,
        "axis_y": height - bottom,
        "left": left,
    }
