"""The emergency fast track (重大突发事件) and its retrospective review."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, WorkflowState

from cms.workflow.models import FastTrackPublication
from cms.workflow.seeding import DEPARTMENT_REVIEW

from .helpers import act, attest, stage_name, submit

pytestmark = pytest.mark.django_db


def fast_track_url(page):
    return reverse("cms_fast_track", args=[page.pk])


def test_leader_publishes_in_one_step_with_a_reason(draft, people, login, run_on_commit, client):
    leader = login(people["leader"])
    assert leader.get(fast_track_url(draft)).status_code == 200
    with run_on_commit():
        response = leader.post(fast_track_url(draft), {"reason": "台风红色预警，需立即发布停课通知。"})
    assert response.status_code == 302
    page = Page.objects.get(pk=draft.pk)
    assert page.live
    record = FastTrackPublication.objects.get()
    assert record.awaiting_review and record.published_by == people["leader"]
    entry = PageLogEntry.objects.get(page=page, action="cms.fast_track")
    assert "台风" in entry.data["reason"] and entry.user == people["leader"]
    # The normal review starts as a retrospective review.
    assert stage_name(draft) == DEPARTMENT_REVIEW
    assert sorted(m.to[0] for m in mail.outbox) == ["wf-dept@example.test"]
    # The public page says so.
    public = client.get(page.url)
    assert public.status_code == 200
    assert "awaiting retrospective review" in public.content.decode() or "待事后审核" in public.content.decode()


def test_retrospective_review_clears_the_mark(draft, people, login, client):
    login(people["leader"]).post(fast_track_url(draft), {"reason": "地震应急响应信息发布"})
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest())
    act(login(people["leader"]), draft, "approve", comment="事后审核通过")
    record = FastTrackPublication.objects.get()
    assert not record.awaiting_review
    assert record.workflow_state.status == WorkflowState.STATUS_APPROVED
    client.logout()
    body = client.get(Page.objects.get(pk=draft.pk).url).content.decode()
    assert "retrospective" not in body and "事后审核" not in body


def test_fast_track_cancels_a_review_in_progress(draft, people, login):
    submit(login(people["editor"]), draft)
    login(people["leader"]).post(fast_track_url(draft), {"reason": "紧急：疫情防控措施调整"})
    states = WorkflowState.objects.order_by("pk")
    assert [state.status for state in states] == [WorkflowState.STATUS_CANCELLED, WorkflowState.STATUS_IN_PROGRESS]


def test_reason_is_mandatory(draft, people, login):
    response = login(people["leader"]).post(fast_track_url(draft), {"reason": ""})
    assert response.status_code == 200
    assert not Page.objects.get(pk=draft.pk).live
    assert not FastTrackPublication.objects.exists()


@pytest.mark.parametrize("role", ["editor", "dept", "secrecy", "moderator", "handler", "siteadmin"])
def test_only_leaders_have_the_fast_track(draft, people, login, role):
    client = login(people[role])
    assert client.get(fast_track_url(draft)).status_code in (302, 403)
    assert client.post(fast_track_url(draft), {"reason": "我也想紧急发布一下"}).status_code in (302, 403)
    assert not Page.objects.get(pk=draft.pk).live


def test_leader_outside_the_section_has_no_fast_track(other_section, people, login, make_user):
    from .helpers import make_draft

    page = make_draft(other_section, people["editor"], slug="elsewhere")
    response = login(people["leader"]).post(fast_track_url(page), {"reason": "不是我的栏目，但很紧急"})
    assert response.status_code in (302, 403)
    assert not Page.objects.get(pk=page.pk).live


def test_fast_track_menu_item_shown_to_leaders_only(draft, people, login):
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert fast_track_url(draft) in login(people["leader"]).get(edit_url).content.decode()
    assert fast_track_url(draft) not in login(people["editor"]).get(edit_url).content.decode()
