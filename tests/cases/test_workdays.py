"""The working-day calculator on fixed dates of the 2026 official schedule
(国办发明电〔2025〕7号): Spring Festival 2/15-2/23 with make-up Saturdays 2/14
and 2/28; National Day and Mid-Autumn 10/1-10/7 with make-up days 9/20 (Sun)
and 10/10 (Sat)."""

import datetime

import pytest

from interactions.cases import services
from interactions.cases import workdays as workdays_module
from interactions.cases.models import Case, Channel, HolidaySchedule, ScheduleAlert
from interactions.cases.workdays import Calendar, add_working_days, working_days_between

D = datetime.date


@pytest.fixture
def calendar(db):
    return Calendar()


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Fri 2/13 + 1: Sat 2/14 is a make-up working day.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        # Sat 2/14 + 1: 2/15-2/23 is the holiday; Tue 2/24 is the next working day.
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        # Tue 2/24 + 4: 25, 26, 27 and the make-up Saturday 2/28.
        (D(2026, 2, 24), 4, D(2026, 2, 28)),
        # A letter received on 2/10 (Tue), 15 working days: 11,12,13,14(Sat),24,25,26,27,28(Sat),3/2,3,4,5,6,9.
        (D(2026, 2, 10), 15, D(2026, 3, 9)),
        # Fri 9/18 + 1: Sun 9/20 is a make-up working day, Sat 9/19 is not.
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        # Wed 9/30 + 1: 10/1-10/7 off, Thu 10/8.
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        # Wed 9/30 + 3: 10/8, 10/9, then Sat 10/10 (make-up).
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        # A disclosure request received on 9/25 (Fri), 20 working days:
        # 9/28-30 (3), 10/8-10 (6), 12-16 (11), 19-23 (16), 26-29 (20).
        (D(2026, 9, 25), 20, D(2026, 10, 29)),
    ],
)
def test_add_working_days_2026(calendar, start, days, expected):
    result = add_working_days(start, days, calendar=calendar)
    assert result.date == expected
    assert not result.provisional


def test_working_days_between_counts_make_up_days_and_skips_holidays(calendar):
    # 2/13 (Fri) → 2/24 (Tue): 2/14 (Sat, make-up) and 2/24 count.
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 24), calendar=calendar) == 2
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10), calendar=calendar) == 3


def test_correction_pause_stops_the_clock(calendar):
    # Received Mon 3/2; correction requested Thu 3/5 (3 days used: 3,4,5);
    # the applicant answers Mon 3/16; 12 days remain from Tue 3/17.
    pauses = [(D(2026, 3, 5), D(2026, 3, 16))]
    result = add_working_days(D(2026, 3, 2), 15, pauses, calendar=calendar)
    assert result.date == D(2026, 4, 1)
    # Without the pause: 3/23.
    assert add_working_days(D(2026, 3, 2), 15, calendar=calendar).date == D(2026, 3, 23)
    # While the pause is open there is no deadline.
    assert add_working_days(D(2026, 3, 2), 15, [(D(2026, 3, 5), None)], calendar=calendar).date is None


def test_case_deadline_with_correction_pause_and_extension(make_case, handler, reviewer, mailoutbox, run_on_commit):
    case, _code, _pw = make_case(Channel.DISCLOSURE, received=D(2026, 9, 25), requester_type="natural")
    assert (case.term_days, case.deadline) == (20, D(2026, 10, 29))
    services.request_correction(case, handler, "请补充所需信息的文号。", on=D(2026, 9, 28))
    case.refresh_from_db()
    assert case.deadline is None and case.status == "correction"
    # 条例第三十条: the term runs from receipt of the correction (10/9), all
    # 20 days again: 10/10 (Sat, make-up), 12-16, 19-23, 26-30, 11/2-5.
    # (Before issue 20, defect 7 the day used before the request was kept
    # off the term and the deadline was 11/4.)
    services.receive_correction(case, "文号为示府〔2026〕1号。", on=D(2026, 10, 9))
    case.refresh_from_db()
    assert case.deadline == D(2026, 11, 5)
    services.request_extension(case, handler, 20, "需要征求第三方意见。")
    with pytest.raises(services.CaseError):
        services.decide_extension(case, handler, approve=True)  # not by the requester
    with run_on_commit():
        services.decide_extension(case, reviewer, approve=True)
    case.refresh_from_db()
    assert case.extension_days == 20 and case.extension_approved_by == reviewer
    notice = [m for m in mailoutbox if case.contact_email in m.to and "需要征求第三方意见" in m.body]
    assert len(notice) == 1 and "2026-12-03" in notice[0].body
    # 11/6, 9-13, 16-20, 23-27, 30, 12/1-3.
    assert case.deadline == add_working_days(D(2026, 11, 5), 20).date == D(2026, 12, 3)
    with pytest.raises(services.CaseError):
        services.request_extension(case, handler, 5, "again")  # only once
    events = [e.kind for e in case.public_timeline()]
    assert "extended" in events and "correction_requested" in events


def test_extension_is_at_most_twenty_days(make_case, handler):
    case, _code, _pw = make_case(Channel.DISCLOSURE, received=D(2026, 9, 25))
    with pytest.raises(services.CaseError):
        services.request_extension(case, handler, 21, "too long")


def test_letter_term_is_configurable_per_category(make_case, category):
    category.term_days = 10
    category.save()
    case, _code, _pw = make_case(received=D(2026, 9, 30))
    assert case.term_days == 10
    # 10/8, 9, 10(Sat), 12, 13, 14, 15, 16, 19, 20.
    assert case.deadline == D(2026, 10, 20)


def test_provisional_deadline_in_2027_and_recomputation(make_case, superuser, mailoutbox, run_on_commit):
    """No official 2027 schedule: weekends and fixed holidays only, marked
    provisional, administrators alerted once, recomputed when entered."""
    with run_on_commit():
        case, _code, _pw = make_case(received=D(2026, 12, 28))
    # 12/29, 30, 31; 2027: 1/1 is a fixed holiday; 1/4-8, 1/11-15, 1/18, 19.
    assert case.deadline == D(2027, 1, 19)
    assert case.deadline_provisional
    assert ScheduleAlert.objects.filter(year=2027).exists()
    assert services.missing_schedule_years() == [2027]
    alerts = [m for m in mailoutbox if "2027" in m.subject]
    assert len(alerts) == 1 and superuser.email in alerts[0].to
    with run_on_commit():
        make_case(received=D(2026, 12, 29))
    assert len([m for m in mailoutbox if "2027" in m.subject]) == 1  # told once

    # A fictional schedule: 1/1-1/3 off, 1/11-1/12 off, Sat 1/16 a make-up day.
    HolidaySchedule.objects.create(
        year=2027, holidays="2027-01-01..2027-01-03 元旦\n2027-01-11..2027-01-12 测试", workdays="2027-01-16"
    )
    case.refresh_from_db()
    assert not case.deadline_provisional
    # 12/29, 30, 31, 1/4-8 (8), 1/13, 14, 15, 16(Sat), 18, 19, 20 → 15th is 1/20.
    assert case.deadline == D(2027, 1, 20)
    assert case.events.filter(kind="deadline_recomputed").exists()
    assert services.missing_schedule_years() == []
    assert not Case.objects.filter(deadline_provisional=True).exists()


def test_admin_schedule_overrides_the_package(calendar, db):
    HolidaySchedule.objects.create(year=2026, holidays="2026-03-02", workdays="")
    assert Calendar().is_workday(D(2026, 3, 2)) == (False, False)
    assert calendar.is_workday(D(2026, 3, 2)) == (True, False)  # loaded before


def test_schedule_validation(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        HolidaySchedule(year=2027, holidays="2028-01-01").full_clean()
    with pytest.raises(ValidationError):
        HolidaySchedule(year=2027, holidays="next monday").full_clean()


def test_supervision_job_recomputes_when_the_package_learns_the_year(make_case, monkeypatch):
    case, _code, _pw = make_case(received=D(2026, 12, 28))
    assert case.deadline_provisional
    real = workdays_module.chinese_calendar.is_workday

    def newer_package(day):
        if day.year == 2027:  # pretend an upgrade ships 2027: 1/1-1/3 off only
            return day.weekday() < 5 and day not in {D(2027, 1, 1)}
        return real(day)

    monkeypatch.setattr(workdays_module.chinese_calendar, "is_workday", newer_package)
    services.supervise(today=D(2026, 12, 29))
    case.refresh_from_db()
    assert not case.deadline_provisional and case.deadline == D(2027, 1, 19)
