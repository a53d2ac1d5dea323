"""PostgreSQL: a GIN index on (title || body) of the search index table, the
expression our database backend matches queries against (a word in the
title and another in the body must still match). No-op on other databases."""

from django.db import migrations

INDEX = "search_indexentry_text_gin"


def table():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")._meta.db_table


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {INDEX} ON "{table()}" USING gin ((title || body))')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_seed_schedules"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop)]
