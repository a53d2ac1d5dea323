"""The security audit log (等保 level 3, 网络安全法第二十一条): sign-ins, the
second factor, permission changes, exports, backups and restores are
recorded in Wagtail's audit log; the web office downloads them as CSV; they
are kept at least 180 days and then purged by a django-q2 schedule."""

import csv
import io
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_q.models import Schedule
from wagtail.models import ModelLogEntry

from cms import roles, security_audit

pytestmark = pytest.mark.django_db


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("timestamp"))


def exported(client):
    response = client.get(reverse("security_audit_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_sign_in_success_and_failure_through_the_admin_login(make_user, home):
    user = make_user("editor1", roles.EDITORS)
    client = Client(REMOTE_ADDR="203.0.113.7")
    login = reverse("wagtailadmin_login")
    client.post(login, {"username": "editor1", "password": "wrong-password"})
    client.post(login, {"username": "nobody", "password": "whatever-secret"})
    assert client.post(login, {"username": "editor1", "password": "pw-editor1"}).status_code == 302

    failed = entries(security_audit.LOGIN_FAILED)
    assert [e.label for e in failed] == ["editor1", "nobody"]
    assert failed[0].object_id == str(user.pk) and failed[1].object_id == "-"
    assert all(e.data["ip"] == "203.0.113.7" for e in failed)
    assert "wrong-password" not in str([e.data for e in failed])
    [ok] = entries(security_audit.LOGIN)
    assert ok.user == user and ok.data["ip"] == "203.0.113.7"


def test_second_factor_verified_and_refused_are_logged(make_user, home, settings):
    settings.GONGKAI_REQUIRE_2FA = True
    admin = make_user("admin1", superuser=True)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = Client()
    client.force_login(admin)
    client.post("/admin/2fa/verify/", {"token": "000000" if totp(device.bin_key) else "111111"})
    assert [e.user for e in entries(security_audit.VERIFY_FAILED)] == [admin]
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post("/admin/2fa/verify/", {"token": f"{totp(device.bin_key):06d}"}).status_code == 302
    assert [e.user for e in entries(security_audit.VERIFIED)] == [admin]


def test_group_and_flag_changes_in_the_admin_are_logged_with_who_made_them(make_user, home):
    admin = make_user("admin1", superuser=True)
    target = make_user("editor1", roles.EDITORS)
    client = Client()
    client.force_login(admin)
    leaders = Group.objects.get(name=roles.LEADERS)
    ModelLogEntry.objects.filter(action=security_audit.PERMISSIONS).delete()  # those of the fixtures
    response = client.post(
        reverse("wagtailusers_users:edit", args=[target.pk]),
        {
            "username": "editor1",
            "email": "editor1@example.test",
            "first_name": "E",
            "last_name": "One",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [str(leaders.pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changes = [e for e in entries(security_audit.PERMISSIONS) if e.object_id == str(target.pk)]
    assert all(e.user == admin for e in changes)
    data = [e.data for e in changes]
    assert any(d.get("added") == [roles.LEADERS] for d in data)
    assert any(d.get("removed") == [roles.EDITORS] for d in data)
    assert any(d.get("flags", {}).get("is_superuser") == [False, True] for d in data)


def test_exports_are_logged_and_the_web_office_downloads_the_log(make_user, home):
    office = make_user("office1", roles.SITE_ADMINISTRATORS)
    admin = make_user("admin1", superuser=True)
    client = Client()
    client.force_login(admin)
    assert client.get(reverse("cms_review_audit_csv")).status_code == 200
    [export] = entries(security_audit.EXPORT)
    assert export.user == admin and export.data["path"] == reverse("cms_review_audit_csv")

    office_client = Client()
    office_client.force_login(office)
    rows = exported(office_client)
    actions = {row["action"] for row in rows}
    assert {security_audit.LOGIN, security_audit.EXPORT} <= actions
    assert any(row["user"] == "admin1" and row["action"] == security_audit.EXPORT for row in rows)
    # Downloading the log is itself logged.
    assert entries(security_audit.EXPORT)[-1].user == office


@pytest.mark.parametrize("role", [roles.EDITORS, roles.LEADERS, roles.CASE_SUPERVISORS])
def test_other_roles_cannot_download_the_log(make_user, home, role):
    client = Client()
    client.force_login(make_user("someone", role))
    assert client.get(reverse("security_audit_export")).status_code in (302, 403)


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_are_logged(home, tmp_path, settings):
    settings.BACKUP_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "site.gkbackup"
    call_command("backup", str(archive), stdout=io.StringIO())
    [backup] = entries(security_audit.BACKUP)
    assert backup.data["sha256"] and backup.data["archive"] == str(archive)
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    [restore] = entries(security_audit.RESTORE)  # in the restored database
    assert restore.data["differences"] == []


def test_entries_are_kept_180_days_at_least_then_purged_by_a_daily_schedule(make_user, settings):
    settings.AUDIT_RETENTION_DAYS = 30  # too short: 180 applies
    user = make_user("editor1")
    now = timezone.now()
    for days, action in ((170, security_audit.LOGIN), (200, security_audit.LOGIN), (200, "wagtail.edit")):
        entry = security_audit.record(action, instance=user, user=user)
        ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=now - timedelta(days=days))
    assert security_audit.purge(now) == 1
    kept = ModelLogEntry.objects.filter(object_id=str(user.pk))
    assert sorted((e.action, (now - e.timestamp).days) for e in kept) == [
        (security_audit.LOGIN, 170),
        ("wagtail.edit", 200),  # the editorial history is not purged
    ]
    schedule = Schedule.objects.get(name=security_audit.SCHEDULE_NAME)
    assert schedule.func == "cms.security_audit.purge" and schedule.schedule_type == Schedule.DAILY


def test_production_writes_rotated_log_files(tmp_path):
    from tests.test_configuration import run_manage

    result = run_manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('gongkai.security').info('probe-security');"
        "logging.getLogger('django').warning('probe-app');"
        "from logging.handlers import TimedRotatingFileHandler as T;"
        "print(sorted(type(h).__name__ for h in logging.getLogger().handlers))",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3,
        ALLOWED_HOSTS="gov.example",
        REVIEW_SIGNING_KEYS="k1:" + "x" * 40,
        LOG_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "TimedRotatingFileHandler" in result.stdout
    assert "probe-security" in (tmp_path / "security.log").read_text()
    assert "probe-app" in (tmp_path / "app.log").read_text()


def test_the_exported_log_neutralises_cells_starting_with_a_tab_or_carriage_return(make_user, home):
    office = make_user("office1", roles.SITE_ADMINISTRATORS)
    security_audit.record(security_audit.LOGIN_FAILED, label='\t=HYPERLINK("http://evil")')
    security_audit.record(security_audit.LOGIN_FAILED, label="\r=1+1")
    client = Client()
    client.force_login(office)
    labels = {row["label"] for row in exported(client)}
    assert {'\'\t=HYPERLINK("http://evil")', "'\r=1+1"} <= labels
