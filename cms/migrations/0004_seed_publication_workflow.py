from django.db import migrations


def forwards(apps, schema_editor):
    from cms.roles import seed_groups, withdraw_page_permissions
    from cms.workflow.seeding import assign_publication_workflow, seed_schedule, seed_workflow

    seed_groups(apps)  # adds the review-record and workflow permissions
    withdraw_page_permissions(apps)
    seed_workflow(apps)
    seed_schedule(apps)
    # Existing sites: link the section index pages that already exist.
    assign_publication_workflow(apps)


def backwards(apps, schema_editor):
    from cms.workflow.seeding import unseed_schedule, unseed_workflow

    unseed_schedule(apps)
    unseed_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_review_workflow"),
        ("wagtailcore", "0098_apitoken"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
