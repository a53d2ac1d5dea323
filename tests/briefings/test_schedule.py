"""Upcoming-briefing calendar and the iCalendar feed (parsed with icalendar)."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def test_calendar_lists_upcoming_briefings_with_recurrences(client, briefing_index, make_briefing):
    now = timezone.now()
    make_briefing("past", title="上月发布会", starts_at=now - datetime.timedelta(days=30))
    make_briefing("special", title="专题发布会", kind="special", starts_at=now + datetime.timedelta(days=3))
    make_briefing(
        "routine", title="例行发布会", starts_at=now + datetime.timedelta(days=1), recurrence="FREQ=WEEKLY;COUNT=3"
    )

    entries = briefing_index.calendar()
    assert [entry["page"].title for entry in entries] == ["例行发布会", "专题发布会", "例行发布会", "例行发布会"]
    assert [entry["recurring"] for entry in entries] == [True, False, True, True]
    assert entries == sorted(entries, key=lambda entry: entry["starts_at"])

    html = client.get(briefing_index.url).content.decode()
    assert html.count("例行发布会") == 3
    assert "上月发布会" in html  # under past briefings
    assert f'href="{briefing_index.url}calendar/"' in html


def test_icalendar_feed_parses(client, briefing_index, make_briefing):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    make_briefing(
        "routine",
        title="例行新闻发布会",
        venue="新闻发布厅",
        summary="每周二例行发布。",
        starts_at=starts,
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    make_briefing("draft", title="草稿发布会", live=False, starts_at=starts)

    response = client.get(briefing_index.url + "calendar/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")

    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "例行新闻发布会"
    assert str(event["LOCATION"]) == "新闻发布厅"
    assert event.decoded("DTSTART") == starts
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["TU"]
    assert str(event["URL"]).endswith("/briefings/routine/")
    assert str(event["UID"]).startswith("briefing-")


def test_briefing_without_recurrence_occurs_once(make_briefing):
    now = timezone.now()
    page = make_briefing(starts_at=now + datetime.timedelta(days=1))
    assert page.occurrences(now, now + datetime.timedelta(days=30)) == [page.starts_at]
    assert page.occurrences(now + datetime.timedelta(days=2), now + datetime.timedelta(days=30)) == []


@pytest.mark.parametrize("until", ["UNTIL=20991231", "UNTIL=20991231T235959", "UNTIL=20991231T155959Z"])
def test_recurrence_until_in_any_form(make_briefing, until):
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    page = make_briefing(live=False, starts_at=starts, recurrence=f"FREQ=WEEKLY;{until}")
    page.full_clean()
    times = page.occurrences(timezone.now(), timezone.now() + datetime.timedelta(days=20))
    assert len(times) == 3
    assert all(timezone.localtime(when).hour == 10 for when in times)
