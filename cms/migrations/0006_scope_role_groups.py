"""Wagtail's initial data gives its default "Editors" group (the same name as
our role) add/change on the root page, and "Moderators" publish on it. That
would let every editor work in every section and let moderators publish
outside the review. Role groups get page permissions per section instead
(the demo loader grants them on its tree; see docs/workflow.md)."""

from django.db import migrations


def forwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(group__name="Editors", page__depth=1).delete()
    GroupPagePermission.objects.filter(group__name="Moderators", permission__codename="publish_page").delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_publication_channels")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
