"""Elasticsearch 9 and OpenSearch 3 with Chinese analysis and synonyms.

The analyzers come from INDEX_SETTINGS (search.engines.engine_settings);
the synonym filter is filled from the editors' Synonym list each time an
index is created, i.e. on `update_index`. Queries also expand synonyms, so a
new synonym works at once, before the next rebuild."""

from copy import deepcopy

from modelsearch.backends import elasticsearch9, opensearch3

from .. import synonyms
from ..engines import SYNONYM_FILTER
from ..queries import prepare
from .resilient import RecordFailuresMixin


def settings_with_synonyms(settings):
    """A copy of the index settings with the synonym filter filled in, or
    taken out of the search analyzer when there are no synonyms."""
    settings = deepcopy(settings)
    analysis = settings.setdefault("settings", {}).setdefault("analysis", {})
    rules = synonyms.solr_rules()
    search_analyzer = analysis.get("analyzer", {}).get("default_search")
    if rules:
        analysis.setdefault("filter", {})[SYNONYM_FILTER] = {
            "type": "synonym_graph",
            "synonyms": rules,
            "lenient": True,
        }
    else:
        analysis.get("filter", {}).pop(SYNONYM_FILTER, None)
        if search_analyzer and SYNONYM_FILTER in search_analyzer.get("filter", []):
            search_analyzer["filter"] = [f for f in search_analyzer["filter"] if f != SYNONYM_FILTER]
    return settings


class ExpandingCompilerMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = prepare(self.query, segment=False)


# --- OpenSearch 3 --------------------------------------------------------------


class OpenSearchIndex(opensearch3.OpenSearch3Index):
    def put(self):
        self.es.indices.create(index=self.name, body=settings_with_synonyms(self.backend.settings))


class OpenSearchQueryCompiler(ExpandingCompilerMixin, opensearch3.OpenSearch3SearchQueryCompiler):
    pass


class OpenSearchAutocompleteQueryCompiler(ExpandingCompilerMixin, opensearch3.OpenSearch3AutocompleteQueryCompiler):
    pass


class OpenSearchBackend(RecordFailuresMixin, opensearch3.OpenSearch3SearchBackend):
    index_class = OpenSearchIndex
    query_compiler_class = OpenSearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearchAutocompleteQueryCompiler


# --- Elasticsearch 9 -----------------------------------------------------------


class ElasticsearchIndex(elasticsearch9.Elasticsearch9Index):
    def put(self):
        self.es.indices.create(index=self.name, **settings_with_synonyms(self.backend.settings))


class ElasticsearchQueryCompiler(ExpandingCompilerMixin, elasticsearch9.Elasticsearch9SearchQueryCompiler):
    pass


class ElasticsearchAutocompleteQueryCompiler(
    ExpandingCompilerMixin, elasticsearch9.Elasticsearch9AutocompleteQueryCompiler
):
    pass


class ElasticsearchBackend(RecordFailuresMixin, elasticsearch9.Elasticsearch9SearchBackend):
    index_class = ElasticsearchIndex
    query_compiler_class = ElasticsearchQueryCompiler
    autocomplete_query_compiler_class = ElasticsearchAutocompleteQueryCompiler
