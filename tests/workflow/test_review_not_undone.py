"""Review is never undone by the tool: the edit page's autosave, a workflow
action taken from the editor and an unchanged formset save no revision, and
review restarts only when the content differs from what was approved."""

import json

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, TaskState

from cms.workflow.models import ConfidentialityReviewRecord
from cms.workflow.seeding import CONFIDENTIALITY_REVIEW, DEPARTMENT_REVIEW, LEADERSHIP_SIGN_OFF

from .helpers import act, admin_edit, attest, edit_form_data, stage_name, submit

pytestmark = pytest.mark.django_db


def revisions_of(page):
    return Revision.objects.filter(object_id=str(page.pk)).count()


def workflow_action_from_editor(client, page, action, **extra):
    """What the edit page posts after its workflow modal: the whole form."""
    data = edit_form_data(client, page)
    data.update(
        {"action-workflow-action": "1", "workflow-action-name": action, "workflow-action-extra-data": json.dumps(extra)}
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def autosave(client, page, overwrite=None):
    """The edit page's autosave: the same form, answered in JSON."""
    data = edit_form_data(client, page)
    if overwrite is not None:
        data["overwrite_revision_id"] = str(overwrite.pk)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, HTTP_ACCEPT="application/json")


@pytest.fixture
def policy_with_attachment(home, department, people, section):
    """A consultation draft is fine for most; the formset case needs a page
    type with an InlinePanel: a policy with one attachment."""
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile

    from cms import roles
    from cms.workflow.seeding import assign_publication_workflow
    from policies.models import PolicyAttachment, PolicyIndexPage, PolicyPage

    from .helpers import grant

    index = PolicyIndexPage(title="政策文件", slug="policies")
    home.add_child(instance=index)
    for group_name, codenames in roles.ROLE_PAGE_PERMISSIONS.items():
        grant(Group.objects.get(name=group_name), index, codenames)
    assign_publication_workflow()
    document = get_document_model().objects.create(title="附件一", file=ContentFile(b"%PDF-1.4 test", name="annex.pdf"))
    policy = PolicyPage(title="带附件的文件", slug="with-annex", live=False, owner=people["editor"])
    policy.issuers = [department]
    index.add_child(instance=policy)
    PolicyAttachment.objects.create(page=policy, document=document, title="附件一")
    policy = PolicyPage.objects.get(pk=policy.pk)
    policy.save_revision(user=people["editor"])
    return PolicyPage.objects.get(pk=policy.pk)


def test_approve_with_comment_from_the_editor_with_an_attachments_formset(policy_with_attachment, people, login):
    page = policy_with_attachment
    submit(login(people["editor"]), page)
    before = revisions_of(page)
    response = workflow_action_from_editor(login(people["dept"]), page, "approve", comment="同意，附件齐全。")
    assert response.status_code == 302
    assert stage_name(page) == CONFIDENTIALITY_REVIEW  # not back at 业务审核
    assert revisions_of(page) == before
    approved = TaskState.objects.get(task__name=DEPARTMENT_REVIEW, status="approved")
    assert approved.comment == "同意，附件齐全。"


def test_autosave_after_sign_off_leaves_no_draft(draft, people, login):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest())
    leader = login(people["leader"])
    workflow_action_from_editor(leader, draft, "approve", comment="同意发布。")
    page = Page.objects.get(pk=draft.pk)
    assert page.live and not page.has_unpublished_changes
    before = revisions_of(page)
    response = autosave(leader, page)
    assert response.status_code == 200 and response.json()["success"]
    page = Page.objects.get(pk=draft.pk)
    assert revisions_of(page) == before
    assert page.live and not page.has_unpublished_changes
    assert not Revision.objects.filter(object_id=str(page.pk), user=people["leader"]).exists()


def test_reviewer_autosave_does_not_restart_review(draft, people, login):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    secrecy = login(people["secrecy"])
    autosave(secrecy, draft)
    assert stage_name(draft) == CONFIDENTIALITY_REVIEW
    act(secrecy, draft, "approve", **attest())
    leader = login(people["leader"])
    autosave(leader, draft)
    assert stage_name(draft) == LEADERSHIP_SIGN_OFF
    record = ConfidentialityReviewRecord.objects.get()
    assert record.is_valid_for(Page.objects.get(pk=draft.pk).get_latest_revision())


def test_a_real_change_still_restarts_review(draft, people, login):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    admin_edit(login(people["secrecy"]), draft, title="保密审查时改过的标题")
    assert stage_name(draft) == DEPARTMENT_REVIEW


def test_autosave_never_overwrites_the_revision_under_review(draft, people, login, superuser):
    submit(login(people["editor"]), draft)
    admin = login(superuser)
    data = edit_form_data(admin, draft)
    data["title"] = "管理员修改的标题"
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    saved = admin.post(edit_url, data, HTTP_ACCEPT="application/json").json()
    mine = Revision.objects.get(pk=saved["revision_id"])
    act(login(people["dept"]), draft, "approve")  # approves the administrator's revision
    assert TaskState.objects.get(task__name=DEPARTMENT_REVIEW, status="approved").revision_id == mine.pk
    content_before = mine.content

    admin = login(superuser)
    data = edit_form_data(admin, draft)
    data.update({"title": "批准后又改的标题", "overwrite_revision_id": str(mine.pk)})
    response = admin.post(edit_url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    mine.refresh_from_db()
    assert mine.content == content_before  # what was approved is untouched
    assert response.json()["revision_id"] != mine.pk
    assert stage_name(draft) == DEPARTMENT_REVIEW  # the change restarts review


def test_saving_an_unchanged_draft_adds_no_revision(draft, people, login):
    editor = login(people["editor"])
    admin_edit(editor, draft, title="第一次修改")
    before = revisions_of(draft)
    admin_edit(editor, draft)
    assert revisions_of(draft) == before
