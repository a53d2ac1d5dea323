"""同步解读: a major policy goes live only together with an approved
interpretation, on every publication path."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from cms.demo import publish
from cms.publication import PublicationRefused
from policies.models import InterpretationPage, PendingRelease, PolicyPage

from .conftest import either


def test_major_policy_without_interpretation_is_refused_with_a_clear_message(make_policy):
    policy = make_policy(is_major=True, live=False, title="重大政策甲")
    with pytest.raises(PublicationRefused) as error:
        policy.get_latest_revision().publish()
    message = str(error.value)
    assert "重大政策甲" in message and "approved interpretation" in message
    assert "No interpretation of it exists yet" in message
    policy.refresh_from_db()
    assert not policy.live and policy.index_number == ""


def test_message_names_interpretations_still_waiting(make_policy, make_interpretation):
    policy = make_policy(is_major=True, live=False)
    make_interpretation(policy, "还在起草的解读", live=False)
    with pytest.raises(PublicationRefused, match="还在起草的解读"):
        policy.get_latest_revision().publish()


def test_policy_without_issuer_is_refused(make_policy):
    policy = make_policy(live=False, issuers=[])
    with pytest.raises(PublicationRefused, match="issuing authority"):
        policy.get_latest_revision().publish()


def test_approved_interpretation_waits_and_goes_live_with_the_policy(make_policy, make_interpretation):
    policy = make_policy(is_major=True, live=False)
    interpretation = make_interpretation(policy)  # "published" = approved: held
    assert not interpretation.live
    assert PendingRelease.objects.filter(interpretation=interpretation).exists()

    publish(policy)
    policy.refresh_from_db()
    interpretation = InterpretationPage.objects.get(pk=interpretation.pk)
    assert policy.live and interpretation.live
    assert interpretation.first_published_at == policy.first_published_at
    assert not PendingRelease.objects.exists()
    assert list(policy.live_interpretations()) == [interpretation]


def test_ordinary_policy_and_its_interpretations_publish_independently(make_policy, make_interpretation):
    policy = make_policy(live=False)
    interpretation = make_interpretation(policy)
    assert interpretation.live  # not major: no waiting
    publish(policy)
    assert PolicyPage.objects.get(pk=policy.pk).live


def test_live_major_policy_can_be_edited_while_its_interpretation_is_live(make_policy, make_interpretation):
    policy = make_policy(is_major=True, live=False)
    make_interpretation(policy)
    publish(policy)
    policy.title = "更新后的重大政策"
    publish(policy)
    assert PolicyPage.objects.get(pk=policy.pk).title == "更新后的重大政策"


def test_admin_publish_button_shows_what_is_missing(client, superuser, make_policy):
    policy = make_policy(is_major=True, live=False, title="重大政策乙")
    client.force_login(superuser)
    response = client.post(
        f"/admin/pages/{policy.pk}/edit/",
        {
            "title": "重大政策乙",
            "slug": policy.slug,
            "is_major": "on",
            "issuers": [policy.issuers.first().pk],
            "validity": "valid",
            "kind": "normative",
            "disclosure_mode": "proactive",
            "body-count": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        },
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "重大政策乙" in html and either(html, "approved interpretation", "已审核解读")
    assert either(html, "saved as a draft", "已保存为草稿")
    assert not PolicyPage.objects.get(pk=policy.pk).live


def test_admin_publish_button_on_an_interpretation_holds_it(client, superuser, make_policy, make_interpretation):
    policy = make_policy(is_major=True, live=False, title="重大政策丙")
    interpretation = make_interpretation(policy, live=False, title="丙的解读")
    client.force_login(superuser)
    response = client.post(
        f"/admin/pages/{interpretation.pk}/edit/",
        {
            "title": "丙的解读",
            "slug": interpretation.slug,
            "policy": policy.pk,
            "kind": "official",
            "body-count": "0",
            "interpreters-TOTAL_FORMS": "0",
            "interpreters-INITIAL_FORMS": "0",
            "interpreters-MIN_NUM_FORMS": "0",
            "interpreters-MAX_NUM_FORMS": "1000",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        },
        follow=True,
    )
    html = response.content.decode()
    assert either(html, "will go live together with the major policy", "同步上线")
    assert not InterpretationPage.objects.get(pk=interpretation.pk).live
    assert PendingRelease.objects.filter(interpretation_id=interpretation.pk).exists()


def test_workflow_approval_cannot_publish_it(
    client, superuser, make_user, make_policy, make_interpretation, policy_index
):
    approvers = Group.objects.create(name="Gate approvers")
    task = GroupApprovalTask.objects.create(name="Sign-off")
    task.groups.set([approvers])
    workflow = Workflow.objects.create(name="Gate workflow")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=policy_index)
    approver = make_user("approver")
    approver.is_superuser = True
    approver.save()
    approver.groups.add(approvers)

    policy = make_policy(is_major=True, live=False, title="重大政策丁")
    workflow_state = workflow.start(policy, superuser)
    task_state = workflow_state.current_task_state
    client.force_login(approver)
    response = client.post(f"/admin/pages/workflow/action/{policy.pk}/approve/{task_state.pk}/", {"comment": ""})
    # Publication raised PublicationRefused: the admin refuses the action.
    assert response.status_code in (302, 403)
    policy.refresh_from_db()
    assert not policy.live
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"  # the approval was rolled back

    # Once an interpretation is approved, the same approval releases both.
    interpretation = make_interpretation(policy)
    client.post(f"/admin/pages/workflow/action/{policy.pk}/approve/{task_state.pk}/", {"comment": ""})
    assert PolicyPage.objects.get(pk=policy.pk).live
    assert InterpretationPage.objects.get(pk=interpretation.pk).live


def test_scheduled_publishing_is_stopped_and_the_reason_logged(make_policy, make_interpretation):
    from wagtail.models import PageLogEntry

    blocked = make_policy(is_major=True, live=False, title="定时重大政策")
    withdrawn = make_interpretation(blocked)
    ready = make_policy(is_major=True, live=False, title="定时重大政策（有解读）")
    make_interpretation(ready)
    for page in (blocked, ready):
        page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
        page.save_revision().publish()  # schedules
    blocked = PolicyPage.objects.get(pk=blocked.pk)
    assert not blocked.live
    withdrawn.delete()  # the interpretation is withdrawn before the go-live time

    # Time passes; publish_scheduled runs unattended.
    from wagtail.models import Revision

    past = timezone.now() - datetime.timedelta(minutes=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save()
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert not PolicyPage.objects.get(pk=blocked.pk).live
    assert PolicyPage.objects.get(pk=ready.pk).live
    assert PageLogEntry.objects.filter(page=blocked, action="cms.publication_refused").exists()
    assert not Revision.objects.filter(object_id=str(blocked.pk), approved_go_live_at__isnull=False).exists()


def test_a_held_interpretation_keeps_no_schedule(make_policy, make_interpretation):
    """Held for its major policy, a scheduled interpretation waits in
    PendingRelease; publish_scheduled never tries it again."""
    from wagtail.models import Revision

    policy = make_policy(is_major=True, live=False)
    interpretation = make_interpretation(policy, live=False)
    interpretation.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    interpretation.save_revision().publish()
    assert PendingRelease.objects.filter(interpretation=interpretation).exists()
    assert not Revision.objects.filter(object_id=str(interpretation.pk), approved_go_live_at__isnull=False).exists()


def test_refusals_logged_before_the_gate_are_renamed_to_its_one_action(make_policy):
    import importlib

    from django.apps import apps
    from wagtail.models import PageLogEntry

    policy = make_policy(is_major=True, live=False)
    entry = PageLogEntry.objects.log_action(policy, "wagtail.edit", data={"problems": ["x"]})
    # The old action is no longer registered (saving would refuse it): written as in an old database.
    PageLogEntry.objects.filter(pk=entry.pk).update(action="policies.release_blocked")
    importlib.import_module("policies.migrations.0007_one_refusal_action").forwards(apps, None)
    entry.refresh_from_db()
    assert entry.action == "cms.publication_refused" and entry.data == {"problems": ["x"]}


def test_edit_page_shows_the_release_status(client, superuser, make_policy, make_interpretation):
    policy = make_policy(is_major=True, live=False, title="重大政策戊")
    client.force_login(superuser)
    html = client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert 'class="release-status"' in html and "重大政策戊" in html
    make_interpretation(policy, "戊的解读")
    html = client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert "戊的解读" in html
