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

    def ranked_matches(self, config, limit=None, probe=False):
        """[(object id, score)] best first (at most `limit`), straight from
        the full-text index, or None when this query needs modelsearch's own
        code path. With `probe`, only says which (returns [] or None)."""
        if self.fields is not None or not self.order_by_relevance:
            return None
        query = self._normalized_query()
        if isinstance(query, (MatchAll, Not)):
            return None
        return [] if probe else self._ranked_matches(config, limit)

    def _normalized_query(self):
        return self.query


class RankedResultsMixin:
    """Relevance-ordered results straight from the full-text index.

    modelsearch evaluates the match once per candidate row (a correlated
    subquery on SQLite, a nested loop on PostgreSQL), which takes seconds on
    100,000 documents. Here (1) one indexed query returns the best-scoring
    ids, LIMITed to a little more than the page asked for; (2) one query
    keeps those the queryset allows (live, public, locale…); if filters drop
    too many, (1) is repeated with a larger limit. Counting needs no scores:
    one `pk IN (matching ids)` count."""

    FIRST_LIMIT = 100

    def _supported(self):
        compiler = self.query_compiler
        if not hasattr(compiler, "_ranking_supported"):
            compiler._ranking_supported = compiler.ranked_matches(None, probe=True) is not None
        return compiler._ranking_supported

    def _allowed(self, pks):
        allowed = set()
        queryset = self.query_compiler.queryset
        for start in range(0, len(pks), 2000):
            allowed.update(queryset.filter(pk__in=pks[start : start + 2000]).values_list("pk", flat=True))
        return allowed

    def _ranked(self, needed):
        """[(pk, score)] best first, at least `needed` long when that many match."""
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        # A little more than asked for: some matches may be filtered out (not
        # live, restricted); if too many are, the loop below asks for more.
        limit = None if needed is None else needed + max(self.FIRST_LIMIT, needed // 10)
        while True:
            matches = compiler.ranked_matches(config, limit=limit)
            scores = {}
            for object_id, score in matches:
                scores.setdefault(int(object_id), score)
            allowed = self._allowed(list(scores))
            ranked = [(pk, score) for pk, score in scores.items() if pk in allowed]
            if limit is None or len(matches) < limit or len(ranked) >= needed:
                return ranked
            limit *= 4

    def ranked_pks(self, limit):
        """Primary keys of the best `limit` results, best first, without
        loading the objects (building 1,000 pages costs more than ranking them)."""
        if not self._supported():
            return [obj.pk for obj in self[:limit]]
        try:
            return [pk for pk, _score in self._ranked(limit)][:limit]
        except ValueError:  # a model whose primary key is not an integer
            self.query_compiler._ranking_supported = False
            return [obj.pk for obj in self[:limit]]

    def _do_search(self):
        if not self._supported():
            return super()._do_search()
        try:
            ranked = self._ranked(self.stop)
        except ValueError:  # a model whose primary key is not an integer
            self.query_compiler._ranking_supported = False
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
        if not self._supported():
            return super()._do_count()
        compiler = self.query_compiler
        subquery = compiler.matching_ids_subquery(compiler.get_config(self.backend))
        total = compiler.queryset.filter(pk__in=subquery).count()
        total = max(0, total - self.start)
        return total if self.stop is None else min(total, self.stop - self.start)


def _sqlite_backend():
    from modelsearch.backends.database.sqlite import sqlite

    class Indexer(SegmentingIndexerMixin, sqlite.ObjectIndexer):
        pass

    class Index(sqlite.SQLiteIndex):
        add_items = using_indexer(sqlite.SQLiteIndex.add_items, Indexer)

    from django.db.models import FloatField
    from django.db.models.expressions import RawSQL
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

        def _normalized_query(self):
            return normalize(self.query)

        # Column weights of bm25() in the FTS table's order (autocomplete,
        # body, title): a word in the title counts double.
        BM25_WEIGHTS = {"title": 2.0, "body": 1.0, "autocomplete": 1.0}

        def _ranked_matches(self, config, limit):
            self.query = normalize(self.query)
            search_query = self.build_search_query(self.query, config=config)
            if search_query is None:
                return []
            table = sqlite.SQLiteFTSIndexEntry._meta.db_table
            weights = ", ".join(
                str(self.BM25_WEIGHTS[c] if c in self.FTS_TABLE_FIELDS else 0.0)
                for c in ("autocomplete", "body", "title")
            )
            # Score inside the FTS table alone (no join per matching row), then
            # map the best rows to objects of the searched model.
            rows = (
                sqlite.SQLiteFTSIndexEntry.objects.filter(MatchExpression(self.FTS_TABLE_FIELDS, search_query))
                # Only constants: the table name from the model, the weights above.
                .annotate(score=RawSQL(f"bm25({table}, {weights})", [], output_field=FloatField()))  # noqa: S611
                .order_by("score")
                .values_list("index_entry_id", "score")
            )
            rows = list(rows[:limit] if limit else rows)
            entries = sqlite.IndexEntry.objects.filter(
                content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
            )
            object_ids = {}
            for start in range(0, len(rows), 2000):
                chunk = [rowid for rowid, _s in rows[start : start + 2000]]
                object_ids.update(entries.filter(pk__in=chunk).values_list("pk", "object_id"))
            # bm25() is negative: smaller is better.
            return [(object_ids[rowid], -score) for rowid, score in rows if rowid in object_ids]

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

        # Scoring reads every matching row's vectors: a word found in half of
        # 100,000 documents costs a third of a second. Past this many matches
        # only candidates are scored (see _candidates).
        CANDIDATES = 1000

        def _ranked_matches(self, config, limit):
            if len(self.VECTOR_COLUMNS) == 2:
                vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
            else:
                vectors = [(F(self.VECTOR_COLUMNS[0]), 1.0)]
            rank = self._build_rank_expression(vectors, config)
            entries = self._entries(config)
            if limit and len(self.VECTOR_COLUMNS) == 2:
                candidates = self._candidates(config, entries, max(self.CANDIDATES, limit))
                if candidates is not None:
                    entries = _pk_in_array(postgres.IndexEntry._default_manager.all(), candidates)
            rows = entries.annotate(score=rank).order_by("-score", "object_id")
            rows = rows.values_list("object_id", "score")
            return list(rows[:limit] if limit else rows)

        def _candidates(self, config, entries, size):
            """None when at most `size` entries match (score them all: exact).
            Otherwise the entries worth scoring: up to `size` matches in a
            title (a title match outscores a body-only match) and `size`
            further matches. Both come from the GIN indexes and stop after
            `size` rows, so a word found in half the documents costs what a
            rarer one does. The price: for such a word, the best body-only
            matches may be missed (Elasticsearch/OpenSearch rank them all)."""
            # No ORDER BY in either: sorting would read every matching row.
            some = list(entries.order_by().values_list("pk", flat=True)[:size])
            if len(some) < size:
                return None
            search_query = self.build_tsquery(self.query, config=config)
            titled = (
                postgres.IndexEntry._default_manager.filter(
                    content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
                )
                .filter(title=search_query)
                .order_by()
                .values_list("pk", flat=True)[:size]
            )
            return sorted(set(some) | set(titled))

        def matching_ids_subquery(self, config):
            return self._entries(config).annotate(oid=Cast("object_id", BigIntegerField())).values("oid")

    class QueryCompiler(SegmentingCompilerMixin, PostgresRanking, postgres.PostgresSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(
        SegmentingCompilerMixin, PostgresRanking, postgres.PostgresAutocompleteQueryCompiler
    ):
        VECTOR_COLUMNS = ("autocomplete",)

    class Results(RankedResultsMixin, postgres.PostgresSearchResults):
        def _allowed(self, pks):
            return set(_pk_in_array(self.query_compiler.queryset, pks).values_list("pk", flat=True))

    class ChinesePostgresSearchBackend(postgres.PostgresSearchBackend):
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler
        results_class = Results

    return ChinesePostgresSearchBackend


def _pk_in_array(queryset, pks):
    """`queryset` limited to `pks` with one array parameter (`pk = ANY(%s)`):
    `pk__in` with a thousand ids costs more to build and send than to run."""
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    meta = queryset.model._meta
    column = f'"{meta.db_table}"."{meta.pk.column}"'  # names from the model, not from input
    return queryset.filter(RawSQL(f"{column} = ANY(%s)", (list(pks),), output_field=BooleanField()))  # noqa: S611


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


def SearchBackend(params):
    return backend_class()(params)
