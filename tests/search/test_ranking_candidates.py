"""PostgreSQL: past CANDIDATES matches, only candidates are scored (title
matches first); below it, every match is scored. Ids come without objects."""

import pytest
from django.db import connection
from wagtail.models import Page

from cms.demo import ensure_page, publish
from policies.models import PolicyIndexPage, PolicyPage
from search import service
from search.backends import database

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the candidate path is PostgreSQL's"),
]


@pytest.fixture
def many(home, department, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
    # Indexing runs in the tasks queued on commit, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        index, _ = ensure_page(home, PolicyIndexPage, "policies", title="政策文件")
        pages = []
        for i in range(8):
            page, _ = ensure_page(index, PolicyPage, f"body-{i}", title=f"第{i}号工作安排", issuers=[department])
            page.summary = "本文件涉及舆情回应工作。"
            publish(page)
            pages.append(page)
        titled, _ = ensure_page(index, PolicyPage, "titled", title="关于舆情回应的通知", issuers=[department])
    return {"titled": titled, "body_only": pages}


def _backend_class():
    return database.backend_class()


def test_few_matches_are_all_scored(many, monkeypatch):
    ids = service._engine_ids(Page.objects.live(), "舆情")
    assert ids[0] == many["titled"].pk
    assert set(ids) == {many["titled"].pk, *(p.pk for p in many["body_only"])}


def test_past_the_candidate_limit_title_matches_still_rank_first(many, monkeypatch):
    compiler = _backend_class().query_compiler_class
    monkeypatch.setattr(compiler, "CANDIDATES", 3)
    results = Page.objects.live().search("舆情", operator="and")
    ids = results.ranked_pks(3)
    assert ids[0] == many["titled"].pk
    assert len(ids) == 3
    matching = {many["titled"].pk, *(p.pk for p in many["body_only"])}
    assert set(ids) <= matching
    # Counting stays exact.
    assert Page.objects.live().search("舆情", operator="and").count() == 9


def test_unpublished_pages_never_come_back_through_the_id_path(many, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        many["body_only"][0].unpublish()
    ids = service._engine_ids(Page.objects.live(), "舆情")
    assert many["body_only"][0].pk not in ids
    assert len(ids) == 8
