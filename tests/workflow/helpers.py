"""A consultation section under the publication workflow, real users in the
real role groups with page permissions on their section, and helpers that
act through the admin's own URLs."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import GroupPagePermission, Page, Workflow
from wagtail.rich_text import RichText

from cms import roles
from cms.demo import publish
from cms.workflow.checklist import CHECKLIST_KEYS
from cms.workflow.seeding import WORKFLOW_NAME, assign_publication_workflow
from interactions.models import ConsultationIndexPage, ConsultationPage

PASSWORD = "pw-workflow"


@pytest.fixture
def section(home):
    index = ConsultationIndexPage(title="意见征集", slug="consultations")
    home.add_child(instance=index)
    publish(index)
    assign_publication_workflow()
    return ConsultationIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def other_section(home, section):
    index = ConsultationIndexPage(title="另一栏目", slug="other-consultations")
    home.add_child(instance=index)
    publish(index)
    assign_publication_workflow()
    return ConsultationIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def workflow(db):
    return Workflow.objects.get(name=WORKFLOW_NAME)


def grant(group, page, codenames):
    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@pytest.fixture
def people(make_user, section):
    """One user per role, page permissions on the consultation section only."""
    users = {
        "editor": make_user("wf-editor", roles.EDITORS),
        "dept": make_user("wf-dept", roles.DEPARTMENT_REVIEWERS),
        "secrecy": make_user("wf-secrecy", roles.CONFIDENTIALITY_REVIEWERS),
        "leader": make_user("wf-leader", roles.LEADERS),
        "moderator": make_user("wf-moderator", roles.COMMENT_MODERATORS),
        "handler": make_user("wf-handler", roles.CASE_HANDLERS),
        "siteadmin": make_user("wf-siteadmin", roles.SITE_ADMINISTRATORS),
    }
    for user in users.values():
        user.first_name = user.username.split("-")[1].title()
        user.last_name = "Tester"
        user.set_password(PASSWORD)
        user.save()
    for group_name, codenames in roles.ROLE_PAGE_PERMISSIONS.items():
        grant(Group.objects.get(name=group_name), section, codenames)
    return users


def make_draft(section, editor, title="关于征集意见的通知", **fields):
    now = timezone.now()
    page = ConsultationPage(
        title=title,
        slug=fields.pop("slug", f"draft-{ConsultationPage.objects.count() + 1}"),
        opens_at=now,
        closes_at=now + datetime.timedelta(days=30),
        live=False,
        owner=editor,
        draft_text=[("paragraph", RichText("<p>第一条 为了规范……</p>"))],
        **fields,
    )
    section.add_child(instance=page)
    page.save_revision(user=editor)
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def draft(section, people):
    return make_draft(section, people["editor"])


# --- Acting through the admin -------------------------------------------------------


class FormParser(HTMLParser):
    """Collects what a browser would post from the page edit form."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data = []
        self._textarea = None
        self._select = None
        self._select_value = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = attrs["name"]
            self._select_value = None
        elif tag == "option" and self._select is not None:
            # A browser posts the selected option, else the first one.
            if self._select_value is None or "selected" in attrs:
                self._select_value = (attrs.get("value", ""), "selected" in attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.data.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._select_value is not None:
                self.data.append((self._select, self._select_value[0]))
            self._select = None
        elif tag == "form" and self.in_form:
            self.in_form = False


def edit_form_data(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200, response.status_code
    parser = FormParser("page-edit-form")
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, value)
    # StreamFields are assembled by the admin's JavaScript: post them the way
    # it would, as one heading block (enough for every page type's rules).
    for field in page.specific._meta.get_fields():
        if isinstance(field, StreamField):
            data.update(
                {
                    f"{field.name}-count": "1",
                    f"{field.name}-0-type": "heading",
                    f"{field.name}-0-value-text": "第一条",
                    f"{field.name}-0-value-level": "h2",
                    f"{field.name}-0-value-anchor": "",
                    f"{field.name}-0-deleted": "",
                    f"{field.name}-0-order": "0",
                }
            )
    return data


def admin_edit(client, page, action=None, **changes):
    """Post the edit form as the browser would, with `changes` applied."""
    data = edit_form_data(client, page)
    data.update(changes)
    if action:
        data[action] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def submit(client, page):
    return admin_edit(client, page, action="action-submit")


def act(client, page, action, ajax=False, **data):
    """Approve or reject the page's current stage through the workflow action view."""
    page = Page.objects.get(pk=page.pk).specific
    task_state = page.current_workflow_task_state
    assert task_state is not None, "no task in progress"
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    headers = {"x-requested-with": "XMLHttpRequest"} if ajax else {}
    return client.post(url, data, headers=headers)


def attest(**overrides):
    answers = {key: "on" for key in CHECKLIST_KEYS}
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not None}


def stage_name(page):
    task = Page.objects.get(pk=page.pk).specific.current_workflow_task
    return task.name if task else None


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the django-q2 hand-over) at the end of the block."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture
