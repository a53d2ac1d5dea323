"""A page made private is private at once in every worker.

Two real gunicorn workers without Redis, as a single-server portal runs:
each has its own memory cache, with whole pages cached (PAGE_CACHE_SECONDS)
and fragments, site, route and restriction tables kept per process
(FRAGMENT_CACHE_SECONDS). Both workers have served and cached a live policy.
Then, from another process (this test, as the admin or the task worker
would), the page is restricted to logged-in users, unrestricted, and
unpublished. After each change every anonymous request, whichever worker
takes it, gets what the page now is: the login redirect, the page, a 404;
never the cached copy of what it was."""

import http.client

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from tests.drills.test_slow_clients import server_env, web_server

pytestmark = [pytest.mark.drill, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TRIES = 24


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def fetch(port, path):
    """(status, X-Page-Cache, body) of an anonymous GET on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": "testserver"})
        response = conn.getresponse()
        return response.status, response.getheader("X-Page-Cache"), response.read().decode()
    finally:
        conn.close()


def answers(port, path):
    return [fetch(port, path) for _ in range(TRIES)]


def test_privacy_changes_reach_every_worker_at_once(tree):
    policy = tree["policy"]
    path = policy.get_url()
    env = server_env(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="0",
        DATABASE_URL=database_url(),
        ALLOWED_HOSTS="testserver,127.0.0.1",
        PAGE_CACHE_SECONDS="300",
        FRAGMENT_CACHE_SECONDS="30",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
    )
    with web_server(env) as (port, _process):
        warm = answers(port, path)
        assert {status for status, _, _ in warm} == {200}
        caches = [cache for _, cache, _ in warm]
        assert caches.count("miss") == 2 and "hit" in caches, caches  # both workers hold a copy

        restriction = PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)
        restricted = answers(port, path)
        served = [cache for status, cache, body in restricted if status == 200 or policy.title in body]
        assert not served, f"{len(served)} of {TRIES} anonymous requests got the private page ({served[:3]})"
        assert {status for status, _, _ in restricted} == {302}  # to the login page

        restriction.delete()
        assert {status for status, _, _ in answers(port, path)} == {200}

        policy.unpublish()
        withdrawn = answers(port, path)
        assert {status for status, _, _ in withdrawn} == {404}, [(s, c) for s, c, _ in withdrawn]
