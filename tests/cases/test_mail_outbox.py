"""Case e-mails go through an outbox (CaseMail) so that django-q2 handing a
task out again (a worker killed mid-task) does not send the same e-mail twice."""

import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django_q.models import Task

from interactions.cases import services
from interactions.cases.models import CaseMail

FAILING_BACKEND = "tests.cases.test_mail_outbox.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("mail server down")


def applicant_mails(case):
    return [mail for mail in CaseMail.objects.filter(case=case) if mail.recipients == [case.contact_email]]


def test_applicant_mail_is_stored_and_sent_once(make_case, handler, mailoutbox, run_on_commit):
    case, _code, _pw = make_case()
    with run_on_commit():
        services.request_correction(case, handler, "请补充身份证明。")
    [mail] = applicant_mails(case)
    assert mail.recipients == [case.contact_email] and case.reference in mail.subject
    assert [m.to for m in mailoutbox] == [[case.contact_email]]
    assert "请补充身份证明。" in mailoutbox[0].body and mailoutbox[0].subject == mail.subject
    # Claimed and sent; the body (it can hold a code and password) is not kept.
    assert mail.sent_at is not None and mail.body == ""
    # Handed to django-q2 under a name of its own.
    assert Task.objects.filter(name=f"cases-mail-{mail.pk}", success=True).exists()


def test_redelivered_task_sends_nothing_more(make_case, handler, mailoutbox, run_on_commit):
    case, _code, _pw = make_case()
    with run_on_commit():
        services.request_correction(case, handler, "请补充身份证明。")
    [mail] = applicant_mails(case)
    sent_at = mail.sent_at
    assert len(mailoutbox) == 1
    # django-q2 hands the same task out again after a worker was killed.
    assert services.deliver_mail(mail.pk) is False
    assert len(mailoutbox) == 1
    mail.refresh_from_db()
    assert mail.sent_at == sent_at


def test_failed_send_releases_the_claim_and_a_retry_sends_once(make_case, handler, mailoutbox, run_on_commit, settings):
    case, _code, _pw = make_case()
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with run_on_commit():
        # Sync django-q2 re-raises the failure; the robust on_commit hand-over
        # logs it and the step itself stands.
        services.request_correction(case, handler, "请补充身份证明。")
    case.refresh_from_db()
    assert case.status == "correction"
    [mail] = applicant_mails(case)
    assert mail.sent_at is None and mail.body and not mailoutbox
    with pytest.raises(smtplib.SMTPException):
        services.deliver_mail(mail.pk)  # still down
    mail.refresh_from_db()
    assert mail.sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.deliver_mail(mail.pk) is True  # django-q2's retry
    assert services.deliver_mail(mail.pk) is False  # and a redelivery of it
    assert [m.to for m in mailoutbox] == [[case.contact_email]]
    assert "请补充身份证明。" in mailoutbox[0].body
    mail.refresh_from_db()
    assert mail.sent_at is not None


def test_nothing_is_queued_for_no_recipients(db):
    assert services.send(["", None], "subject", "cases/emails/staff.txt", {}) is None
    assert not CaseMail.objects.exists()


def test_a_rolled_back_action_sends_nothing(make_case, handler, mailoutbox, run_on_commit):
    """The hand-over waits for the commit: an action that fails sends no e-mail."""
    from django.db import transaction

    case, _code, _pw = make_case()
    with run_on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        services.request_correction(case, handler, "请补充身份证明。")
        raise RuntimeError
    assert not mailoutbox and not applicant_mails(case)
