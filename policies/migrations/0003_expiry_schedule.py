from django.db import migrations


def seed(apps, schema_editor):
    from policies.tasks import seed_schedules

    seed_schedules(apps)


def unseed(apps, schema_editor):
    from policies.tasks import unseed_schedules

    unseed_schedules(apps)


def fill_number_keys(apps, schema_editor):
    from policies.numbers import normalise

    PolicyPage = apps.get_model("policies", "PolicyPage")
    for page in PolicyPage.objects.exclude(document_number=""):
        PolicyPage.objects.filter(pk=page.pk).update(document_number_key=normalise(page.document_number))


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_repository"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(fill_number_keys, migrations.RunPython.noop),
    ]
