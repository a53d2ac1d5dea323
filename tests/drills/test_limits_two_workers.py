"""A rate limit holds across worker processes on the embedded default
(issue 21, finding 4).

The site as README's production section runs it, minus Redis: `manage.py
migrate` on a SQLite database (which must create the rate-limit table by
itself), then `gunicorn config.wsgi --workers 2` on a loopback port. The
case lookup allows 10 attempts a minute per client; one client sends 30 from
several threads at once. Exactly 10 are answered, the rest get 429, and
gunicorn's access log shows both worker processes answered. Before, each
worker counted in its own memory and the two together let up to 20 through.

The database is a copy of the (already migrated) SQLite test database, so
the drill takes seconds; on a PostgreSQL test run it migrates a fresh SQLite
file instead (about a minute)."""

import contextlib
import http.client
import re
import signal
import sqlite3
import subprocess
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django_ratelimit.core import _get_window

from bench.common import PYTHON, ROOT, bench_env, free_port, manage

# django_db: so that the test database is set up (and is what gets copied).
pytestmark = [pytest.mark.drill, pytest.mark.slow, pytest.mark.django_db]

LIMIT = 10  # CASES_LOOKUP_RATE's default: 10/m
ATTEMPTS = 30


@pytest.fixture
def sqlite_site(tmp_path):
    """A migrated SQLite database file of its own, and the environment that serves it."""
    database = tmp_path / "site.sqlite3"
    if connection.vendor == "sqlite":
        source = sqlite3.connect(connection.settings_dict["NAME"])
        target = sqlite3.connect(database)
        with target:
            source.backup(target)
        source.close()
        target.close()
    env = bench_env(database_url=f"sqlite:///{database}", GONGKAI_VAR_DIR=str(tmp_path / "var"))
    for name in ["REDIS_URL", "CASES_LOOKUP_RATE"]:
        env.pop(name, None)
    # README: `manage.py migrate` and nothing else prepares the database.
    manage("migrate", "--noinput", "-v0", env=env)
    # Counters left in the copied file by another run start from nothing.
    with sqlite3.connect(database) as db:
        if "gongkai_limits_cache" in tables(db):
            db.execute("DELETE FROM gongkai_limits_cache")
    return env, database


def tables(db):
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


@contextlib.contextmanager
def two_workers(env, access_log):
    port = free_port()
    process = subprocess.Popen(
        [
            *(PYTHON, "-m", "gunicorn", "config.wsgi"),
            *("--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
            *("--access-logfile", str(access_log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, "gunicorn exited"
            with contextlib.suppress(OSError):
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not answer")
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def request(port, method, path, body=None, headers=None):
    """(status, headers, text) of one request on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def lookup_form(port):
    """The CSRF cookie and token a browser gets with the lookup form."""
    status, headers, html = request(port, "GET", "/cases/lookup/")
    assert status == 200
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, token


def wait_for_a_fresh_window():
    """All attempts inside one of this client's one-minute windows."""
    left = _get_window("127.0.0.1", 60) - time.time()
    if left < 20:
        time.sleep(left + 1.5)


def test_the_lookup_limit_holds_across_two_workers(sqlite_site, tmp_path):
    env, database = sqlite_site
    access_log = tmp_path / "access.log"
    with two_workers(env, access_log) as port:
        cookie, token = lookup_form(port)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": "GK-NO-SUCH", "password": "wrong"})
        headers = {
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/cases/lookup/",
        }
        wait_for_a_fresh_window()
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda _n: request(port, "POST", "/cases/lookup/", body, headers), range(ATTEMPTS)))
        time.sleep(0.5)  # the access log is written after each response
    statuses = [status for status, _headers, _text in answers]
    assert statuses.count(200) == LIMIT and statuses.count(429) == ATTEMPTS - LIMIT, statuses
    refused = next(headers for status, headers, _text in answers if status == 429)
    assert 0 < int(refused["Retry-After"]) <= 61
    posts = [line.split() for line in access_log.read_text().splitlines() if " POST /cases/lookup/ " in line]
    assert len(posts) == ATTEMPTS
    pids = {pid for pid, *_rest in posts}
    assert len(pids) == 2, f"one worker answered everything ({pids}): the drill proves nothing"
    # The counters are in the table `migrate` created, not in a worker's memory.
    with sqlite3.connect(database) as db:
        assert "gongkai_limits_cache" in tables(db)
        assert db.execute("SELECT COUNT(*) FROM gongkai_limits_cache").fetchone()[0] >= 1
