"""The workflow, its tasks and the schedule come from migration 0004 and
come back after a flush; assignment to sections is explicit and idempotent."""

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage

from cms import roles
from cms.bootstrap import seeders
from cms.workflow.models import ConfidentialityReviewTask, ScopedGroupApprovalTask
from cms.workflow.seeding import (
    CONFIDENTIALITY_REVIEW,
    DEPARTMENT_REVIEW,
    LEADERSHIP_SIGN_OFF,
    WORKFLOW_NAME,
    assign_publication_workflow,
    seed_schedule,
    seed_workflow,
)

pytestmark = pytest.mark.django_db


def test_workflow_has_three_stages_with_the_right_groups(workflow):
    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == [DEPARTMENT_REVIEW, CONFIDENTIALITY_REVIEW, LEADERSHIP_SIGN_OFF]
    assert isinstance(tasks[0], ScopedGroupApprovalTask) and not tasks[0].require_comment
    assert isinstance(tasks[1], ConfidentialityReviewTask)
    assert isinstance(tasks[2], ScopedGroupApprovalTask) and tasks[2].require_comment
    groups = [[group.name for group in task.groups.all()] for task in tasks]
    assert groups == [[roles.DEPARTMENT_REVIEWERS], [roles.CONFIDENTIALITY_REVIEWERS], [roles.LEADERS]]


def test_seeders_are_registered_and_idempotent(workflow):
    assert "cms.workflow.seeding.seed_workflow" in seeders() and "cms.workflow.seeding.seed_schedule" in seeders()
    seed_workflow(django_apps)
    seed_schedule(django_apps)
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert len(workflow.tasks) == 3


def test_assignment_is_idempotent_and_respects_admin_choices(section, home):
    assert WorkflowPage.objects.get(page=section).workflow.name == WORKFLOW_NAME
    assert assign_publication_workflow() == []
    # An administrator gives the section another workflow: it stays.
    other = Workflow.objects.create(name="Another")
    WorkflowPage.objects.filter(page=section).update(workflow=other)
    assert assign_publication_workflow() == []
    assert WorkflowPage.objects.get(page=section).workflow == other
    assert not WorkflowPage.objects.filter(page=home).exists()


def test_nobody_but_superusers_may_publish_pages():
    assert (
        not GroupPagePermission.objects.filter(
            group__name__in=list(roles.ROLE_PAGE_PERMISSIONS), permission__codename="publish_page"
        )
        .exclude(group__name__in=["Moderators"])
        .exists()
    )
    for codenames in roles.ROLE_PAGE_PERMISSIONS.values():
        assert "publish_page" not in codenames


def test_bootstrap_puts_the_workflow_back_after_a_flush(workflow):
    """What tests/conftest.py does for transactional tests (without flushing
    the shared test database here)."""
    from django_q.models import Schedule

    from cms.bootstrap import ensure_base_rows

    workflow.delete()
    ScopedGroupApprovalTask.objects.all().delete()
    ConfidentialityReviewTask.objects.all().delete()
    Schedule.objects.all().delete()
    ensure_base_rows()
    assert [task.name for task in Workflow.objects.get(name=WORKFLOW_NAME).tasks] == [
        DEPARTMENT_REVIEW,
        CONFIDENTIALITY_REVIEW,
        LEADERSHIP_SIGN_OFF,
    ]
    assert Schedule.objects.filter(name="wagtail-publish-scheduled").exists()
    assert Group.objects.filter(name=roles.LEADERS).exists()


def test_demo_leaves_one_page_waiting_at_each_stage(demo_site):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    from cms.demo_workflow import WAITING

    stages = []
    for slug, _title, _approved in WAITING:
        page = Page.objects.get(slug=slug, locale__language_code="zh-hans").specific
        assert not page.live
        assert page.workflow_states.count() == 1
        stages.append(page.current_workflow_task.name)
    assert stages == [DEPARTMENT_REVIEW, CONFIDENTIALITY_REVIEW, LEADERSHIP_SIGN_OFF]
    assert WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).count() >= 4


def test_demo_workflow_step_on_its_own(home, locales, people, section):
    """cms/demo_workflow.py alone, on a minimal tree (independent of the other
    sections' demo content)."""
    import io

    from cms.demo import ensure_page
    from cms.demo_workflow import WAITING, load
    from policies.models import PolicyIndexPage

    ensure_page(home, PolicyIndexPage, "policies", title="政策文件")
    users = {
        "editor": people["editor"],
        "reviewer": people["dept"],
        "secrecy": people["secrecy"],
        "leader": people["leader"],
    }
    from tests.workflow.helpers import grant

    # The demo grants its role groups permissions on the whole tree.
    for name in roles.ROLE_PAGE_PERMISSIONS:
        grant(Group.objects.get(name=name), home, roles.ROLE_PAGE_PERMISSIONS[name])
    ctx = {"zh": locales["zh"], "users": users}
    load(ctx, io.StringIO())
    load(ctx, io.StringIO())  # idempotent
    stages = [Page.objects.get(slug=slug).specific.current_workflow_task.name for slug, _t, _a in WAITING]
    assert stages == [DEPARTMENT_REVIEW, CONFIDENTIALITY_REVIEW, LEADERSHIP_SIGN_OFF]


def test_wagtail_default_groups_do_not_reach_every_section():
    root = Page.get_first_root_node()
    assert not GroupPagePermission.objects.filter(group__name=roles.EDITORS, page=root).exists()
    assert not GroupPagePermission.objects.filter(permission__codename="publish_page").exists()
