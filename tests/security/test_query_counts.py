"""No N+1 queries: each public listing is rendered with 3 related items and
again with 30; the number of database queries must not grow."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.demo import publish
from interactions import services
from interactions.models import Comment
from tests.interactions.conftest import add_comment, make_consultation

pytestmark = pytest.mark.django_db


def queries(client, url):
    cache.clear()
    client.get(url)  # warm per-process caches (site, settings, locales)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def policy_index(home):
    from policies.models import PolicyIndexPage

    index = PolicyIndexPage(title="政策文件", slug="policies")
    home.add_child(instance=index)
    publish(index)
    return index


def add_policies(index, department, topic, start, count):
    from policies.models import PolicyPage

    pages = []
    for n in range(start, start + count):
        page = PolicyPage(title=f"关于政务公开的通知 {n}", slug=f"notice-{n}", summary=f"摘要 {n}")
        page.issuers = [department]
        index.add_child(instance=page)
        if hasattr(page, "topics"):
            page.topics.set([topic])
        publish(page)
        pages.append(page)
    return pages


def test_policy_listings_do_not_grow_with_the_number_of_policies(
    client, home, policy_index, department, topic, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
    urls = [
        "/",
        policy_index.url,
        "/feeds/policies/",
        "/catalogue/",
        "/catalogue.json",
        "/api/v2/pages/?type=policies.PolicyPage",
        "/api/v2/pages/",
        "/search/?q=政务公开",
    ]
    # The search index is written when the publishing transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        first = add_policies(policy_index, department, topic, 0, 3)
    assert len(client.get("/search/?q=政务公开").context["outcome"].hits) == 3
    few = {url: queries(client, url) for url in urls}
    few[first[0].url] = queries(client, first[0].url)
    with django_capture_on_commit_callbacks(execute=True):
        add_policies(policy_index, department, topic, 3, 27)
    assert len(client.get("/search/?q=政务公开").context["outcome"].hits) == 10  # a full page
    many = {url: queries(client, url) for url in urls}
    many[first[0].url] = queries(client, first[0].url)
    grown = {url: (few[url], many[url]) for url in few if many[url] > few[url]}
    assert not grown, grown


def test_consultation_page_does_not_grow_with_the_number_of_comments(client, home, make_user):
    moderator = make_user("moderator-q")
    page = make_consultation(home)
    for n in range(3):
        add_comment(page, f"意见 {n}")
    services.moderate(list(Comment.objects.filter(status=Comment.PENDING)), "approve", moderator)
    few = queries(client, page.url)
    for n in range(3, 30):
        add_comment(page, f"意见 {n}")
    services.moderate(list(Comment.objects.filter(status=Comment.PENDING)), "approve", moderator)
    assert Comment.objects.public().count() >= 20
    assert queries(client, page.url) <= few
