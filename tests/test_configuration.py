"""Bad configuration stops with one clear line naming the problem."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_names_the_variable():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="gov.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_allowed_hosts_names_the_variable():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_passes_deploy_checks_when_configured():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3,
        ALLOWED_HOSTS="gov.example",
        REVIEW_SIGNING_KEYS="ci:" + "r3v13w" * 8,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_unreachable_database_gives_a_clear_error():
    result = run_manage(
        "migrate", DJANGO_SETTINGS_MODULE="config.settings.dev", DATABASE_URL="postgres://nobody@127.0.0.1:1/gongkai"
    )
    assert result.returncode == 3
    assert "Cannot use the" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_search_engine_is_refused():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.dev", SEARCH_ENGINE="solr")
    assert result.returncode != 0
    assert "SEARCH_ENGINE" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_database_outage_during_a_request_gives_a_friendly_503(client, home, monkeypatch):
    from django.db.utils import OperationalError

    from home.models import HomePage

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(HomePage, "get_context", broken)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "服务暂时不可用" in response.content.decode()


@pytest.mark.django_db
def test_database_outage_outside_a_view_also_gives_503(rf):
    from django.db.utils import OperationalError

    from cms.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


def test_other_errors_still_give_500(rf):
    from cms.views import server_error

    try:
        raise ValueError("bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
