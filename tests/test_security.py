"""Security headers, login lockout without user enumeration, and two-factor
authentication for everyone with admin access."""

import re

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms import roles


def test_public_pages_enforce_a_content_security_policy(client, home):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_admin_gets_the_policy_in_report_only_mode(client, home):
    response = client.get("/admin/login/")
    assert "Content-Security-Policy-Report-Only" in response
    assert "Content-Security-Policy" not in response


def _without_tokens(html):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def _attempt(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR="203.0.113.9")


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_login_whether_or_not_the_user_exists(client, make_user):
    make_user("editor1", roles.EDITORS)
    for name in ["editor1", "no-such-user"]:
        for _ in range(3):
            _attempt(client, name, "wrong-password")
    real = _attempt(client, "editor1", "pw-editor1")  # the right password, too late
    fake = _attempt(client, "no-such-user", "pw-editor1")
    assert real.status_code == fake.status_code == 429
    assert _without_tokens(real.content) == _without_tokens(fake.content)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_lockout_is_per_address_so_others_can_still_sign_in(client, make_user):
    make_user("editor2", roles.EDITORS)
    for _ in range(3):
        _attempt(client, "editor2", "wrong")
    response = client.post(
        "/admin/login/", {"username": "editor2", "password": "pw-editor2"}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


@pytest.fixture
def require_2fa(settings):
    settings.GONGKAI_REQUIRE_2FA = True


def test_staff_without_a_device_must_set_one_up(client, make_user, require_2fa, home):
    client.force_login(make_user("reviewer1", roles.DEPARTMENT_REVIEWERS))
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/")


def test_setting_up_a_device_with_a_valid_code_opens_the_admin(client, make_user, require_2fa, home):
    user = make_user("leader1", roles.LEADERS)
    client.force_login(user)
    page = client.get("/admin/2fa/setup/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    good = client.post("/admin/2fa/setup/", {"token": f"{totp(device.bin_key):06d}", "next": "/admin/"})
    assert good.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_confirm_the_device(client, make_user, require_2fa, home):
    user = make_user("leader2", roles.LEADERS)
    client.force_login(user)
    client.get("/admin/2fa/setup/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = f"{(totp(device.bin_key) + 1) % 1000000:06d}"
    response = client.post("/admin/2fa/setup/", {"token": wrong})
    assert response.status_code == 200
    assert "not valid" in response.content.decode() or "无效" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/setup/")


def test_a_new_session_must_verify_again(client, make_user, require_2fa, home):
    user = make_user("handler1", roles.CASE_HANDLERS)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/2fa/verify/")
    client.post("/admin/2fa/verify/", {"token": f"{totp(device.bin_key):06d}"})
    assert client.get("/admin/").status_code == 200


def test_offsite_next_is_ignored_after_verification(client, make_user, require_2fa, home):
    user = make_user("moderator1", roles.COMMENT_MODERATORS)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.post(
        "/admin/2fa/verify/", {"token": f"{totp(device.bin_key):06d}", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"
