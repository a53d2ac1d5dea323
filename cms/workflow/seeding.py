"""Rows the review workflow needs, created idempotently.

`seed_workflow` and `seed_schedule` run in migration 0004 and again from
cms.bootstrap.CMS_SEEDERS after a flush. `assign_publication_workflow` links the
workflow to the index pages of the sections registered with `workflow=True`
(cms/sections.py); the migration cannot know pages on a
fresh database, so the demo loader (and `manage.py assign_publication_workflow`)
call it once the tree exists. None of them overwrites what an administrator
configured afterwards: existing rows are left as they are."""

from django.apps import apps as global_apps
from django.utils import timezone

from cms import roles, sections

from . import stages

# Stored in Chinese, the admin's language; read in English through
# cms/workflow/stages.py (migration cms.0009 renamed the bilingual names).
WORKFLOW_NAME = stages.WORKFLOW
DEPARTMENT_REVIEW = stages.DEPARTMENT_REVIEW
CONFIDENTIALITY_REVIEW = stages.CONFIDENTIALITY_REVIEW
LEADERSHIP_SIGN_OFF = stages.LEADERSHIP_SIGN_OFF

# (name, app_label, model, group, extra fields) in workflow order.
STAGES = [
    (DEPARTMENT_REVIEW, "cms", "scopedgroupapprovaltask", roles.DEPARTMENT_REVIEWERS, {"require_comment": False}),
    (CONFIDENTIALITY_REVIEW, "cms", "confidentialityreviewtask", roles.CONFIDENTIALITY_REVIEWERS, {}),
    (LEADERSHIP_SIGN_OFF, "cms", "scopedgroupapprovaltask", roles.LEADERS, {"require_comment": True}),
]

SCHEDULE_NAME = "wagtail-publish-scheduled"
SCHEDULE_FUNC = "cms.workflow.jobs.publish_scheduled"


def seed_workflow(apps):
    """The three-stage workflow and its tasks; safe to run again."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        return workflow
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    for order, (name, app_label, model, group_name, extra) in enumerate(STAGES):
        TaskModel = apps.get_model(app_label, model)
        task = Task.objects.filter(name=name, content_type__app_label=app_label, content_type__model=model).first()
        if task is None:
            ct, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
            task = TaskModel.objects.create(name=name, content_type=ct, active=True, **extra)
            group, _created = Group.objects.get_or_create(name=group_name)
            task.groups.add(group)
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=order)
    return workflow


def unseed_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name__in=[stage[0] for stage in STAGES]).delete()


def seed_schedule(apps):
    """Wagtail's scheduled publishing every minute, run by the django-q2 cluster."""
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": SCHEDULE_FUNC,
            "schedule_type": "I",  # Schedule.MINUTES
            "minutes": 1,
            "repeats": -1,
            "next_run": timezone.now(),
        },
    )


def unseed_schedule(apps):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()


def workflow_index_pages():
    """(app_label, model) of the section roots that get the workflow (their
    pages inherit it): the index pages of sections registered with
    `workflow=True` (cms/sections.py)."""
    found = []
    for section in sections.workflow():
        app_label, model = section.index_model.split(".")
        found.append((app_label, model.lower()))
    return found


def assign_publication_workflow(apps=global_apps):
    """Give every section index page without a workflow of its own the
    publication workflow. Returns the pages newly assigned."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first() or seed_workflow(apps)
    content_types = [
        ct.pk
        for app_label, model in workflow_index_pages()
        for ct in ContentType.objects.filter(app_label=app_label, model=model)
    ]
    assigned = []
    for page in Page.objects.filter(content_type_id__in=content_types).order_by("path"):
        if not WorkflowPage.objects.filter(page_id=page.pk).exists():
            WorkflowPage.objects.create(page_id=page.pk, workflow=workflow)
            assigned.append(page)
    return assigned
