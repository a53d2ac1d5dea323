"""The database search backend, taught Chinese.

Subclasses modelsearch's SQLite (FTS5) and PostgreSQL backends: every value
indexed is segmented with jieba (search mode, words joined by spaces) and
every query is segmented into its finest words, with editor synonyms
expanded. `Page.objects.search()`, the admin and `/api/v2/pages/?search=`
all go through it. Other databases get modelsearch's fallback backend, whose
substring matching needs no segmentation."""

import types

from django.db import connection
from modelsearch.backends.database import fallback
from modelsearch.index import RelatedFields
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from ..queries import prepare
from ..segment import segment_for_index


class SegmentingIndexerMixin:
    """An ObjectIndexer that segments every value it extracts."""

    def prepare_field(self, obj, field):
        # modelsearch walks every field three times (title, body, autocomplete):
        # segment each value once.
        cache = self.__dict__.setdefault("_segmented", {})
        key = (type(obj), obj.pk, id(field))
        if key not in cache:
            cache[key] = list(self._segmented_field(obj, field))
        yield from cache[key]

    def _segmented_field(self, obj, field):
        if isinstance(field, RelatedFields):
            # The nested fields come back through this method, already segmented.
            yield from super().prepare_field(obj, field)
            return
        for item in super().prepare_field(obj, field):
            yield (*item[:-1], segment_for_index(item[-1]))


def using_indexer(add_items, indexer_class):
    """modelsearch's `add_items`, building `indexer_class` objects instead of
    its module's ObjectIndexer (same code, one name rebound), so we follow
    upstream changes to the insert logic instead of copying it."""
    module_globals = dict(add_items.__globals__, ObjectIndexer=indexer_class)
    return types.FunctionType(add_items.__code__, module_globals, add_items.__name__, add_items.__defaults__)


class SegmentingCompilerMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = prepare(self.query, segment=True)

    def ranked_matches(self, config):
        """[(object id, score)] best first, straight from the full-text index,
        or None when this query needs modelsearch's own code path."""
        if self.fields is not None or not self.order_by_relevance:
            return None
        if isinstance(self.query, MatchAll) or (isinstance(self.query, Not)):
            return None
        return self._ranked_matches(config)


class RankedResultsMixin:
    """Relevance-ordered results in two steps: (1) one pass over the full-text
    index gives every matching id with its score, best first; (2) one query
    keeps the ids the queryset allows (live, public, locale…) and loads the
    requested slice. modelsearch instead evaluates the match once per
    candidate row (a correlated subquery on SQLite, a nested loop on
    PostgreSQL), which takes seconds on 100,000 documents."""

    def _ranked_ids(self):
        if not hasattr(self, "_ranked_cache"):
            compiler = self.query_compiler
            config = compiler.get_config(self.backend)
            matches = compiler.ranked_matches(config)
            scores = {}
            try:
                for object_id, score in matches or ():
                    scores.setdefault(int(object_id), score)
            except ValueError:  # a model whose primary key is not an integer
                matches = None
            if matches is None:
                self._ranked_cache = None
            else:
                queryset = compiler.queryset
                if len(scores) <= 2000:
                    queryset = queryset.filter(pk__in=list(scores))
                else:
                    queryset = queryset.filter(pk__in=compiler.matching_ids_subquery(config))
                allowed = set(queryset.values_list("pk", flat=True))
                self._ranked_cache = [(pk, score) for pk, score in scores.items() if pk in allowed]
        return self._ranked_cache

    def _do_search(self):
        ranked = self._ranked_ids()
        if ranked is None:
            return super()._do_search()
        window = ranked[self.start : self.stop]
        queryset = self.query_compiler.queryset.filter(pk__in=[pk for pk, _score in window])
        objects = {obj.pk: obj for obj in queryset}
        results = []
        for pk, score in window:
            obj = objects.get(pk)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results

    def _do_count(self):
        ranked = self._ranked_ids()
        if ranked is None:
            return super()._do_count()
        return len(ranked[self.start : self.stop])


def _sqlite_backend():
    from modelsearch.backends.database.sqlite import sqlite

    class Indexer(SegmentingIndexerMixin, sqlite.ObjectIndexer):
        pass

    class Index(sqlite.SQLiteIndex):
        add_items = using_indexer(sqlite.SQLiteIndex.add_items, Indexer)

    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

    class SQLiteRanking:
        def _index_query(self, config):
            search_query = self.build_search_query(normalize(self.query), config=config)
            if search_query is None:
                return sqlite.SQLiteFTSIndexEntry.objects.none()
            match = MatchExpression(self.FTS_TABLE_FIELDS, search_query)
            return sqlite.SQLiteFTSIndexEntry.objects.filter(match).filter(
                index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model)
            )

        def _ranked_matches(self, config):
            self.query = normalize(self.query)
            if isinstance(self.query, (MatchAll, Not)):
                return None
            rank = self._build_rank_expression(self.get_search_vectors(), config)
            # bm25() is negative: smaller is better.
            rows = self._index_query(config).annotate(score=rank).order_by("score")
            return [(oid, -score) for oid, score in rows.values_list("index_entry__object_id", "score")]

        def matching_ids_subquery(self, config):
            return self._index_query(config).values("index_entry__object_id")

    class QueryCompiler(SegmentingCompilerMixin, SQLiteRanking, sqlite.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(SegmentingCompilerMixin, SQLiteRanking, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class Results(RankedResultsMixin, sqlite.SQLiteSearchResults):
        pass

    class ChineseSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler
        results_class = Results

    return ChineseSQLiteSearchBackend


def _postgres_backend():
    from modelsearch.backends.database.postgres import postgres

    class Indexer(SegmentingIndexerMixin, postgres.ObjectIndexer):
        pass

    class Index(postgres.PostgresIndex):
        add_items = using_indexer(postgres.PostgresIndex.add_items, Indexer)

    from django.db.models import BigIntegerField, F
    from django.db.models.functions import Cast

    class PostgresRanking:
        VECTOR_COLUMNS = ("title", "body")

        def _entries(self, config):
            # The same expression as modelsearch's (title || body) @@ query, so
            # words split between title and body still match; the GIN index
            # on that expression (search/migrations/0003) makes it fast.
            search_query = self.build_tsquery(self.query, config=config)
            vector = F(self.VECTOR_COLUMNS[0])
            for column in self.VECTOR_COLUMNS[1:]:
                vector = vector._combine(F(column), "||", False)
            return (
                postgres.IndexEntry._default_manager.filter(
                    content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
                )
                .annotate(_vector_=vector)
                .filter(_vector_=search_query)
            )

        def _ranked_matches(self, config):
            if len(self.VECTOR_COLUMNS) == 2:
                vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
            else:
                vectors = [(F(self.VECTOR_COLUMNS[0]), 1.0)]
            rank = self._build_rank_expression(vectors, config)
            rows = self._entries(config).annotate(score=rank).order_by("-score", "object_id")
            return list(rows.values_list("object_id", "score"))

        def matching_ids_subquery(self, config):
            return self._entries(config).annotate(oid=Cast("object_id", BigIntegerField())).values("oid")

    class QueryCompiler(SegmentingCompilerMixin, PostgresRanking, postgres.PostgresSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(SegmentingCompilerMixin, PostgresRanking, postgres.PostgresAutocompleteQueryCompiler):
        VECTOR_COLUMNS = ("autocomplete",)

    class Results(RankedResultsMixin, postgres.PostgresSearchResults):
        pass

    class ChinesePostgresSearchBackend(postgres.PostgresSearchBackend):
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler
        results_class = Results

    return ChinesePostgresSearchBackend


def _fallback_backend():
    class QueryCompiler(fallback.DatabaseSearchQueryCompiler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # Substring matching finds Chinese words as they are: only expand synonyms.
            self.query = prepare(self.query, segment=False)

    class FallbackSearchBackend(fallback.DatabaseSearchBackend):
        query_compiler_class = QueryCompiler

    return FallbackSearchBackend


_classes = {}


def backend_class():
    vendor = connection.vendor
    if vendor not in _classes:
        if vendor == "sqlite":
            from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

            usable = fts5_available() and fts_table_exists()
            _classes[vendor] = _sqlite_backend() if usable else _fallback_backend()
        elif vendor == "postgresql":
            _classes[vendor] = _postgres_backend()
        else:
            _classes[vendor] = _fallback_backend()
    return _classes[vendor]


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up
    return backend_class()(params)
