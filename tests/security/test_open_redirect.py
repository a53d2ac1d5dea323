"""No redirect leaves the site for a target the request supplied.

A `next=` (or Referer) naming another site must never become the Location of
a redirect: after a refused bulk publication (the briefing accessibility rule
and the publication rules of cms/publication_admin.py) and after the elder-
mode switch, the visitor lands on this site."""

from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from briefings.models import BriefingPage
from cms.demo import ensure_page
from policies.models import PolicyPage
from tests.briefings.conftest import _root_collection, admin_en, briefing_index, make_briefing, make_media  # noqa: F401

pytestmark = pytest.mark.django_db

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "http://evil.example/admin/",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
]


def stays_here(response):
    location = response["Location"]
    parts = urlsplit(location.replace("\\", "/"))
    return response.status_code == 302 and parts.netloc in ("", "testserver") and "evil" not in location


def bulk_publish(client, page, next_url):
    # The admin's bulk-action bar puts `next` in the query string.
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    return client.post(url + "?" + urlencode({"id": page.pk, "next": next_url}), {"include_descendants": ""})


@pytest.mark.parametrize("target", EVIL)
def test_refused_briefing_bulk_publish_stays_on_the_site(client, admin_en, make_briefing, make_media, target):  # noqa: F811
    page = make_briefing(live=False, media=make_media("audio"))  # audio without a transcript: refused
    client.force_login(admin_en)
    response = bulk_publish(client, page, target)
    assert stays_here(response), response["Location"]
    assert not BriefingPage.objects.get(pk=page.pk).live
    # And the editor still reads why, on the page they land on.
    landing = client.get(response["Location"], follow=True)
    assert "needs a full transcript" in landing.content.decode()


@pytest.mark.parametrize("target", EVIL)
def test_refused_policy_bulk_publish_stays_on_the_site(client, superuser, tree, target):
    draft, _ = ensure_page(tree["policies"], PolicyPage, "no-issuer", title="无发布机关的文件", live=False)
    client.force_login(superuser)
    response = bulk_publish(client, draft, target)
    assert stays_here(response), response["Location"]
    assert not PolicyPage.objects.get(pk=draft.pk).live
    landing = client.get(response["Location"], follow=True)
    assert landing.status_code == 200 and draft.title in landing.content.decode()


def test_a_local_next_is_still_followed(client, admin_en, make_briefing, make_media, briefing_index):  # noqa: F811
    page = make_briefing(live=False, media=make_media("audio"))
    client.force_login(admin_en)
    target = reverse("wagtailadmin_explore", args=[briefing_index.pk])
    response = bulk_publish(client, page, target)
    assert response.status_code == 302 and response["Location"] == target


@pytest.mark.parametrize("target", EVIL)
def test_elder_mode_switch_stays_on_the_site(client, home, target):
    response = client.post(
        reverse("elder-mode"), {"elder": "1", "next": target}, HTTP_REFERER=target, HTTP_ORIGIN="http://testserver"
    )
    assert stays_here(response), response["Location"]
