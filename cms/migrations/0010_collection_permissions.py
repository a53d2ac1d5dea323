from django.db import migrations


def forwards(apps, schema_editor):
    from cms.roles import seed_collection_permissions

    seed_collection_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0009_stage_names_in_one_language"),
        ("wagtailmedia", "0005_alter_media_options"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
