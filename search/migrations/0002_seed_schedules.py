from django.db import migrations


def seed(apps, schema_editor):
    from search.tasks import seed_schedules

    seed_schedules(apps)


def unseed(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="search.catch_up").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more")]

    operations = [migrations.RunPython(seed, unseed)]
