"""The demo site's briefing with audio and captions, and its active incident."""

import pytest

from briefings.models import BriefingPage, IncidentPage, Spokesperson

pytestmark = pytest.mark.django_db


def test_demo_briefing_has_audio_captions_and_transcript(client, demo_site):
    briefing = BriefingPage.objects.get(slug="routine-briefing-2026-q4", locale__language_code="zh-hans")
    assert briefing.live
    media = briefing.media
    assert media.type == "audio" and media.file.size > 1000
    assert media.captions.read().decode().startswith("WEBVTT")
    assert briefing.transcript_complete and not briefing.accessibility_problems()
    html = client.get(briefing.url).content.decode()
    assert "<audio" in html and 'kind="captions"' in html and "data-seek" in html
    english = briefing.get_translation(briefing.locale.__class__.objects.get(language_code="en"))
    assert client.get(english.url).status_code == 200
    assert Spokesperson.objects.current().filter(name="陈晓燕").exists()


def test_demo_has_an_active_incident_on_the_home_page(client, demo_site):
    incident = IncidentPage.objects.get(slug="heavy-rain-shili-river", locale__language_code="zh-hans")
    assert incident.is_active and incident.live
    assert incident.latest_update.headline == "水位开始回落"
    assert 'class="incident-banner"' in client.get("/").content.decode()
    assert 'class="incident-banner"' in client.get("/en/").content.decode()
    assert "Water level falling" in client.get("/en/").content.decode()


def test_demo_loader_is_idempotent(demo_site):
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert IncidentPage.objects.count() == 2
    assert BriefingPage.objects.filter(slug="routine-briefing-2026-q4").count() == 2


def test_demo_interview_takes_questions(client, demo_site):
    interview = BriefingPage.objects.get(slug="online-interview-after-school", locale__language_code="zh-hans")
    assert interview.accepts_questions
    html = client.get(interview.url).content.decode()
    assert "困难家庭怎么申请减免" in html
    assert 'action="/briefings/online-interview-after-school/question/"' in html
