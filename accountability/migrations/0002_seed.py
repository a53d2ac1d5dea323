from django.db import migrations


def seed(apps, schema_editor):
    from accountability.seeding import seed as seed_rows

    seed_rows(apps)


def unseed(apps, schema_editor):
    from accountability.seeding import unseed as unseed_rows

    unseed_rows(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("cms", "0004_seed_publication_workflow"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
