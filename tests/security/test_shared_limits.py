"""The database counters behind rate limits without Redis (issue 21, finding
4): cms.limits.SharedCounterCache, as base settings configure it.

Django's own DatabaseCache.incr reads, adds and writes back with the default
timeout: parallel requests lose counts, and an hourly window's counter is
dropped after five minutes, so an hourly limit became five-minutely. The
two-worker drill (tests/drills/test_limits_two_workers.py) shows the limit
across real processes; these show the two properties it rests on."""

import datetime
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends import db as db_cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

BASE_LIMITS_CACHE = {
    "BACKEND": "cms.limits.SharedCounterCache",
    "LOCATION": "gongkai_limits_cache",
    "KEY_PREFIX": "gongkai",
    "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
}


@pytest.fixture
def shared_limits(settings):
    settings.CACHES = {**django_settings.CACHES, "limits": BASE_LIMITS_CACHE}
    settings.RATELIMIT_USE_CACHE = "limits"
    call_command("createcachetable", verbosity=0)
    caches["limits"].clear()
    yield caches["limits"]
    caches["limits"].clear()


@pytest.fixture
def clock(monkeypatch):
    """The clock of django-ratelimit's windows and of the cache's expiry, together."""
    now = [float(int(time.time()))]
    monkeypatch.setattr(time, "time", lambda: now[0])
    monkeypatch.setattr(
        db_cache, "tz_now", lambda: datetime.datetime.fromtimestamp(now[0], tz=datetime.UTC).replace(microsecond=0)
    )
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime.fromtimestamp(now[0], tz=datetime.UTC))
    return now


def test_the_base_settings_count_limits_in_the_database_without_redis():
    assert not django_settings.REDIS_URL
    from config.settings import base

    assert base.RATELIMIT_USE_CACHE == "limits" and base.CACHES["limits"] == BASE_LIMITS_CACHE


@pytest.mark.django_db
def test_an_hourly_limit_still_holds_after_ten_minutes(client, make_user, shared_limits, clock, settings):
    from django_ratelimit.core import _get_window

    settings.GONGKAI_PASSWORD_RESET_EMAIL_RATE = "3/h"
    make_user("editor7")
    email = "editor7@example.test"
    end = _get_window(email, 3600)
    if end - clock[0] < 1800:
        clock[0] = float(end + 1)  # the start of the next window: an hour ahead

    def reset(n):
        return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=f"198.51.100.{n}").status_code

    assert [reset(n) for n in range(3)] == [302, 302, 302]
    assert reset(3) == 429
    clock[0] += 10 * 60
    assert reset(4) == 429  # the same window: still refused
    clock[0] = float(_get_window(email, 3600) + 1)
    assert reset(5) == 302  # the next window


@pytest.mark.django_db(transaction=True)
def test_parallel_increments_are_all_counted(shared_limits):
    if connection.vendor == "sqlite":
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    shared_limits.add("counter", 0, 600)
    errors = []

    def count():
        try:
            for _ in range(15):
                shared_limits.incr("counter")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=count) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert shared_limits.get("counter") == 90
