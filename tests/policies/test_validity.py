"""Validity lifecycle: the scheduled task flips valid → expired, and documents
no longer valid stay online with a banner and a link to their successor."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_q.models import Schedule
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.bootstrap import ensure_base_rows
from policies.models import PolicyPage
from policies.tasks import SCHEDULE_NAME, expire_policies

from .conftest import either


def test_schedule_exists_once_and_reseeding_is_idempotent(db):
    ensure_base_rows()
    ensure_base_rows()
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert schedule.func == "policies.tasks.expire_policies"
    assert schedule.schedule_type == Schedule.DAILY


def test_task_expires_documents_on_their_expiry_date(make_policy, today):
    due = make_policy("到期文件", expires_on=today + datetime.timedelta(days=3))
    later = make_policy("未到期文件", expires_on=today + datetime.timedelta(days=30))
    forever = make_policy("长期有效文件")
    assert expire_policies(today + datetime.timedelta(days=2)) == 0
    assert expire_policies(today + datetime.timedelta(days=3)) == 1
    assert PolicyPage.objects.get(pk=due.pk).validity == "expired"
    assert PolicyPage.objects.get(pk=later.pk).validity == "valid"
    assert PolicyPage.objects.get(pk=forever.pk).validity == "valid"
    # The next edit starts from "expired", not from the old revision's "valid".
    assert PolicyPage.objects.get(pk=due.pk).get_latest_revision_as_object().validity == "expired"
    assert PolicyPage.objects.get(pk=due.pk).live


def test_task_runs_through_django_q(make_policy, today):
    from django_q.tasks import async_task, result

    make_policy("今天到期", expires_on=today + datetime.timedelta(days=1))
    task_id = async_task("policies.tasks.expire_policies", today + datetime.timedelta(days=1))
    assert result(task_id) == 1


def test_banner_and_successor_link(client, make_policy):
    successor = make_policy("新文件", document_number="示府〔2026〕60号")
    old = make_policy("旧文件", validity="repealed", superseded_by=successor)
    html = client.get(old.url).content.decode()
    assert 'class="banner warning validity-banner"' in html
    assert either(html, "This document has been repealed.", "本文件已废止。")
    assert f'<a href="{successor.url}">新文件</a>' in html
    assert "validity-banner" not in client.get(successor.url).content.decode()


def test_expired_banner_names_the_date(client, make_policy, today):
    policy = make_policy("过期文件", expires_on=today + datetime.timedelta(days=1))
    expire_policies(today + datetime.timedelta(days=1))
    html = client.get(policy.url).content.decode()
    assert "validity-banner" in html
    assert (today + datetime.timedelta(days=1)).isoformat() in html


def test_edit_form_refuses_a_valid_document_past_its_expiry_date(make_policy, superuser, today):
    policy = make_policy()
    form_class = PolicyPage.get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "title": policy.title,
            "slug": policy.slug,
            "validity": "valid",
            "kind": "normative",
            "disclosure_mode": "proactive",
            "expires_on": (today - datetime.timedelta(days=1)).isoformat(),
            "issuers": [d.pk for d in policy.issuers.all()],
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    form = form_class(data=data, instance=policy, for_user=superuser)
    assert not form.is_valid()
    assert "expiry date has passed" in str(form.errors["validity"])


def test_clean_explains_inconsistent_dates_and_validity(make_policy, today):
    policy = make_policy()
    policy.validity = "amended"
    with pytest.raises(ValidationError, match="amends it"):
        policy.full_clean()
    policy.validity = "valid"
    policy.written_on = today
    policy.effective_on = today - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="before the date it was written"):
        policy.full_clean()


def test_public_change_notes_are_separate_from_internal_revisions(client, make_policy):
    from cms.demo import publish

    policy = make_policy("有修订说明的文件")
    policy.title = "有修订说明的文件（修订）"
    publish(policy)  # no note: an internal correction
    policy.change_note = "调整第二条适用范围。"
    publish(policy)
    policy.save_revision(log_action=True)  # an unpublished draft
    policy.change_note = "内部草稿说明"
    policy.save_revision()
    html = client.get(PolicyPage.objects.get(pk=policy.pk).url).content.decode()
    assert "调整第二条适用范围。" in html
    assert "内部草稿说明" not in html
    assert html.count('<ol class="change-history">') == 1
    assert list(PolicyPage.objects.get(pk=policy.pk).changes.values_list("note", flat=True)) == ["调整第二条适用范围。"]
