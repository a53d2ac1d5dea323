"""Editors and reviewers cannot publish or unpublish by any admin route.
Each attack is also made as a superuser, to show the request itself works."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.demo import publish

from .helpers import edit_form_data, make_draft

pytestmark = pytest.mark.django_db

ROLES = ["editor", "dept", "leader", "siteadmin"]  # secrecy: same page rights as dept, covered by the matrix


@pytest.fixture
def pages(section, people):
    draft = make_draft(section, people["editor"], title="待发布稿件", slug="to-publish")
    live = make_draft(section, people["editor"], title="已发布", slug="live")
    publish(live)
    return {"draft": Page.objects.get(pk=draft.pk), "live": Page.objects.get(pk=live.pk)}


def bulk(client, action, page, data=None):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    return client.post(f"{url}?id={page.pk}", data or {"include_descendants": ""})


ATTACKS = {
    "edit and publish": lambda c, p: c.post(
        reverse("wagtailadmin_pages:edit", args=[p["draft"].pk]),
        {**edit_form_data(c, p["draft"]), "action-publish": "1"},
    ),
    "bulk publish": lambda c, p: bulk(c, "publish", p["draft"]),
    "revert and publish": lambda c, p: c.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[p["draft"].pk, p["draft"].get_latest_revision().pk]),
        {**edit_form_data(c, p["draft"]), "action-publish": "1"},
    ),
    "copy and publish the copy": lambda c, p: c.post(
        reverse("wagtailadmin_pages:copy", args=[p["live"].pk]),
        {
            "new_title": "副本",
            "new_slug": "copy-of-live",
            "new_parent_page": p["live"].get_parent().pk,
            "publish_copies": "on",
        },
    ),
}
UNPUBLISH = {
    "unpublish": lambda c, p: c.post(reverse("wagtailadmin_pages:unpublish", args=[p["live"].pk])),
    "bulk unpublish": lambda c, p: bulk(c, "unpublish", p["live"]),
    "delete a live page": lambda c, p: c.post(reverse("wagtailadmin_pages:delete", args=[p["live"].pk])),
}


def live_pages():
    return set(Page.objects.filter(live=True).values_list("pk", flat=True))


@pytest.mark.parametrize("attack", list(ATTACKS) + list(UNPUBLISH))
@pytest.mark.parametrize("role", ROLES)
def test_no_publication_outside_the_workflow(pages, people, login, role, attack):
    client = login(people[role])
    before = live_pages()
    (ATTACKS.get(attack) or UNPUBLISH[attack])(client, pages)
    assert live_pages() == before


@pytest.mark.parametrize("attack", list(ATTACKS) + list(UNPUBLISH))
def test_the_same_requests_work_for_a_superuser(pages, superuser, login, attack):
    client = login(superuser)
    before = live_pages()
    (ATTACKS.get(attack) or UNPUBLISH[attack])(client, pages)
    assert live_pages() != before, "the attack request itself is broken"


def test_publish_through_the_admin_api_is_refused(pages, people, login):
    client = login(people["editor"])
    response = client.post(
        f"/admin/api/main/pages/{pages['draft'].pk}/action/publish/", content_type="application/json", data={}
    )
    assert response.status_code in (403, 404, 405)
    assert not Page.objects.get(pk=pages["draft"].pk).live
