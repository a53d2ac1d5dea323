"""Elasticsearch 9 settings, mappings and query bodies, checked offline (the
ES 9 client refuses to talk to anything but Elasticsearch), and the
resilience of indexing when the engine is down."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from elasticsearch._sync.client.indices import IndicesClient
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models
from wagtail.models import Page

from search import tasks
from search.backends.elasticsearch import ElasticsearchBackend, settings_with_synonyms
from search.engines import SYNONYM_FILTER, engine_settings
from search.models import IndexBacklog, Synonym

pytestmark = pytest.mark.django_db

OFFLINE_URL = "http://127.0.0.1:9"  # discard port: nothing listens


@pytest.fixture
def es9(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": engine_settings("elasticsearch9", OFFLINE_URL, "gk")}
    backend = get_search_backend()
    assert isinstance(backend, ElasticsearchBackend)
    return backend


def test_engine_settings_pick_our_backends():
    assert engine_settings("elasticsearch9", "http://es:9200", "gk")["BACKEND"] == "search.backends.elasticsearch9"
    assert engine_settings("opensearch3", "http://os:9200", "gk")["BACKEND"] == "search.backends.opensearch3"
    with pytest.raises(ImproperlyConfigured):
        engine_settings("opensearch3", "", "gk")
    with pytest.raises(ImproperlyConfigured):
        engine_settings("opensearch3", "http://os:9200", "gk", analyzer="klingon")


@pytest.mark.parametrize(
    "analyzer, index_analyzer, search_tokenizer",
    [
        ("cjk", {"type": "cjk"}, "standard"),
        ("smartcn", {"type": "smartcn"}, "smartcn_tokenizer"),
        ("ik", None, "ik_smart"),
    ],
)
def test_analyzers(analyzer, index_analyzer, search_tokenizer):
    analysis = engine_settings("elasticsearch9", "http://es:9200", "gk", analyzer=analyzer)["INDEX_SETTINGS"][
        "settings"
    ]["analysis"]
    if index_analyzer:
        assert analysis["analyzer"]["default"] == index_analyzer
    else:
        assert analysis["analyzer"]["default"]["tokenizer"] == "ik_max_word"
    assert analysis["analyzer"]["default_search"]["tokenizer"] == search_tokenizer
    assert SYNONYM_FILTER in analysis["analyzer"]["default_search"]["filter"]


def test_index_is_created_with_cjk_and_editor_synonyms(es9, monkeypatch):
    Synonym.objects.create(terms="医保, 医疗保险")
    created = {}

    def create(self, **kwargs):
        created.update(kwargs)
        return {"acknowledged": True}

    monkeypatch.setattr(IndicesClient, "create", create)
    es9.get_index_for_model(Page).put()
    analysis = created["settings"]["analysis"]
    assert analysis["analyzer"]["default"] == {"type": "cjk"}
    assert analysis["filter"][SYNONYM_FILTER] == {
        "type": "synonym_graph",
        "synonyms": ["医保, 医疗保险"],
        "lenient": True,
    }
    assert analysis["analyzer"]["default_search"]["filter"] == ["cjk_width", "lowercase", SYNONYM_FILTER, "cjk_bigram"]


def test_without_synonyms_the_filter_is_left_out(es9):
    analysis = settings_with_synonyms(es9.settings)["settings"]["analysis"]
    assert SYNONYM_FILTER not in analysis.get("filter", {})
    assert SYNONYM_FILTER not in analysis["analyzer"]["default_search"]["filter"]


def test_mapping_indexes_text_with_the_default_analyzer(es9):
    from policies.models import PolicyPage

    mapping = es9.mapping_class(PolicyPage).get_mapping()
    properties = mapping["properties"]
    assert properties["_all_text"] == {"type": "text"}  # → the index's `default` (cjk) analyzer
    assert properties["policies_policypage__document_number"]["type"] == "text"
    assert properties["policies_policypage__validity_filter"]["type"] == "keyword"


def test_query_body_expands_synonyms(es9):
    Synonym.objects.create(terms="医保, 医疗保险")
    results = es9.search("医保 门诊", Page.objects.live(), operator="and")
    query = results.query_compiler.get_query()
    must = query["bool"]["must"]
    text = str(must)
    assert "'医保'" in text and "'医疗保险'" in text and "'门诊'" in text
    assert "live_filter" in str(query["bool"]["filter"])


def test_long_query_is_cut_in_the_engine_query(es9):
    results = es9.search("政" * 100_000, Page.objects.all())
    assert len(str(results.query_compiler.get_query())) < 2_000


# --- a failed engine never blocks publishing ---------------------------------------


def test_publishing_with_the_engine_down_then_catching_up(
    settings, home, department, django_capture_on_commit_callbacks, osmem_clone
):
    from cms.demo import publish
    from policies.models import PolicyIndexPage, PolicyPage

    settings.WAGTAILSEARCH_BACKENDS = {"default": engine_settings("opensearch3", OFFLINE_URL, "gk")}
    with django_capture_on_commit_callbacks(execute=True):
        index = PolicyIndexPage(title="政策文件", slug="policies")
        home.add_child(instance=index)
        publish(index)
        page = PolicyPage(title="关于推进政务公开标准化的意见", slug="standard", summary="政务公开标准化")
        page.issuers = [department]
        index.add_child(instance=page)
        publish(page)
    page.refresh_from_db()
    assert page.live and page.first_published_at <= timezone.now()
    assert IndexBacklog.objects.filter(object_id=str(page.pk), action="index").exists()

    # The engine is back: the scheduled catch-up replays the backlog.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**engine_settings("opensearch3", osmem_clone.url, "gk"), "TIMEOUT": 30}
    }
    backend = get_search_backend()
    created = set()
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        if index.name not in created:
            index.reset()
            created.add(index.name)
        index.add_model(model)
    assert tasks.catch_up() >= 1
    assert not IndexBacklog.objects.filter(object_id=str(page.pk)).exists()
    backend.refresh_indexes()
    found = Page.objects.live().search("标准化", operator="and")
    assert page.pk in [p.pk for p in found]


def test_catch_up_schedule_is_seeded():
    from django_q.models import Schedule

    assert Schedule.objects.filter(name=tasks.CATCH_UP_SCHEDULE, func="search.tasks.catch_up").exists()
