"""A production-like stack for the reliability drills: a private PostgreSQL
server, a migrated demo site and gunicorn with two workers, all on 127.0.0.1.

Built once per test session (it takes a minute) and only when a drill runs.
Drills never use the test database the rest of the suite works in."""

import json
import subprocess

import pytest

from bench.common import PYTHON, ROOT, bench_env, gunicorn, manage
from tests.drills.pgcluster import PrivatePostgres


@pytest.fixture(scope="session")
def drill_stack():
    pg = PrivatePostgres().init()
    env = bench_env(
        database_url=pg.url,
        SEARCH_ENGINE="database",
        BENCH_Q_SYNC="1",
        PAGE_CACHE_SECONDS="0",
        INTERACTIONS_COMMENT_RATE="1000000/m",
        INTERACTIONS_MIN_FILL_SECONDS="0",
        CASES_SUBMIT_RATE="1000000/m",
        CASES_MIN_FILL_SECONDS="0",
        DB_CONNECT_TIMEOUT="2",
    )
    try:
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_demo", env=env, capture=True)
        urls = (
            subprocess.run([PYTHON, "-c", SHOW_URLS], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        with gunicorn(env, workers=2, threads=8) as (base, _process):
            yield {"pg": pg, "env": env, "base": base, **json.loads(urls)}
    finally:
        pg.destroy()


SHOW_URLS = """
import json, django
django.setup()
from interactions.models import ConsultationPage
page = [p for p in ConsultationPage.objects.live().filter(locale__language_code="zh-hans") if p.is_open][0]
print(json.dumps({"consultation": page.url}))
"""
