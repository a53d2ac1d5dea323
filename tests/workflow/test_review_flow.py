"""The staged review through the admin: real users in real groups, real
Workflow/Task rows, the workflow action and edit views."""

import pytest
from django.core import mail
from wagtail.models import Page, TaskState, WorkflowState

from cms.workflow.models import ConfidentialityReviewRecord, ReviewNotification, revision_content_hash
from cms.workflow.seeding import CONFIDENTIALITY_REVIEW, DEPARTMENT_REVIEW, LEADERSHIP_SIGN_OFF

from .helpers import act, admin_edit, attest, stage_name, submit

pytestmark = pytest.mark.django_db


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_happy_path_publishes_the_approved_revision(draft, people, login, run_on_commit):
    with run_on_commit():
        response = submit(login(people["editor"]), draft)
    assert response.status_code == 302
    assert stage_name(draft) == DEPARTMENT_REVIEW
    assert recipients() == ["wf-dept@example.test"]  # the next stage only, once

    mail.outbox.clear()
    with run_on_commit():
        assert act(login(people["dept"]), draft, "approve").status_code == 302
    assert stage_name(draft) == CONFIDENTIALITY_REVIEW
    assert recipients() == ["wf-secrecy@example.test"]

    mail.outbox.clear()
    with run_on_commit():
        act(login(people["secrecy"]), draft, "approve", **attest(comment="已核对"))
    assert stage_name(draft) == LEADERSHIP_SIGN_OFF
    assert recipients() == ["wf-leader@example.test"]
    record = ConfidentialityReviewRecord.objects.get()
    revision = Page.objects.get(pk=draft.pk).get_latest_revision()
    assert record.revision_id == revision.pk
    assert record.reviewer == people["secrecy"]
    assert record.content_hash == revision_content_hash(revision)
    assert record.signature_valid() and record.is_valid_for(revision)
    assert all(record.answers.values())

    mail.outbox.clear()
    with run_on_commit():
        act(login(people["leader"]), draft, "approve", comment="同意发布。")
    page = Page.objects.get(pk=draft.pk)
    assert page.live
    assert page.live_revision_id == revision.pk
    assert recipients() == ["wf-editor@example.test"]
    assert "Published" in mail.outbox[0].subject or "已发布" in mail.outbox[0].subject
    sign_off = TaskState.objects.get(task__name=LEADERSHIP_SIGN_OFF)
    assert sign_off.comment == "同意发布。" and sign_off.finished_by == people["leader"]


def test_leader_cannot_sign_off_without_an_opinion(draft, people, login):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest())
    act(login(people["leader"]), draft, "approve", comment="")
    assert stage_name(draft) == LEADERSHIP_SIGN_OFF
    assert not Page.objects.get(pk=draft.pk).live


@pytest.mark.parametrize("missing", ["no_state_secrets", "names_checked"])
def test_checklist_is_required(draft, people, login, missing):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    client = login(people["secrecy"])
    act(client, draft, "approve", **attest(**{missing: None}))
    assert stage_name(draft) == CONFIDENTIALITY_REVIEW
    assert not ConfidentialityReviewRecord.objects.exists()
    # The modal shows the error to the reviewer.
    response = act(client, draft, "approve", ajax=True, **attest(**{missing: None}))
    html = response.json()["html"]
    assert "Confirm this item" in html or "请确认" in html


def test_checklist_cannot_be_skipped_through_the_model(draft, people, login):
    from django.core.exceptions import ValidationError

    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    page = Page.objects.get(pk=draft.pk).specific
    task = page.current_workflow_task
    with pytest.raises(ValidationError):
        task.on_action(page.current_workflow_task_state, people["secrecy"], "approve", no_state_secrets=True)
    assert stage_name(draft) == CONFIDENTIALITY_REVIEW


@pytest.mark.parametrize(
    "stage, approvers",
    [
        ("dept", []),
        ("secrecy", ["dept"]),
        ("leader", ["dept", "secrecy"]),
    ],
)
def test_rejection_at_each_stage_notifies_submitter_and_earlier_approvers(
    draft, people, login, run_on_commit, stage, approvers
):
    submit(login(people["editor"]), draft)
    if "dept" in approvers:
        act(login(people["dept"]), draft, "approve")
    if "secrecy" in approvers:
        act(login(people["secrecy"]), draft, "approve", **attest())
    mail.outbox.clear()
    with run_on_commit():
        act(login(people[stage]), draft, "reject", comment="第三段数据需核实。")
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    expected = sorted(f"{people[name].username}@example.test" for name in ["editor", *approvers])
    assert recipients() == expected
    assert all("第三段数据需核实。" in message.body for message in mail.outbox)
    assert not Page.objects.get(pk=draft.pk).live


def test_rejection_needs_a_comment(draft, people, login):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "reject", comment="")
    assert stage_name(draft) == DEPARTMENT_REVIEW


def test_resubmission_after_changes_restarts_at_first_stage(draft, people, login, run_on_commit):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "reject", comment="涉及个人信息")
    mail.outbox.clear()
    with run_on_commit():
        assert (
            admin_edit(login(people["editor"]), draft, action="action-submit", title="删去个人信息后的通知").status_code
            == 302
        )
    # The department's approval was for the old text: review starts again.
    assert stage_name(draft) == DEPARTMENT_REVIEW
    assert recipients() == ["wf-dept@example.test"]


def test_resubmission_without_changes_resumes_where_changes_were_asked(draft, people, login):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "reject", comment="请说明个人信息已核对")
    assert submit(login(people["editor"]), draft).status_code == 302
    # Nothing changed: the department's approval still holds.
    assert stage_name(draft) == CONFIDENTIALITY_REVIEW


def test_edit_after_approval_restarts_review_and_voids_the_record(draft, people, login, run_on_commit):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest())
    assert stage_name(draft) == LEADERSHIP_SIGN_OFF
    old_record = ConfidentialityReviewRecord.objects.get()

    # During review the page is locked to everyone but the stage's reviewers.
    response = admin_edit(login(people["editor"]), draft, title="编辑者的修改")
    assert Page.objects.get(pk=draft.pk).get_latest_revision().pk == old_record.revision_id

    # The leader corrects the text while signing off.
    mail.outbox.clear()
    with run_on_commit():
        response = admin_edit(login(people["leader"]), draft, title="关于征集意见的通知（修订）")
    assert response.status_code == 302
    page = Page.objects.get(pk=draft.pk)
    latest = page.get_latest_revision()
    assert latest.pk != old_record.revision_id
    assert stage_name(draft) == DEPARTMENT_REVIEW  # review starts again
    assert recipients() == ["wf-dept@example.test"]
    assert not old_record.is_valid_for(latest)

    # The leader's stage is over: their URL for the old stage does nothing.
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest())
    act(login(people["leader"]), draft, "approve", comment="同意")
    page = Page.objects.get(pk=draft.pk)
    assert page.live and page.live_revision_id == latest.pk
    assert page.title == "关于征集意见的通知（修订）"
    assert ConfidentialityReviewRecord.objects.filter(revision_id=latest.pk).count() == 1


def test_edit_before_any_approval_keeps_the_stage(draft, people, login, run_on_commit):
    submit(login(people["editor"]), draft)
    mail.outbox.clear()
    with run_on_commit():
        admin_edit(login(people["editor"]), draft, title="改个标题")
    assert stage_name(draft) == DEPARTMENT_REVIEW
    assert mail.outbox == []  # nothing new to tell anyone
    task_state = Page.objects.get(pk=draft.pk).specific.current_workflow_task_state
    assert task_state.revision_id == Page.objects.get(pk=draft.pk).get_latest_revision().pk


def test_reviewers_act_only_on_their_stage(draft, people, login):
    submit(login(people["editor"]), draft)
    for name in ["editor", "secrecy", "leader", "moderator", "handler", "siteadmin"]:
        response = act(login(people[name]), draft, "approve", **attest(comment="x"))
        assert response.status_code in (403, 302)
        assert stage_name(draft) == DEPARTMENT_REVIEW, name
    assert not TaskState.objects.filter(status="approved").exists()


def test_record_is_immutable(draft, people, login):
    from django.core.exceptions import PermissionDenied

    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest())
    record = ConfidentialityReviewRecord.objects.get()
    record.comment = "tampered"
    with pytest.raises(PermissionDenied):
        record.save()
    with pytest.raises(PermissionDenied):
        record.delete()
    with pytest.raises(PermissionDenied):
        ConfidentialityReviewRecord.objects.update(comment="tampered")
    with pytest.raises(PermissionDenied):
        ConfidentialityReviewRecord.objects.all().delete()
    assert not record.signature_valid()  # the in-memory change breaks the signature


def test_wagtail_moderation_emails_are_replaced(draft, people, login, run_on_commit, superuser):
    """Superusers would get Wagtail's own 'submitted' e-mail; only ours go out."""
    with run_on_commit():
        submit(login(people["editor"]), draft)
    assert recipients() == ["wf-dept@example.test"]
    assert ReviewNotification.objects.count() == 1
