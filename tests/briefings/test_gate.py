"""The accessibility gate: video needs captions or a full transcript, audio a
full transcript, on every way a page goes live."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from briefings.models import BriefingPage
from cms.demo import publish
from cms.publication import PublicationRefused

from .conftest import full_transcript

pytestmark = pytest.mark.django_db


def test_audio_without_full_transcript_cannot_be_published(make_briefing, make_media):
    page = make_briefing(live=False, media=make_media("audio", captions=True))
    with pytest.raises(PublicationRefused) as error:
        publish(page)
    assert "needs a full transcript" in str(error.value)
    assert not BriefingPage.objects.get(pk=page.pk).live

    page.transcript = full_transcript()
    page.save_revision()  # a draft with a partial transcript is fine
    with pytest.raises(PublicationRefused):
        publish(page)
    page.transcript_complete = True
    publish(page)
    assert BriefingPage.objects.get(pk=page.pk).live


def test_video_needs_captions_or_full_transcript(make_briefing, make_media):
    page = make_briefing(live=False, media=make_media("video"))
    with pytest.raises(PublicationRefused) as error:
        publish(page)
    assert "has no captions" in str(error.value)

    captioned = make_briefing("captioned", live=False, media=make_media("video", captions=True))
    publish(captioned)
    assert captioned.live

    transcribed = make_briefing(
        "transcribed", live=False, media=make_media("video"), transcript=full_transcript(), transcript_complete=True
    )
    publish(transcribed)
    assert transcribed.live


def test_external_video_needs_captions_or_full_transcript(make_briefing):
    page = make_briefing(live=False, video_url="https://www.youtube.com/watch?v=abc")
    with pytest.raises(PublicationRefused):
        publish(page)
    page.external_video_captioned = True
    publish(page)
    assert page.live


def test_briefing_without_recording_publishes(make_briefing):
    assert make_briefing().live


def test_scheduled_publishing_is_blocked(make_briefing, make_media):
    page = make_briefing(live=False, media=make_media("audio"))
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    revision = page.save_revision()
    with pytest.raises(PublicationRefused):
        revision.publish()  # scheduling is refused too
    # A schedule approved before the gate (or before captions were removed).
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    other = make_briefing("other", live=False)
    other.go_live_at = past
    other_revision = other.save_revision()
    other_revision.approved_go_live_at = past
    other_revision.save()

    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert not Page.objects.get(pk=page.pk).live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None  # the schedule is cancelled
    entry = PageLogEntry.objects.get(page=page, action="cms.publication_refused")
    assert "needs a full transcript" in entry.data["problems"][0]
    assert Page.objects.get(pk=other.pk).live  # other pages still go live


def test_workflow_approval_is_blocked(make_briefing, make_media, superuser):
    page = make_briefing(live=False, media=make_media("audio"))
    revision = page.save_revision(user=superuser)
    with pytest.raises(PublicationRefused):
        revision.publish(user=superuser)
    assert not Page.objects.get(pk=page.pk).live


def _edit_data(page, action, **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": "",
        "kind": page.kind,
        "starts_at": timezone.localtime(page.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends_at": "",
        "venue": "",
        "recurrence": "",
        "questions_close_at": "",
        "speakers": inline_formset([]),
        "related_policies": inline_formset([]),
        "body": streamfield([]),
        "media": page.media_id or "",
        "video_url": "",
        "transcript": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        action: "1",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_publish_shows_the_reason_and_draft_still_saves(client, admin_en, make_briefing, make_media):
    page = make_briefing(live=False, media=make_media("audio"))
    client.force_login(admin_en)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    response = client.post(url, _edit_data(page, "action-publish", venue="发布厅"))
    assert response.status_code == 200
    assert "needs a full transcript" in response.content.decode()
    assert not BriefingPage.objects.get(pk=page.pk).live

    response = client.post(url, _edit_data(page, "action-submit", venue="发布厅"))
    assert response.status_code == 200
    assert "needs a full transcript" in response.content.decode()

    data = _edit_data(page, "action-workflow-action", venue="发布厅")
    data["workflow-action-name"] = "approve"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "needs a full transcript" in response.content.decode()

    response = client.post(url, _edit_data(page, "action-draft", venue="发布厅"))
    assert response.status_code == 302
    assert BriefingPage.objects.get(pk=page.pk).get_latest_revision_as_object().venue == "发布厅"

    transcript = streamfield([("turn", {"speaker": "主持人", "text": "大家好。", "time": "0:05"})])
    response = client.post(url, _edit_data(page, "action-publish", transcript=transcript, transcript_complete="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BriefingPage.objects.get(pk=page.pk).live


def test_admin_bulk_publish_is_blocked(client, admin_en, make_briefing, make_media, briefing_index):
    page = make_briefing(live=False, media=make_media("audio"))
    client.force_login(admin_en)
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={page.pk}&next="
        + reverse("wagtailadmin_explore", args=[briefing_index.pk])
    )
    response = client.post(url, {"include_descendants": False}, follow=True)
    html = response.content.decode()
    # The rule's own words, naming the page, on the page the editor lands on.
    assert "needs a full transcript" in html and page.title in html
    assert not BriefingPage.objects.get(pk=page.pk).live
