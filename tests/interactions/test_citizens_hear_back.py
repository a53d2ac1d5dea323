"""Citizens hear back (issue 20), the comment side: a commenter who ticks
"e-mail me" and gives an address gets one e-mail when a moderator publishes
or rejects the comment (with the reason given to the public), and one when
the consultation's outcome is published (what was done with each of their
comments, with the public reason, never the internal note). Nobody else
gets anything but the receipt; no event is sent twice.

Everything goes through the real public form and the real moderation and
outcome screens. django-q2 runs synchronously in tests; the notices are
queued when the moderator's transaction commits, so each staff action runs
inside `django_capture_on_commit_callbacks(execute=True)`.

Mail texts are gettext'ed: they are asserted by their data (title, address,
reason, disposition label through the catalogue), not by Chinese wording."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from interactions.models import Comment, ConsultationPage, RejectReason

from .html_forms import form_fields

PUBLIC_REASON = "上位法已有规定，本条不再重复QWPUB"
INTERNAL_NOTE = "司法局意见：暂不公开QWINT"
EXPLANATION = "意见含有与征求意见稿无关的广告内容QWEXP"


def send_comment(client, page, body, email="", notify=True):
    html = client.get(page.url).content.decode()
    data = form_fields(html, "#comment-form form")
    data.update(body=body, consent_publish="on", contact_email=email)
    if notify:
        data["notify_by_email"] = "on"
    response = client.post(page.url + "comment/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Comment.objects.get(body=body)


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def staff(client, moderator):
    staff = type(client)()
    staff.force_login(moderator)
    return staff


def moderate(staff, comment, captured, **data):
    with captured(execute=True):
        response = staff.post(reverse("interactions_admin:detail", args=[comment.pk]), {"ids": [comment.pk], **data})
    assert response.status_code == 302
    comment.refresh_from_db()


def test_published_rejected_and_outcome_each_reach_the_commenter_once(
    client, consultation, staff, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    kept = send_comment(client, consultation, "建议明确大型犬的认定标准。", "kept@example.com")
    refused = send_comment(client, consultation, "本店代办养犬登记，价格优惠。", "refused@example.com")
    quiet = send_comment(client, consultation, "希望增加流浪犬收容点。", "quiet@example.com", notify=False)
    assert kept.notify_by_email and refused.notify_by_email and not quiet.notify_by_email
    receipts = len(mail.outbox)
    assert receipts == 3  # one receipt each, with its tracking code

    moderate(staff, kept, captured, action="approve")
    moderate(staff, quiet, captured, action="approve")
    reason = RejectReason.objects.create(label="广告", public_explanation=EXPLANATION)
    moderate(staff, refused, captured, action="reject", reason=reason.pk)
    assert kept.status == Comment.PUBLISHED and refused.status == Comment.REJECTED

    (published,) = mails_to("kept@example.com")[1:]
    assert consultation.title in published.subject
    assert f"{consultation.full_url}#comment-{kept.pk}" in published.body
    assert "建议明确大型犬的认定标准" in published.body
    (rejected,) = mails_to("refused@example.com")[1:]
    assert consultation.title in rejected.subject and EXPLANATION in rejected.body
    assert mails_to("quiet@example.com")[1:] == []
    # The history says the citizen was told.
    assert kept.log_entries.filter(action="notice_sent").count() == 1

    # Approving again (a second moderator, a double click) sends nothing new.
    moderate(staff, kept, captured, action="approve")
    assert len(mails_to("kept@example.com")) == 2

    # The consultation closes; dispositions; the outcome is published.
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=30), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    dispose = {"action": "dispose", "disposition": Comment.NOT_ADOPTED, "note": PUBLIC_REASON}
    moderate(staff, kept, captured, **dispose, internal_note=INTERNAL_NOTE)
    moderate(staff, quiet, captured, action="dispose", disposition=Comment.ADOPTED)
    outcome_url = reverse("interactions_admin:outcome", args=[consultation.pk])
    with captured(execute=True):
        staff.post(outcome_url, {"summary": "共收到意见3条，采纳1条。", "publish": "1"})
    consultation.refresh_from_db()
    assert consultation.outcome_is_published

    (outcome,) = mails_to("kept@example.com")[2:]
    assert consultation.title in outcome.subject
    with translation.override("zh-hans"):
        not_adopted = str(dict(Comment.DISPOSITIONS)[Comment.NOT_ADOPTED])
    assert not_adopted in outcome.body and PUBLIC_REASON in outcome.body
    assert INTERNAL_NOTE not in outcome.body
    assert "共收到意见3条" in outcome.body and consultation.full_url in outcome.body
    # The rejected commenter asked too: told the outcome, without a disposition.
    (refused_outcome,) = mails_to("refused@example.com")[2:]
    assert consultation.title in refused_outcome.subject and not_adopted not in refused_outcome.body
    assert mails_to("quiet@example.com")[1:] == []

    # Running the outcome task again (a retry) sends nothing twice.
    from interactions import notices

    with captured(execute=True):
        notices.send_outcome_notices(consultation.outcome.pk)
    assert len(mails_to("kept@example.com")) == 3 and len(mails_to("refused@example.com")) == 3


def test_asking_for_e_mail_needs_an_address(client, consultation):
    html = client.get(consultation.url).content.decode()
    data = form_fields(html, "#comment-form form")
    data.update(body="请公布听证会时间。", consent_publish="on", notify_by_email="on")
    response = client.post(consultation.url + "comment/", data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() and "请公布听证会时间。" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_commenter_who_did_not_ask_hears_nothing_more(
    client, consultation, staff, django_capture_on_commit_callbacks
):
    comment = send_comment(client, consultation, "建议放宽小型犬的登记条件。", "once@example.com", notify=False)
    moderate(staff, comment, django_capture_on_commit_callbacks, action="approve")
    assert len(mails_to("once@example.com")) == 1  # the receipt only
