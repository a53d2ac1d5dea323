"""Admin screens of the briefings app render for an administrator."""

import pytest
from django.urls import reverse

from briefings.models import BriefingPage, IncidentPage, Spokesperson

pytestmark = pytest.mark.django_db


def test_admin_screens_render(
    client, admin_en, briefing_index, incident_index, make_briefing, make_incident, make_media, spokesperson
):
    media = make_media("video", captions=True)
    briefing = make_briefing(media=media, kind=BriefingPage.KIND_INTERVIEW)
    incident = make_incident()
    client.force_login(admin_en)
    urls = [
        reverse("wagtailmedia:index"),
        reverse("wagtailmedia:add", args=("audio",)),
        reverse("wagtailmedia:add", args=("video",)),
        reverse("wagtailmedia:edit", args=(media.pk,)),
        reverse("wagtailmedia:chooser"),
        reverse("wagtailsnippets_briefings_spokesperson:list"),
        reverse("wagtailsnippets_briefings_spokesperson:add"),
        reverse("wagtailsnippets_briefings_spokesperson:edit", args=(spokesperson.pk,)),
        reverse("wagtailadmin_pages:add", args=("briefings", "briefingpage", briefing_index.pk)),
        reverse("wagtailadmin_pages:add", args=("briefings", "incidentpage", incident_index.pk)),
        reverse("wagtailadmin_pages:edit", args=(briefing.pk,)),
        reverse("wagtailadmin_pages:edit", args=(incident.pk,)),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(briefing.pk,))).content.decode()
    assert "No questions have been submitted yet." in edit  # the interview questions panel
    assert 'accept=".vtt,text/vtt"' in client.get(reverse("wagtailmedia:edit", args=(media.pk,))).content.decode()


def test_spokesperson_is_translatable(spokesperson, locales):
    from cms.demo import ensure_snippet_translation

    english, _created = ensure_snippet_translation(spokesperson, locales["en"], name="Wang Ming")
    assert english.translation_key == spokesperson.translation_key
    assert Spokesperson.objects.filter(translation_key=spokesperson.translation_key).count() == 2
    assert IncidentPage._meta.get_field("first_release")
