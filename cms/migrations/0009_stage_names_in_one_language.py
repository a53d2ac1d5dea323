"""The seeded workflow and its stages were named in both languages at once
("业务审核 Department review"), so Chinese pages and the Chinese admin showed
the English too. They are stored in Chinese now and read in English through
cms/workflow/stages.py. Names an administrator changed are left alone."""

from django.db import migrations

from cms.workflow.stages import BILINGUAL


def rename(apps, names):
    for model in ("Workflow", "Task"):
        Model = apps.get_model("wagtailcore", model)
        for old, new in names.items():
            if not Model.objects.filter(name=new).exists():
                Model.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, BILINGUAL)


def backwards(apps, schema_editor):
    rename(apps, {new: old for old, new in BILINGUAL.items()})


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_editors_translate")]

    operations = [migrations.RunPython(forwards, backwards)]
