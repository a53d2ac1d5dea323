"""The role groups' permissions on this app's models (search/roles.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from search.roles import seed as run

    run(apps)


def unseed(apps, schema_editor):
    from search.roles import unseed as run

    run(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_indexentry_text_gin"),
        ("cms", "0002_seed_role_groups"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
