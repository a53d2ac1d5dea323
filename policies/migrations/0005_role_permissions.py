"""The role groups' permissions on this app's models (policies/roles.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from policies.roles import seed as run

    run(apps)


def unseed(apps, schema_editor):
    from policies.roles import unseed as run

    run(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0004_interpretation_media_uses_the_configured_model"),
        ("cms", "0002_seed_role_groups"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
