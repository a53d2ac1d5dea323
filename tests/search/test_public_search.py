"""The public search page and the service behind it, on every engine."""

import time

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import service
from search.models import QueryLog, Synonym

from .conftest import refresh

pytestmark = pytest.mark.django_db


def run(corpus, **params):
    return service.run(params, corpus["notice"].locale)


def hit_titles(outcome):
    return [hit.page.title for hit in outcome.hits]


@pytest.mark.parametrize(
    "query",
    [
        "国办发〔2013〕100号",
        "国办发[2013]100号",
        "国办发(2013)100号",
        "国办发（2013）100号",
        "国办发［2013］100号",
        "国办发 〔2013〕 100 号",
    ],
)
def test_document_number_in_any_bracket_style_goes_first(corpus, query):
    outcome = run(corpus, q=query)
    assert outcome.hits[0].page.pk == corpus["notice"].pk
    assert outcome.hits[0].exact


def test_index_number_goes_first(corpus):
    notice = corpus["notice"]
    assert notice.index_number, "policies assign an index number on publication"
    outcome = run(corpus, q=notice.index_number)
    assert outcome.hits[0].page.pk == notice.pk and outcome.hits[0].exact


def test_facets_with_counts_and_stable_urls(corpus):
    outcome = run(corpus, q="公开")
    facets = {facet.name: {v.value: v for v in facet.values} for facet in outcome.facets}
    assert facets["type"]["policy"].count == 1
    assert facets["type"]["interpretation"].count == 1
    assert facets["type"]["policy"].url == "?q=%E5%85%AC%E5%BC%80&type=policy"
    assert facets["department"]["SJYJ"].count == 2  # the policy and its interpretation
    assert facets["department"]["SJYJ"].label == "示例市教育局"
    assert facets["topic"]["education"].count == 1
    assert facets["validity"]["valid"].count == 1
    assert str(timezone.localdate().year) in facets["year"]

    narrowed = run(corpus, q="公开", type="interpretation")
    assert narrowed.total == 1
    assert hit_titles(narrowed) == ["一图读懂信息公开通知"]
    type_facet = next(f for f in narrowed.facets if f.name == "type")
    assert next(v for v in type_facet.values if v.value == "interpretation").selected
    # Counts of the other types stay visible so the visitor can switch.
    assert {v.value for v in type_facet.values} >= {"policy", "interpretation"}


def test_interpretations_are_grouped_under_their_policy(corpus):
    outcome = run(corpus, q="公开")
    assert hit_titles(outcome) == ["关于做好政府信息公开工作的通知"]
    assert [h.page.title for h in outcome.hits[0].grouped] == ["一图读懂信息公开通知"]


def test_results_show_type_department_date_and_highlighted_snippet(corpus):
    outcome = run(corpus, q="舆情")
    notice = next(h for h in outcome.hits if h.page.pk == corpus["notice"].pk)
    assert str(notice.type.label) == gettext("Policy")
    assert notice.departments == ["示例市教育局"]
    assert notice.date is not None
    assert "<mark>舆情</mark>" in notice.snippet_html
    consultation = next(h for h in outcome.hits if h.page.pk == corpus["consultation"].pk)
    assert "<mark>舆情</mark>" in consultation.title_html


def test_snippet_escapes_html(corpus):
    assert service.snippet("<script>舆情</script>", ["舆情"]) == "&lt;script&gt;<mark>舆情</mark>&lt;/script&gt;"


def test_synonyms_expand_the_query(corpus, engine):
    if engine == "database":
        assert run(corpus, q="医保").total == 0
    Synonym.objects.create(terms="医保, 医疗保险")
    outcome = run(corpus, q="医保")
    assert hit_titles(outcome) == ["关于基本医疗保险门诊报销的实施办法"]
    assert "<mark>医疗保险</mark>" in outcome.hits[0].title_html or "<mark>医疗</mark>" in outcome.hits[0].title_html
    # Both ways round.
    Synonym.objects.create(terms="舆情, public opinion")
    assert corpus["notice"].title in hit_titles(run(corpus, q="public opinion"))


def test_unpublished_draft_returns_nothing(corpus):
    outcome = run(corpus, q="独角兽")
    assert outcome.total == 0 and not outcome.hits and not outcome.promoted


def test_unpublishing_removes_from_results(corpus, engine, django_capture_on_commit_callbacks):
    assert corpus["consultation"].title in hit_titles(run(corpus, q="舆情"))
    with django_capture_on_commit_callbacks(execute=True):
        corpus["consultation"].unpublish()
    refresh(engine)
    assert corpus["consultation"].title not in hit_titles(run(corpus, q="舆情"))


def test_very_long_query_answers_quickly_with_a_message(corpus):
    started = time.monotonic()
    outcome = run(corpus, q="政" * 100_000)
    assert time.monotonic() - started < 1
    assert outcome.too_long and outcome.hits == []
    assert "100000" in str(outcome.message) and "200" in str(outcome.message)


def test_empty_query(corpus):
    outcome = run(corpus, q="   ")
    assert outcome.empty and outcome.hits == []


def test_promoted_results(corpus):
    SearchPromotion.objects.create(query=Query.get("报销指南"), page=corpus["insurance"], sort_order=0)
    SearchPromotion.objects.create(query=Query.get("报销指南"), page=corpus["draft"], sort_order=1)
    outcome = run(corpus, q="报销指南")
    assert [p.pk for p in outcome.promoted] == [corpus["insurance"].pk]  # drafts are never promoted


def test_visitor_language_only(corpus):
    assert run(corpus, q="government").total == 0
    outcome = service.run({"q": "government"}, corpus["english"].locale)
    assert hit_titles(outcome) == ["Regulations on Open Government Information"]


# --- the pages --------------------------------------------------------------------


def test_search_page(corpus, client):
    response = client.get("/search/", {"q": "舆情"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>舆情</mark>" in html
    assert 'class="badge badge-policy"' in html
    assert "noindex" in html
    assert QueryLog.objects.get(query="舆情").searches == 1


def test_english_search_page(corpus, client):
    response = client.get("/en/search/", {"q": "government"})
    assert response.status_code == 200
    assert "Regulations on Open <mark>Government</mark> Information" in response.content.decode()


def test_empty_search_page_helps(corpus, client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "国办发〔2013〕100号" in response.content.decode()


def test_huge_query_page(corpus, client):
    from urllib.parse import quote_plus

    url = "/search/?q=" + quote_plus("公开" * 50_000)
    started = time.monotonic()
    response = client.get(url)
    assert response.status_code == 200
    assert time.monotonic() - started < 2
    assert "100000" in response.content.decode()
    assert not QueryLog.objects.exists()


def test_zero_result_queries_are_logged_and_reported(corpus, client, superuser):
    client.get("/search/", {"q": "不存在的内容"})
    client.get("/search/", {"q": "舆情"})
    client.get("/search/", {"q": "舆情"})
    assert QueryLog.objects.get(query="不存在的内容").zero_result_searches == 1
    client.force_login(superuser)
    response = client.get("/admin/search-queries/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "不存在的内容" in html and "舆情" in html


def test_autocomplete_endpoint(corpus, client):
    response = client.get("/search/suggest/", {"q": "政府信息"})
    assert response.status_code == 200
    titles = [s["title"] for s in response.json()["suggestions"]]
    assert "关于做好政府信息公开工作的通知" in titles
    assert client.get("/search/suggest/", {"q": "x" * 5000}).json() == {"suggestions": []}


def test_autocomplete_script_is_served(client, db):
    from django.contrib.staticfiles import finders

    assert finders.find("search/js/autocomplete.js")


def test_query_length_is_measured_without_decoding():
    from urllib.parse import quote_plus

    from search.views import decoded_length

    for value in ["公开" * 50_000, "open data 2024", "é", "𝄞x", "国办发〔2013〕100号"]:
        assert decoded_length(quote_plus(value)) == len(value)
