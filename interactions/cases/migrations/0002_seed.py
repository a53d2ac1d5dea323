from django.db import migrations


def seed(apps, schema_editor):
    from interactions.cases.seeding import seed_cases

    seed_cases(apps)


def unseed(apps, schema_editor):
    from interactions.cases.seeding import unseed_cases

    unseed_cases(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("django_q", "__latest__"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
