"""Honest limits (issue 20, defect 10): a client over a limit is told the real
remaining wait, in `Retry-After` and in the message (both languages), and
the wait is true: one second before it ends the form is still refused, at
its end it is accepted.

The letter form's limit is counted per hour (CASES_SUBMIT_RATE, 10/h by
default): before, it answered "wait a minute" with Retry-After: 60 while
the block lasted up to an hour. django-ratelimit's windows are fixed per
client (their end shifted by a hash of the address), so the test reads where
this client's window ends and places the clock well inside it."""

import math
import re
import time

import pytest
from django_ratelimit.core import _get_window

from accountability.models import Survey

ADDRESS = "198.51.100.7"


def wait_in_words(seconds, language):
    """How the page should say a wait of 50-60 minutes, rounded up to the minute."""
    minutes = math.ceil(seconds / 60)
    if minutes == 60:
        return "1 小时" if language == "zh-hans" else "1 hour"
    return f"{minutes} 分钟" if language == "zh-hans" else f"{minutes} minutes"


@pytest.fixture
def clock(monkeypatch):
    """time.time() under the test's control, starting in the middle of this
    client's hourly window (at least 50 minutes before it ends)."""
    now = [float(int(time.time()))]
    monkeypatch.setattr(time, "time", lambda: now[0])
    end = _get_window(ADDRESS, 3600)
    if end - now[0] < 3000:
        now[0] = float(end + 1)  # the next window: a whole hour ahead
    return now


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def limited_until_the_window_ends(client, clock, url, data, *, period=3600):
    """Send `data` until refused; check the refusal's wait; return it."""
    for _n in range(50):
        response = client.post(url, data, REMOTE_ADDR=ADDRESS)
        if response.status_code == 429:
            break
    else:
        raise AssertionError("never limited")
    wait = int(response["Retry-After"])
    # The window `end` still holds at the second `end` itself; the next starts at end + 1.
    expected = _get_window(ADDRESS, period) + 1 - int(clock[0])
    assert wait == expected and wait > 60 * 50, (wait, expected)
    html = response.content.decode()
    # The message gives the same wait, in Chinese and in English, and no "one minute".
    assert wait_in_words(wait, "zh-hans") in html and wait_in_words(wait, "en") in html
    assert "一分钟" not in html and "a minute" not in html
    assert "no-store" in response["Cache-Control"]
    # True: refused one second before the end, accepted at the end.
    clock[0] += wait - 1
    assert client.post(url, data, REMOTE_ADDR=ADDRESS).status_code == 429
    clock[0] += 1
    assert client.post(url, data, REMOTE_ADDR=ADDRESS).status_code != 429
    return wait


@pytest.mark.django_db
def test_the_letter_limit_gives_the_real_wait(client, home, clock, settings):
    settings.CASES_SUBMIT_RATE = "3/h"
    # An empty form is counted like any other post (and answered 400 in words).
    limited_until_the_window_ends(client, clock, "/cases/letter/", {})


@pytest.mark.django_db
def test_the_survey_limit_gives_the_real_wait(client, home, clock, settings):
    settings.ACCOUNTABILITY_SURVEY_RATE = "2/h"
    Survey.objects.create(title="教育局服务满意度评议", slug="education", service="入学咨询")
    limited_until_the_window_ends(client, clock, "/evaluation/education/", {"overall": "5"})


@pytest.mark.django_db
def test_the_429_page_in_english_reads_english_first(client, home, clock, settings):
    settings.CASES_SUBMIT_RATE = "1/h"
    client.post("/en/cases/letter/", {}, REMOTE_ADDR=ADDRESS)
    response = client.post("/en/cases/letter/", {}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 429
    html = response.content.decode()
    sections = re.findall(r'<section lang="([^"]+)"', html)
    assert sections[:2] == ["en", "zh-hans"]
    assert f"try again in {wait_in_words(int(response['Retry-After']), 'en')}" in html


def test_wait_text_rounds_up_to_the_minute():
    from cms.limits import wait_text

    assert wait_text(45, "zh-hans") == "45 秒" and wait_text(1, "en") == "1 second"
    assert wait_text(61, "en") == "2 minutes" and wait_text(3600, "zh-hans") == "1 小时"
    assert wait_text(3599, "en") == "1 hour" and wait_text(3661, "en") == "1 hour 2 minutes"
