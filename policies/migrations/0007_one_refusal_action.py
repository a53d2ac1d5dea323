"""Refused scheduled publications have one log action for every page type,
`cms.publication_refused` (cms/publication.py); entries written before the
gate under the policies' own `policies.release_blocked` (same data:
{"problems": [...]}) are renamed, so the page history shows them with the
same label and the old action needs no registration of its own."""

from django.db import migrations

OLD, NEW = "policies.release_blocked", "cms.publication_refused"


def forwards(apps, schema_editor):
    apps.get_model("wagtailcore", "PageLogEntry").objects.filter(action=OLD).update(action=NEW)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0006_document_number_keys"),
        ("wagtailcore", "0098_apitoken"),
    ]

    # Not reversible in content: renamed entries are not told apart from
    # refusals recorded since, and the new action is registered either way.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
