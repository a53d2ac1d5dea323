"""The iCalendar feed of a briefing index: one event per briefing, routine
briefings with their RRULE so calendar apps repeat them."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur


def build_calendar(index, request=None):
    calendar = Calendar()
    calendar.add("prodid", "-//Gongkai//briefings//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", index.title)
    calendar.add("x-wr-timezone", timezone.get_default_timezone_name())
    for briefing in index.briefings().order_by("starts_at"):
        event = Event()
        event.add("uid", f"briefing-{briefing.translation_key}-{briefing.locale.language_code}@gongkai")
        event.add("summary", briefing.title)
        event.add("dtstart", timezone.localtime(briefing.starts_at))
        event.add("dtend", timezone.localtime(briefing.ends_at or briefing.starts_at + datetime.timedelta(hours=1)))
        event.add("dtstamp", briefing.last_published_at or timezone.now())
        if briefing.venue:
            event.add("location", briefing.venue)
        if briefing.summary:
            event.add("description", briefing.summary)
        url = briefing.get_full_url(request)
        if url:
            event.add("url", url)
        event.add("categories", [briefing.get_kind_display()])
        if briefing.recurrence:
            text = briefing.recurrence.strip()
            if text.upper().startswith("RRULE:"):
                text = text[6:]
            event.add("rrule", vRecur.from_ical(text))
        calendar.add_component(event)
    return calendar


def calendar_response(index, request):
    response = HttpResponse(build_calendar(index, request).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="briefings.ics"'
    return response
