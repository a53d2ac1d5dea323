"""Statistics per department and month of receipt (a cohort view).

For the cases *received* in a month by a department:
received, replied (so far), on time (replied on or before the deadline),
average and median working days taken (of the replied ones), overdue
(replied late, or still open past the deadline today) and the satisfaction
rate (satisfied + basically satisfied, over the rated ones)."""

import statistics
from collections import defaultdict

from django.utils import timezone

from cms.charts import grouped_bars

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


def bar_chart(totals):
    """Bars for received and replied per month (cms.charts.grouped_bars)."""
    return grouped_bars(totals, ("received", "replied"), label="month")
