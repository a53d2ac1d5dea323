from django.db import migrations


def forwards(apps, schema_editor):
    # Editors and Site administrators may ask for translations (wagtail-localize's
    # own migration grants it only to an "Editors" group that already existed).
    from cms.roles import seed_translation_grants

    seed_translation_grants(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_public_collections"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
