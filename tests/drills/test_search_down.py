"""Search engine down: with OpenSearch configured on a port nothing listens
on, editors still publish, readers still read, search answers 503 with a
clear message, and autocomplete returns an empty list. (Publishing with the
engine down and the backlog catching up afterwards is covered in
tests/search/test_engines.py.)"""

import pytest
from django.core.cache import cache
from wagtail.models import Page

from cms.demo import publish
from search.engines import engine_settings
from search.models import IndexBacklog

pytestmark = pytest.mark.django_db

DEAD = "http://127.0.0.1:9"  # discard port: nothing listens


def test_site_keeps_working_with_the_search_engine_down(
    client, settings, home, department, django_capture_on_commit_callbacks
):
    from policies.models import PolicyIndexPage, PolicyPage

    settings.WAGTAILSEARCH_BACKENDS = {"default": {**engine_settings("opensearch3", DEAD, "gk-down"), "TIMEOUT": 1}}
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        index = PolicyIndexPage(title="政策文件", slug="policies")
        home.add_child(instance=index)
        publish(index)
        page = PolicyPage(title="关于推进政务公开标准化的意见", slug="standard", summary="政务公开标准化")
        page.issuers = [department]
        index.add_child(instance=page)
        publish(page)
    assert Page.objects.get(pk=page.pk).live
    assert IndexBacklog.objects.filter(object_id=str(page.pk)).exists()

    assert client.get("/").status_code == 200
    assert client.get(page.url).status_code == 200
    response = client.get("/en/search/", {"q": "standard"})
    assert response.status_code == 503  # a friendly page that says so, not an error page
    assert "Search is temporarily unavailable" in response.content.decode()
    suggest = client.get("/search/suggest/", {"q": "政务"})
    assert suggest.status_code == 200 and "suggestions" in suggest.json()
    api = client.get("/api/v2/pages/", {"search": "政务"})
    assert api.status_code == 503 and "temporarily unavailable" in api.json()["message"]
    assert client.get("/api/v2/pages/").status_code == 200
