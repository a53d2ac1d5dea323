"""Default reject reasons, the Comment moderators' permissions and the
schedule that opens and closes consultations (interactions.seeding)."""

from django.db import migrations


def seed(apps, schema_editor):
    from interactions.seeding import seed as run

    run(apps)


def unseed(apps, schema_editor):
    from interactions.seeding import unseed as run

    run(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("interactions", "0002_consultation_comments"),
        ("cms", "0002_seed_role_groups"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
