"""Every way a policy can go live meets the same rules (cms/publication.py):
索引号 and 发布日期 assigned, the same-time release gate, change notes.
Each path is driven through the admin URL a person uses; refusals are read
on the page the person lands on, in Chinese. docs/workflow.md lists them."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from cms import roles
from cms.demo import publish
from cms.publication import PublicationRefused
from policies.models import InterpretationPage, PendingRelease, PolicyChange, PolicyIndexPage, PolicyPage
from tests.workflow.helpers import FormParser, act, attest, edit_form_data, grant, submit

pytestmark = pytest.mark.django_db

REFUSED_MAJOR = "重大政策"  # in the rule's Chinese message
NOT_PUBLISHED = "页面未发布"


@pytest.fixture
def reviewers(people, policy_index, interp_index):
    """The demo roles, with their page permissions on the policy sections too."""
    for group_name, codenames in roles.ROLE_PAGE_PERMISSIONS.items():
        for index in (policy_index, interp_index):
            grant(Group.objects.get(name=group_name), index, codenames)
    from cms.workflow.seeding import assign_publication_workflow

    assign_publication_workflow()
    return people


def text(response):
    return response.content.decode()


def form_data(client, url, form_id="page-edit-form"):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = FormParser(form_id)
    parser.feed(text(response))
    data = {}
    for name, value in parser.data:
        if name in data and name in ("issuers", "topics"):
            continue
        data.setdefault(name, value)
    data.update({"body-count": "0"})
    return data


def create_draft_in_admin(client, index, department, title="关于开展试点工作的通知", slug="pilot-notice", **extra):
    url = reverse("wagtailadmin_pages:add", args=["policies", "policypage", index.pk])
    data = form_data(client, url)
    data.update({"title": title, "slug": slug, "issuers": [str(department.pk)], **extra})
    data.pop("action-publish", None)
    response = client.post(url, data)
    assert response.status_code == 302
    return PolicyPage.objects.get(title=title)


def edit_in_admin(client, page, action=None, follow=False, **changes):
    data = edit_form_data(client, page)
    data.update(changes)
    if action:
        data[action] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=follow)


def fresh(page):
    return PolicyPage.objects.get(pk=page.pk)


# --- Defect 1: the edit page's Publish button ---------------------------------------


def test_save_draft_then_publish_on_the_edit_page_assigns_index_number_and_date(
    client, superuser, policy_index, department
):
    client.force_login(superuser)
    draft = create_draft_in_admin(client, policy_index, department)
    assert not draft.live and draft.index_number == ""
    response = edit_in_admin(client, draft, action="action-publish", change_note="首次发布。")
    assert response.status_code == 302
    live = fresh(draft)
    assert live.live and not live.has_unpublished_changes
    assert live.index_number.startswith(f"{department.code}/{timezone.localdate().year}-")
    assert live.published_on == timezone.localdate()
    assert PolicyChange.objects.filter(page=live, note="首次发布。").count() == 1
    # What the public reads.
    public = text(client.get(live.url))
    assert live.index_number in public


def test_republishing_on_the_edit_page_keeps_the_publication_date(client, superuser, make_policy):
    # Published through the review: the date was filled in then, not in the text.
    policy = make_policy(live=False)
    draft = policy.get_latest_revision()
    draft.publish()
    first = fresh(policy)
    assert first.published_on == timezone.localdate() and first.index_number
    PolicyPage.objects.filter(pk=first.pk).update(published_on=datetime.date(2024, 3, 1))
    # A later draft built from that text (a revert, an import, a translation sync).
    fresh(policy).get_latest_revision().as_object().save_revision()
    client.force_login(superuser)
    edit_in_admin(client, fresh(policy), action="action-publish", summary="补充摘要。")
    again = fresh(first)
    assert again.summary == "补充摘要。"
    assert again.published_on == datetime.date(2024, 3, 1)
    assert again.index_number == first.index_number


def test_publish_on_the_create_page(client, superuser, policy_index, department):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:add", args=["policies", "policypage", policy_index.pk])
    data = form_data(client, url)
    data.update(
        {"title": "直接发布的文件", "slug": "published-at-once", "issuers": [str(department.pk)], "action-publish": "1"}
    )
    assert client.post(url, data).status_code == 302
    page = PolicyPage.objects.get(title="直接发布的文件")
    assert page.live and page.index_number and page.published_on


def test_edit_page_publish_refused_shows_the_rule_and_keeps_the_draft(client, superuser, make_policy):
    policy = make_policy(is_major=True, live=False, title="重大政策乙")
    client.force_login(superuser)
    response = edit_in_admin(client, policy, action="action-publish", follow=True, summary="新的摘要")
    html = text(response)
    assert response.status_code == 200
    assert "重大政策乙" in html and "同步解读" in html and NOT_PUBLISHED in html
    page = fresh(policy)
    assert not page.live and page.index_number == ""
    assert page.get_latest_revision_as_object().summary == "新的摘要"  # nothing typed is lost


# --- Workflow approval -------------------------------------------------------------------


def run_review(reviewers, login, page, leader_comment="同意发布。"):
    submit(login(reviewers["editor"]), page)
    act(login(reviewers["dept"]), page, "approve")
    act(login(reviewers["secrecy"]), page, "approve", **attest())
    return act(login(reviewers["leader"]), page, "approve", comment=leader_comment)


def test_full_review_publishes_with_index_number_and_no_leftover_draft(reviewers, login, make_policy):
    policy = make_policy(live=False, title="经审核发布的文件")
    run_review(reviewers, login, policy)
    live = fresh(policy)
    assert live.live and not live.has_unpublished_changes
    assert live.index_number and live.published_on == timezone.localdate()


def test_leader_sign_off_refused_shows_the_rule_not_no_permission(reviewers, login, make_policy, make_interpretation):
    policy = make_policy(is_major=True, live=False, title="重大政策丁")
    make_interpretation(policy, "丁的解读（草稿）", live=False)
    submit(login(reviewers["editor"]), policy)
    act(login(reviewers["dept"]), policy, "approve")
    act(login(reviewers["secrecy"]), policy, "approve", **attest())
    leader = login(reviewers["leader"])
    response = act(leader, policy, "approve", comment="同意。")
    assert response.status_code == 302
    html = text(leader.get(response["Location"]))
    assert "重大政策丁" in html and "丁的解读（草稿）" in html
    assert "没有权限" not in html
    page = fresh(policy)
    assert not page.live
    assert page.current_workflow_task_state.status == "in_progress"  # the sign-off was rolled back


def test_submitting_a_major_policy_without_interpretation_warns_at_once(reviewers, login, make_policy):
    policy = make_policy(is_major=True, live=False, title="重大政策戊")
    editor = login(reviewers["editor"])
    response = edit_in_admin(editor, policy, action="action-submit", follow=True)
    html = text(response)
    assert "已提交，但尚不能发布" in html and "同步解读" in html
    assert WorkflowState.objects.filter(object_id=str(policy.pk), status="in_progress").exists()


# --- Other admin paths ------------------------------------------------------------------


def bulk_publish(client, *pages):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    query = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"{url}?{query}&next=/admin/", {"include_descendants": ""}, follow=True)


def test_bulk_publish_runs_the_rules_for_every_page(client, superuser, make_policy):
    ready = make_policy(live=False, title="可发布的文件")
    refused = make_policy(live=False, title="缺少发文机关", issuers=[])
    client.force_login(superuser)
    html = text(bulk_publish(client, ready, refused))
    assert "缺少发文机关" in html and "发文机关" in html
    assert not fresh(ready).live and not fresh(refused).live  # all or nothing
    bulk_publish(client, ready)
    assert fresh(ready).live and fresh(ready).index_number


def test_revert_and_publish(client, superuser, make_policy):
    policy = make_policy(live=True, title="原始标题")
    number, date = policy.index_number, policy.published_on
    old = policy.get_latest_revision()
    client.force_login(superuser)
    edit_in_admin(client, policy, action="action-publish", title="修改后的标题")
    url = reverse("wagtailadmin_pages:revisions_revert", args=[policy.pk, old.pk])
    data = form_data(client, url)
    data["action-publish"] = "1"
    assert client.post(url, data).status_code == 302
    reverted = fresh(policy)
    assert reverted.title == "原始标题" and reverted.live
    assert reverted.index_number == number and reverted.published_on == date


def test_copy_and_publish_gives_the_copy_its_own_index_number(client, superuser, make_policy):
    original = make_policy(live=True, title="被复制的文件")
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[original.pk]),
        {
            "new_title": "复制的文件",
            "new_slug": "copied",
            "new_parent_page": original.get_parent().pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    copy = PolicyPage.objects.get(slug="copied")
    assert copy.live
    assert copy.index_number and copy.index_number != original.index_number


def test_copy_of_a_policy_refused_by_a_rule_is_not_made(client, superuser, make_policy, make_interpretation):
    original = make_policy(is_major=True, live=False, title="重大原件")
    make_interpretation(original)
    publish(original)
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[original.pk]),
        {
            "new_title": "重大副本",
            "new_slug": "major-copy",
            "new_parent_page": original.get_parent().pk,
            "publish_copies": "on",
        },
        follow=True,
    )
    # The copy has no interpretation of its own: it cannot be live.
    assert not PolicyPage.objects.filter(slug="major-copy", live=True).exists()
    assert "同步解读" in text(response)


def test_schedule_then_publish_scheduled(client, superuser, make_policy):
    policy = make_policy(live=False, title="定时发布的文件")
    client.force_login(superuser)
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    edit_in_admin(client, policy, action="action-publish", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    scheduled = fresh(policy)
    assert not scheduled.live and scheduled.index_number == ""
    revision = Revision.objects.get(object_id=str(policy.pk), approved_go_live_at__isnull=False)
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past, content=revision.content)
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    live = fresh(policy)
    assert live.live and live.index_number and live.published_on


def test_scheduled_publication_refused_later_is_cancelled_and_logged(make_policy, make_interpretation):
    policy = make_policy(is_major=True, live=False, title="定时重大政策")
    interpretation = make_interpretation(policy)
    policy.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    policy.save_revision().publish()
    interpretation.delete()  # withdrawn before the time comes
    past = timezone.now() - datetime.timedelta(minutes=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past, content=revision.content)
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert not fresh(policy).live
    entry = PageLogEntry.objects.get(page_id=policy.pk, action="cms.publication_refused")
    assert "同步解读" in " ".join(entry.data["problems"]) or "interpretation" in " ".join(entry.data["problems"])


def test_admin_api_publish(client, superuser, make_policy):
    ready = make_policy(live=False)
    refused = make_policy(live=False, issuers=[])
    client.force_login(superuser)
    url = "/admin/api/main/pages/{}/action/publish/"
    client.post(url.format(ready.pk), content_type="application/json", data={})
    assert fresh(ready).live and fresh(ready).index_number
    response = client.post(url.format(refused.pk), content_type="application/json", data={})
    assert response.status_code == 400
    assert "发文机关" in json.loads(response.content)["message"]
    assert not fresh(refused).live


def test_move_keeps_the_number_and_publishes_nothing(client, superuser, make_policy, home):
    live = make_policy(live=True)
    draft = make_policy(live=False)
    other = PolicyIndexPage(title="另一政策栏目", slug="more-policies")
    home.add_child(instance=other)
    client.force_login(superuser)
    for page in (live, draft):
        response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, other.pk]))
        assert response.status_code == 302
    moved_live, moved_draft = fresh(live), fresh(draft)
    assert moved_live.get_parent().pk == other.pk and moved_live.index_number == live.index_number
    assert moved_draft.get_parent().pk == other.pk and not moved_draft.live and moved_draft.index_number == ""


def test_fast_track_refused_shows_the_rule(reviewers, login, make_policy):
    policy = make_policy(live=False, title="无发文机关的紧急文件", issuers=[])
    leader = login(reviewers["leader"])
    response = leader.post(reverse("cms_fast_track", args=[policy.pk]), {"reason": "紧急。"}, follow=True)
    html = text(response)
    assert "发文机关" in html and "没有权限" not in html
    assert not fresh(policy).live


# --- Code and shell ------------------------------------------------------------------------


def test_revision_publish_in_code(make_policy):
    policy = make_policy(live=False)
    policy.save_revision().publish()
    assert fresh(policy).index_number


def test_a_page_created_live_in_code_meets_the_rules(policy_index, department):
    with pytest.raises(PublicationRefused):
        policy_index.add_child(instance=PolicyPage(title="无机关", slug="no-issuer", live=True))
    assert not PolicyPage.objects.filter(slug="no-issuer").exists()
    page = PolicyPage(title="有机关", slug="with-issuer", live=True)
    page.issuers = [department]
    policy_index.add_child(instance=page)
    created = PolicyPage.objects.get(slug="with-issuer")
    assert created.index_number.startswith(department.code) and created.published_on


def test_held_interpretation_via_the_edit_page_then_released(client, superuser, make_policy, make_interpretation):
    policy = make_policy(is_major=True, live=False, title="重大政策丙")
    interpretation = make_interpretation(policy, live=False, title="丙的解读")
    client.force_login(superuser)
    data = edit_form_data(client, interpretation)
    data["action-publish"] = "1"
    html = text(client.post(reverse("wagtailadmin_pages:edit", args=[interpretation.pk]), data, follow=True))
    assert "同步" in html
    assert PendingRelease.objects.filter(interpretation_id=interpretation.pk).exists()
    edit_in_admin(client, policy, action="action-publish")
    assert fresh(policy).live and InterpretationPage.objects.get(pk=interpretation.pk).live
    assert Page.objects.filter(pk=interpretation.pk, has_unpublished_changes=False).exists()
