"""Working days on the Chinese statutory calendar.

Where a day's status comes from, in order:
1. the HolidaySchedule table, which administrators fill in from the State
   Council's notice (国务院办公厅关于部分节假日安排的通知) for each year;
2. the `chinesecalendar` package, which ships the official schedules it knows;
3. otherwise the day is *provisional*: weekends and the fixed-date statutory
   holidays only (元旦, 劳动节, 国庆节). Lunar holidays and make-up working days
   cannot be known before the notice is published, so a deadline computed
   this way is marked provisional and recomputed once the schedule arrives.

Counting follows 条例 Article 33 (自收到申请之日起…个工作日内): the day of
receipt is not counted; the deadline is the n-th working day after it. A
case's term restarts on receipt of a correction (补正, 条例第三十条: see
Case.compute_deadline); `pauses` here can still skip ranges of days: a pause
(start, end) excludes the days after `start` up to and including `end`."""

import datetime
from dataclasses import dataclass, field

import chinese_calendar

# (month, day) of statutory holidays whose date never moves (国务院令第795号).
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}


def _load_schedules():
    from .models import HolidaySchedule

    return {s.year: (s.holiday_dates(), s.workday_dates()) for s in HolidaySchedule.objects.all()}


@dataclass
class Calendar:
    """One calendar per computation: reads the schedule table once."""

    schedules: dict = field(default_factory=_load_schedules)

    def is_workday(self, day):
        """(is it a working day, is that only a provisional guess)"""
        schedule = self.schedules.get(day.year)
        if schedule is not None:
            holidays, workdays = schedule
            return day in workdays or (day.weekday() < 5 and day not in holidays), False
        try:
            return chinese_calendar.is_workday(day), False
        except NotImplementedError:
            return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS, True

    def is_covered(self, year):
        if year in self.schedules:
            return True
        try:
            chinese_calendar.is_workday(datetime.date(year, 6, 1))
        except NotImplementedError:
            return False
        return True


def _paused(day, pauses):
    return any(start < day and (end is None or day <= end) for start, end in pauses)


@dataclass(frozen=True)
class Deadline:
    date: datetime.date | None  # None while a correction pause is open
    provisional: bool = False
    uncovered_years: tuple = ()


def add_working_days(start, days, pauses=(), calendar=None):
    """The `days`-th working day after `start`, skipping paused days."""
    if any(end is None for _start, end in pauses):
        return Deadline(None)
    calendar = calendar or Calendar()
    day, counted, uncovered = start, 0, set()
    while counted < days:
        day += datetime.timedelta(days=1)
        if _paused(day, pauses):
            continue
        workday, provisional = calendar.is_workday(day)
        if provisional:
            uncovered.add(day.year)
        if workday:
            counted += 1
    return Deadline(day, bool(uncovered), tuple(sorted(uncovered)))


def working_days_between(start, end, pauses=(), calendar=None):
    """Working days after `start` up to and including `end`, minus paused days."""
    calendar = calendar or Calendar()
    day, counted = start, 0
    while day < end:
        day += datetime.timedelta(days=1)
        if not _paused(day, pauses) and calendar.is_workday(day)[0]:
            counted += 1
    return counted
