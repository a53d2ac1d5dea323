from django.db import migrations


def forwards(apps, schema_editor):
    from cms.roles import seed_groups

    seed_groups(apps)


def backwards(apps, schema_editor):
    from cms.roles import unseed_groups

    unseed_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
