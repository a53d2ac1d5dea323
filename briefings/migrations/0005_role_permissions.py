"""The role groups' permissions on this app's models (briefings/roles.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from briefings.roles import seed as run

    run(apps)


def unseed(apps, schema_editor):
    from briefings.roles import unseed as run

    run(apps)


class Migration(migrations.Migration):
    dependencies = [("briefings", "0004_interview_questions"), ("cms", "0002_seed_role_groups")]

    operations = [migrations.RunPython(seed, unseed)]
