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

from ..queries import prepare
from ..segment import segment_for_index


class SegmentingIndexerMixin:
    """An ObjectIndexer that segments every value it extracts."""

    def prepare_field(self, obj, field):
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


def _sqlite_backend():
    from modelsearch.backends.database.sqlite import sqlite

    class Indexer(SegmentingIndexerMixin, sqlite.ObjectIndexer):
        pass

    class Index(sqlite.SQLiteIndex):
        add_items = using_indexer(sqlite.SQLiteIndex.add_items, Indexer)

    class QueryCompiler(SegmentingCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(SegmentingCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class ChineseSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler

    return ChineseSQLiteSearchBackend


def _postgres_backend():
    from modelsearch.backends.database.postgres import postgres

    class Indexer(SegmentingIndexerMixin, postgres.ObjectIndexer):
        pass

    class Index(postgres.PostgresIndex):
        add_items = using_indexer(postgres.PostgresIndex.add_items, Indexer)

    class QueryCompiler(SegmentingCompilerMixin, postgres.PostgresSearchQueryCompiler):
        pass

    class AutocompleteQueryCompiler(SegmentingCompilerMixin, postgres.PostgresAutocompleteQueryCompiler):
        pass

    class ChinesePostgresSearchBackend(postgres.PostgresSearchBackend):
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler

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
