"""The workflow's stage names are read in one language: the reader's.

They were stored as "业务审核 Department review", so Chinese public pages
(the accountability footer) and the Chinese admin showed the English too."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import translation
from wagtail.models import Page, Task, Workflow

from cms.workflow import stages
from cms.workflow.responsibility import accountability_for
from cms.workflow.stages import stage_label

from .helpers import act, attest, stage_name, submit

pytestmark = pytest.mark.django_db

ENGLISH = ["Department review", "Confidentiality review", "Leadership sign-off"]
CHINESE = ["业务审核", "保密审查", "领导签发"]


@pytest.fixture
def published(draft, people, login):
    submit(login(people["editor"]), draft)
    assert stage_name(draft) == "业务审核"
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest())
    act(login(people["leader"]), draft, "approve", comment="同意")
    page = Page.objects.get(pk=draft.pk)
    assert page.live
    return page


def test_the_seeded_workflow_is_stored_in_chinese(workflow):
    assert workflow.name == "发布审核"
    assert [task.name for task in workflow.tasks.order_by("workflow_tasks__sort_order")] == CHINESE


def test_chinese_public_page_names_the_stages_in_chinese_only(published, client):
    client.logout()
    html = client.get(published.url).content.decode()
    footer = html.split('class="accountability"')[1].split("</aside>")[0]
    for chinese, english in zip(CHINESE, ENGLISH, strict=True):
        assert chinese in footer
        assert english not in footer


def test_english_readers_get_the_english_names(published):
    with translation.override("en"):
        stages_shown = [stage["stage"] for stage in accountability_for(published)["stages"]]
    assert stages_shown == ENGLISH
    with translation.override("zh-hans"):
        assert [stage["stage"] for stage in accountability_for(published)["stages"]] == CHINESE


def test_chinese_admin_shows_the_stage_without_english(draft, people, login):
    submit(login(people["editor"]), draft)
    client = login(people["dept"])
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "业务审核" in html
    for english in ENGLISH + ["Publication review"]:
        assert english not in html
    edit = client.get(f"/admin/pages/{draft.pk}/edit/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "业务审核" in edit and "Department review" not in edit


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("业务审核", "业务审核", "Department review"),
        ("业务审核 Department review", "业务审核", "Department review"),  # written before cms.0009
        ("复核 Second check", "复核", "Second check"),  # an administrator's own, the same way
        ("法制审核", "法制审核", "法制审核"),  # an administrator's own, one language: as typed
        ("Legal check", "Legal check", "Legal check"),
    ],
)
def test_stage_label(name, zh, en):
    with translation.override("zh-hans"):
        assert stage_label(name) == zh
    with translation.override("en"):
        assert stage_label(name) == en


def test_migration_renames_only_the_seeded_names(workflow):
    migration = importlib.import_module("cms.migrations.0009_stage_names_in_one_language")
    Task.objects.filter(name="业务审核").update(name="业务审核 Department review")
    Workflow.objects.filter(pk=workflow.pk).update(name="发布审核 Publication review")
    custom = Task.objects.create(name="复核 Second check", active=True)
    migration.forwards(django_apps, None)
    assert Workflow.objects.get(pk=workflow.pk).name == stages.WORKFLOW
    assert Task.objects.filter(name="业务审核").exists()
    assert Task.objects.get(pk=custom.pk).name == "复核 Second check"
    migration.backwards(django_apps, None)
    assert Workflow.objects.get(pk=workflow.pk).name == "发布审核 Publication review"
