"""Secrets at rest in the case e-mail outbox (issue 21, finding 12).

The receipt e-mail carries the tracking code and password. Neither is ever
written to the outbox (CaseMail) or to django-q2's tables: the receipt is
sent in the request, from memory, and the outbox keeps a copy with both
removed. If the mail server is down, the retry sends that redacted copy.
Staff e-mails show the case's subject masked (cms.personal_data)."""

import re
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from django_q.models import OrmQ, Task

from cms import roles
from interactions.cases import services
from interactions.cases.forms import trap_token
from interactions.cases.models import CaseMail, Category

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.security.test_outbox_secrets.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("mail server down")


@pytest.fixture
def category():
    return Category.objects.create(name="城乡建设", name_en="Urban development", term_days=15)


@pytest.fixture
def letter(category):
    return {
        "category": category.pk,
        "subject": "张三丰反映 13800138000 门前道路破损",
        "body": "人民路12号门前道路破损已有两个月，请尽快修复。",
        "contact_name": "张三丰",
        "contact_phone": "13800138000",
        "contact_email": "zhang@example.test",
        "started": trap_token(timezone.now().timestamp() - 60),
        "website": "",
    }


def receipt_of(client):
    html = client.get(reverse("cases:receipt")).content.decode()
    code = re.search(r'id="tracking-code">([^<]+)<', html).group(1)
    password = re.search(r'id="tracking-password">([^<]+)<', html).group(1)
    return code, password


def stored_text():
    """Everything the outbox and the task queue keep, as text."""
    rows = [f"{m.subject}\n{m.body}" for m in CaseMail.objects.all()]
    rows += [f"{t.func} {t.args!r} {t.kwargs!r} {t.result!r}" for t in Task.objects.all()]
    rows += [str(q.payload) for q in OrmQ.objects.all()]
    return "\n".join(rows)


def test_the_receipt_reaches_the_citizen_and_the_outbox_never_holds_the_code(
    client, home, letter, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:letter"), letter)
    assert response.status_code == 302
    code, password = receipt_of(client)
    [receipt] = [m for m in mailoutbox if m.to == ["zhang@example.test"]]
    assert code in receipt.body and password in receipt.body
    [row] = CaseMail.objects.filter(recipients=["zhang@example.test"])
    assert row.sent_at is not None
    stored = stored_text()
    assert code not in stored and password not in stored


def test_with_the_mail_server_down_the_code_is_not_kept_and_the_retry_sends_the_redacted_receipt(
    client, home, letter, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:letter"), letter)
    assert response.status_code == 302
    code, password = receipt_of(client)  # the receipt page still shows both
    [row] = CaseMail.objects.filter(recipients=["zhang@example.test"])
    assert row.sent_at is None and row.body  # waiting for the retry…
    stored = stored_text()
    assert code not in stored and password not in stored  # …without the secrets

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.deliver_mail(row.pk) is True  # django-q2's retry
    [receipt] = [m for m in mailoutbox if m.to == ["zhang@example.test"]]
    assert code not in receipt.body and password not in receipt.body
    assert "receipt page" in receipt.body or "回执页" in receipt.body
    assert services.deliver_mail(row.pk) is False  # and only once


def test_staff_mail_shows_the_subject_masked(
    client, home, letter, mailoutbox, make_user, django_capture_on_commit_callbacks
):
    supervisor = make_user("supervisor1", roles.CASE_SUPERVISORS)
    supervisor.email = "office@example.test"
    supervisor.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("cases:letter"), letter).status_code == 302
    [staff] = [m for m in mailoutbox if m.to == ["office@example.test"]]
    assert "13800138000" not in staff.subject + staff.body
    assert "张三丰" not in staff.subject + staff.body and "张**" in staff.body
    assert "门前道路破损" in staff.body  # the rest of the subject stays readable
    for row in CaseMail.objects.filter(recipients=["office@example.test"]):
        assert "13800138000" not in row.subject + row.body


def test_unsent_rows_from_before_are_redacted_by_the_migration(category):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("interactions.cases.migrations.0009_redact_outbox_secrets")
    case, code, password = services.create_case(
        channel="letter", subject="道路破损", body="请修复。", contact_email="a@example.test", category=category
    )
    old_body = f"您的来件 {case.reference}\n\n查询码：{code}\n查询密码：{password}\n请访问 http://x/cases/lookup/"
    row = CaseMail.objects.create(case=case, subject="s", body=old_body, recipients=["a@example.test"])
    sent = CaseMail.objects.create(
        case=case, subject="s", body="", recipients=["a@example.test"], sent_at=timezone.now()
    )
    migration.redact_unsent(apps, None)
    row.refresh_from_db()
    assert code not in row.body and password not in row.body
    assert case.reference in row.body and "http://x/cases/lookup/" in row.body
    sent.refresh_from_db()
    assert sent.body == ""
