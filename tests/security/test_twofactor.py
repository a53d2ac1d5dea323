"""Two-factor authentication: no privilege before the second factor, enrolment
only with a grant, a Base32 key, recovery codes and an audited administrator
reset (issue 21, findings 1-3). Through the real middleware and views."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import set_script_prefix
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry, PageViewRestriction
from wagtail.users.models import UserProfile

from cms import roles


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.GONGKAI_REQUIRE_2FA = True


@pytest.fixture
def sub_path():
    # Django's WSGI handler sets the script prefix from SCRIPT_NAME; the test client does not.
    set_script_prefix("/x/")
    yield {"SCRIPT_NAME": "/x"}
    set_script_prefix("/")  # thread-local: must not leak into later tests


def code(device, drift=0):
    # drift=1: the next step's code, accepted once the current one has been used.
    return f"{totp(device.bin_key, drift=drift):06d}"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def verified(user, drift=0):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )
    client = signed_in(user)
    response = client.post("/admin/2fa/verify/", {"token": code(device, drift)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


# --- Finding 1: the check is on path_info, so a sub-path deployment keeps it ---


@pytest.mark.parametrize("path", ["/admin/", "/admin/users/", "/admin/review/audit.csv", "/admin/pages/"])
def test_under_a_sub_path_the_admin_still_asks_for_the_second_factor(make_user, home, sub_path, path):
    admin = make_user("chief", superuser=True)
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = signed_in(admin)
    response = client.get(path, **sub_path)
    assert response.status_code == 302
    assert response["Location"].startswith("/x/admin/2fa/verify/")


def test_under_a_sub_path_a_password_only_post_changes_nothing(make_user, home, sub_path):
    admin = make_user("chief2", superuser=True)
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    victim = make_user("victim", roles.EDITORS)
    client = signed_in(admin)
    response = client.post(f"/admin/users/delete/{victim.pk}/", {}, **sub_path)
    assert response.status_code == 302
    assert response["Location"].startswith("/x/admin/2fa/verify/")
    assert type(victim).objects.filter(pk=victim.pk).exists()


# --- Finding 2: restricted public pages need the second factor too ---


@pytest.fixture
def restricted(tree):
    policy = tree["policy"]
    PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)
    return policy


def test_a_password_only_session_does_not_see_a_login_restricted_page(make_user, restricted):
    editor = make_user("editor-r", roles.EDITORS)
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client = signed_in(editor)
    response = client.get(restricted.url, follow=True)
    assert restricted.title not in response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/admin/2fa/verify/")
    # The verify page brings the user back to the page once the code is given.
    assert f"next={restricted.url}" in response.redirect_chain[-1][0].replace("%2F", "/")


def test_a_password_only_session_does_not_see_a_group_restricted_page(make_user, tree):
    policy = tree["policy"]
    restriction = PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=roles.EDITORS))
    editor = make_user("editor-g", roles.EDITORS)
    client = signed_in(editor)  # not even an authenticator: still nothing
    response = client.get(policy.url)
    assert response.status_code == 302
    assert policy.title not in response.content.decode()


def test_after_the_second_factor_the_restricted_page_opens(make_user, restricted):
    editor = make_user("editor-v", roles.EDITORS)
    client = verified(editor)
    response = client.get(restricted.url)
    assert response.status_code == 200
    assert restricted.title in response.content.decode()


# --- Finding 2: the first device only with a grant ---


def test_a_second_session_with_the_password_cannot_enrol_the_first_device(make_user, home):
    user = make_user("newcomer", roles.EDITORS)
    signed_in(user)  # the account's first sign-in (its owner) holds the first-login window
    intruder = signed_in(user)  # anyone else who knows the password
    page = intruder.get("/admin/2fa/setup/")
    assert page.status_code == 403
    assert "<svg" not in page.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    intruder.post("/admin/2fa/setup/", {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert intruder.get("/admin/pages/")["Location"].startswith("/admin/2fa/setup/")


def test_the_first_login_window_closes_after_its_hours(make_user, home, settings):
    user = make_user("late", roles.EDITORS)
    user.twofactor_grants.update(expires_at=timezone.now() - timedelta(minutes=1))
    client = signed_in(user)
    assert client.get("/admin/2fa/setup/").status_code == 403


def test_the_first_session_enrols_and_gets_recovery_codes_that_work_once(make_user, home):
    user = make_user("fresh", roles.LEADERS)
    client = signed_in(user)
    assert "<svg" in client.get("/admin/2fa/setup/").content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    confirmed = client.post("/admin/2fa/setup/", {"token": code(device), "next": "/admin/"})
    assert confirmed["Location"].startswith("/admin/2fa/recovery/")
    shown = client.get(confirmed["Location"])
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", shown.content.decode())
    assert len(codes) == 10
    assert not re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", client.get(confirmed["Location"]).content.decode())
    assert client.get("/admin/").status_code == 200

    # The phone is lost: a recovery code opens a new session, once.
    other = signed_in(user)
    response = other.post("/admin/2fa/verify/", {"token": codes[0].upper()})
    assert response.status_code == 302
    assert other.get("/admin/").status_code == 200
    again = signed_in(user).post("/admin/2fa/verify/", {"token": codes[0]})
    assert again.status_code == 200
    from django_otp.plugins.otp_static.models import StaticDevice  # not installed before issue 21

    assert StaticDevice.objects.get(user=user).token_set.count() == 9
    assert ModelLogEntry.objects.filter(action="gongkai.twofactor.recovery_used", object_id=str(user.pk)).count() == 1


# --- Finding 3: the manual key is Base32 ---


def test_the_manual_key_is_base32_and_matches_the_qr_code(make_user, home):
    user = make_user("typist", roles.EDITORS)
    client = signed_in(user)
    html = client.get("/admin/2fa/setup/").content.decode()
    shown = re.search(r"<code[^>]*>([^<]+)</code>", html).group(1)
    key = "".join(shown.split())
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert re.fullmatch(r"[A-Z2-7]+", key)
    assert b32decode(key + "=" * (-len(key) % 8)) == device.bin_key
    assert f"secret={key}" in device.config_url


# --- Finding 3: an administrator resets a lost device, audited ---


def test_an_administrator_resets_a_lost_device_and_issues_an_enrolment_link(make_user, home):
    admin = english(make_user("root", superuser=True))
    user = make_user("lostphone", roles.EDITORS)
    old_session = verified(user)
    assert old_session.get("/admin/").status_code == 200
    desk = verified(admin)

    screen = desk.get(f"/admin/2fa/users/{user.pk}/")
    assert screen.status_code == 200
    assert "Authenticator app" in screen.content.decode()
    assert desk.post(f"/admin/2fa/users/{user.pk}/reset/").status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    # The session that passed with the lost phone has lost its second factor.
    assert old_session.get("/admin/")["Location"].startswith("/admin/2fa/setup/")

    issued = desk.post(f"/admin/2fa/users/{user.pk}/link/")
    link = re.search(r'<code id="enrolment-link">http://testserver([^<]+)</code>', issued.content.decode()).group(1)

    # Someone else signed in cannot use it, and it stays usable for its owner.
    other = signed_in(make_user("colleague", roles.EDITORS))
    assert other.get(link).status_code == 404
    client = signed_in(user)
    assert client.get("/admin/2fa/setup/").status_code == 403  # no window any more
    assert client.get(link)["Location"] == "/admin/2fa/setup/"
    assert "<svg" in client.get("/admin/2fa/setup/").content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/admin/2fa/setup/", {"token": code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert signed_in(user).get(link).status_code == 404  # single use

    actions = list(
        ModelLogEntry.objects.filter(object_id=str(user.pk), action__startswith="gongkai.twofactor")
        .order_by("timestamp")
        .values_list("action", "user__username")
    )
    assert ("gongkai.twofactor.reset", "root") in actions
    assert ("gongkai.twofactor.link", "root") in actions
    assert ("gongkai.twofactor.enrol", "lostphone") in actions
    history = desk.get("/admin/reports/site-history/").content.decode()
    assert "Two-factor reset" in history and "Enrolment link issued" in history


def test_only_administrators_reach_the_reset_screen(make_user, home):
    user = make_user("someone", roles.EDITORS)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    for role in [roles.SITE_ADMINISTRATORS, roles.EDITORS, roles.LEADERS]:
        client = verified(make_user(f"not-admin-{role[:4].lower()}", role))
        # Wagtail answers a refusal in its admin with a redirect to the dashboard and a message.
        screen = client.get(f"/admin/2fa/users/{user.pk}/")
        assert screen.status_code == 302 and screen["Location"] == "/admin/"
        assert client.post(f"/admin/2fa/users/{user.pk}/reset/")["Location"] == "/admin/"
        assert TOTPDevice.objects.filter(user=user).exists()
    admin = make_user("selfish", superuser=True)
    desk = verified(admin)
    assert desk.post(f"/admin/2fa/users/{admin.pk}/reset/")["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_the_users_listing_links_to_the_two_factor_screen(make_user, home):
    admin = english(make_user("lister", superuser=True))
    user = make_user("listed", roles.EDITORS)
    html = verified(admin).get("/admin/users/").content.decode()
    assert f"/admin/2fa/users/{user.pk}/" in html


def test_the_operator_command_issues_a_link_when_no_administrator_can(make_user, home):
    from io import StringIO

    from django.core.management import call_command

    admin = make_user("onlyroot", superuser=True)
    TOTPDevice.objects.create(user=admin, name="lost phone", confirmed=True)
    out = StringIO()
    call_command("twofactor_link", "onlyroot", "--reset", stdout=out)
    link = re.search(r"http://testserver(\S+)", out.getvalue()).group(1)
    client = signed_in(admin)
    assert client.get("/admin/2fa/setup/").status_code == 403  # the reset closed every window
    assert client.get(link)["Location"] == "/admin/2fa/setup/"
    assert "<svg" in client.get("/admin/2fa/setup/").content.decode()
