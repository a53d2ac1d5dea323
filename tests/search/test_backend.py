"""Behaviour of the search backends: the same expectations on the database
backend and on OpenSearch."""

import time

import pytest
from django.utils import translation
from wagtail.models import Page

from search import service

pytestmark = pytest.mark.django_db


def titles(qs, query, **kwargs):
    return {p.title for p in qs.search(query, operator="and", **kwargs)}


def zh_pages(corpus):
    return Page.objects.live().public().filter(locale=corpus["notice"].locale)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("政府", "关于做好政府信息公开工作的通知"),
        ("公开", "关于做好政府信息公开工作的通知"),
        ("舆情", "关于做好政府信息公开工作的通知"),
        ("信息公开", "关于做好政府信息公开工作的通知"),
        ("政府信息公开", "关于做好政府信息公开工作的通知"),
        ("门诊报销", "关于基本医疗保险门诊报销的实施办法"),
    ],
)
def test_chinese_words_inside_longer_runs(corpus, query, expected):
    assert expected in titles(zh_pages(corpus), query)


def test_two_character_word_matches_several_types(corpus):
    found = titles(zh_pages(corpus), "舆情")
    assert {"关于做好政府信息公开工作的通知", "关于舆情回应办法的意见征集"} <= found


def test_words_must_all_match(corpus):
    assert titles(zh_pages(corpus), "舆情 医疗") == set()


def test_phrase(corpus):
    from modelsearch.query import Phrase

    assert "关于做好政府信息公开工作的通知" in titles(zh_pages(corpus), Phrase("信息公开"))
    assert titles(zh_pages(corpus), Phrase("公开信息")) == set()


def test_english_and_mixed(corpus):
    en = Page.objects.live().public().filter(locale=corpus["english"].locale)
    assert titles(en, "government information") == {"Regulations on Open Government Information"}
    assert titles(zh_pages(corpus), "Open Data 平台") == {"数据开放新闻发布会"}
    assert titles(zh_pages(corpus), "2024 开放") == {"数据开放新闻发布会"}


def test_unpublished_draft_is_never_found(corpus):
    assert titles(zh_pages(corpus), "独角兽") == set()
    outcome = service.run({"q": "独角兽"}, corpus["notice"].locale)
    assert outcome.total == 0 and outcome.hits == []


def test_very_long_query_is_cut_not_an_error(corpus):
    query = "政府" * 50_000
    started = time.monotonic()
    list(zh_pages(corpus).search(query, operator="and")[:10])
    assert time.monotonic() - started < 5


def test_empty_query_returns_nothing_or_everything_without_error(corpus):
    assert list(zh_pages(corpus).search("〔〕", operator="and")) == []


def test_api_search_is_chinese_aware(corpus, client):
    with translation.override("zh-hans"):
        response = client.get("/api/v2/pages/", {"search": "舆情", "search_operator": "and"})
    assert response.status_code == 200
    found = {item["title"] for item in response.json()["items"]}
    assert "关于做好政府信息公开工作的通知" in found
    assert "独角兽产业扶持办法（草案）" not in found


def test_autocomplete_titles(corpus):
    suggestions = service.suggest("政府信息", corpus["notice"].locale)
    assert "关于做好政府信息公开工作的通知" in [s["title"] for s in suggestions]
