"""The daily purge of security log entries older than AUDIT_RETENTION_DAYS
(never fewer than 180), run by django-q2 (cms/security_audit.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from cms.security_audit import seed_schedule

    seed_schedule(apps)


def unseed(apps, schema_editor):
    from cms.security_audit import SCHEDULE_NAME

    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0012_resign_review_records"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
