"""Signed-in sessions end after 30 idle minutes and 12 hours after sign-in
(GB/T 22239 level 3; cms/session_policy.py), through the real middleware."""

import time

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from cms import roles

LOGIN_KEY = "gongkai_login_at"
SEEN_KEY = "gongkai_seen_at"


def _age(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_KEY, "seen": SEEN_KEY}[key]] = now - ago
    session.save()


@pytest.fixture
def editor_client(client, make_user, home):
    client.force_login(make_user("sessioned", roles.EDITORS))
    assert client.get("/admin/").status_code == 200
    return client


def test_thirty_idle_minutes_end_the_session(editor_client):
    _age(editor_client, seen=31 * 60)
    response = editor_client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/?next=/admin/pages/")
    assert "_auth_user_id" not in editor_client.session
    messages = [str(m) for m in response.context["messages"]]
    idle = "Your session has ended after %(minutes)s minutes without activity. Please sign in again."
    said = set()
    for language in ("en", "zh-hans"):
        with translation.override(language):
            said.add(translation.gettext(idle) % {"minutes": "30"})
    assert said & set(messages), messages
    assert editor_client.get("/admin/").status_code == 302  # still signed out


def test_activity_keeps_the_session_alive(editor_client):
    _age(editor_client, seen=29 * 60)
    assert editor_client.get("/admin/").status_code == 200
    assert time.time() - editor_client.session[SEEN_KEY] < 5
    _age(editor_client, seen=29 * 60)
    assert editor_client.get("/admin/").status_code == 200


def test_a_session_ends_twelve_hours_after_sign_in_however_active(editor_client):
    _age(editor_client, login=12 * 3600 + 60, seen=10)
    response = editor_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in editor_client.session


def test_limits_come_from_settings(editor_client, settings):
    settings.GONGKAI_SESSION_IDLE_MINUTES = 5
    _age(editor_client, seen=6 * 60)
    assert editor_client.get("/admin/").status_code == 302


def test_an_idle_session_no_longer_opens_restricted_pages(editor_client, tree):
    policy = tree["policy"]
    PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)
    assert editor_client.get(policy.url).status_code == 200
    _age(editor_client, seen=45 * 60)
    response = editor_client.get(policy.url)
    assert response.status_code == 302
    assert policy.title not in response.content.decode()


def test_the_editors_background_ping_is_not_activity(editor_client, tree):
    _age(editor_client, seen=20 * 60)
    before = editor_client.session[SEEN_KEY]
    policy = tree["policy"]
    editor_client.post(f"/admin/editing-sessions/ping/wagtailcore/page/{policy.pk}/0/")
    assert editor_client.session[SEEN_KEY] == before
