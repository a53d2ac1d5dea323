"""Every admin URL the resolver knows, as every role.

A draft sits at the department-review stage (submitted by the editor) next to
a live page with an unpublished draft, in the consultation section; a second
section has its own draft. For each role we POST to every admin URL and GET
every page-related one, then check that nothing changed that the role has no
right to change: which pages are live and which revision is live, the
page tree, the review (workflow and task states, confidentiality records,
emergency publications), and groups and permissions. Users outside a
section must not see the title of its drafts anywhere."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import GroupPagePermission, Page, TaskState, WorkflowPage, WorkflowState

from cms import roles
from cms.demo import publish
from cms.workflow.models import ConfidentialityReviewRecord, FastTrackPublication

from .helpers import grant, make_draft

pytestmark = pytest.mark.django_db

SECRET_TITLE = "机密草稿标题-7f3a"
# As it appears in HTML, and inside the JSON of chooser modals and the API.
SECRET_FORMS = (SECRET_TITLE.encode(), json.dumps(SECRET_TITLE)[1:-1].encode())
OTHER_SECRET_TITLE = "另一栏目的草稿-91c2"


def shows_secret(content):
    return any(form in content for form in SECRET_FORMS)


def admin_patterns():
    """(route, url name) for every pattern under /admin/."""

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield prefix + str(pattern.pattern), name

    return [(route, name) for route, name in walk(get_resolver().url_patterns) if route.startswith("admin/")]


PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def fill(route, name, values):
    """A concrete URL for the pattern, with our objects' ids in its parameters."""
    names = [m.group("name") or m.group("rname") for m in PARAM.finditer(route)]
    kwargs = {param: values.get(param, values["default"]) for param in names}
    if name:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            pass
    url = PARAM.sub(lambda m: str(kwargs[m.group("name") or m.group("rname")]), route)
    url = url.lstrip("^").replace("$", "").replace("\\", "")
    return "/" + url


@pytest.fixture
def world(section, other_section, people, home):
    editor = people["editor"]
    draft = make_draft(section, editor, title=SECRET_TITLE, slug="secret-draft")
    draft.get_workflow().start(draft, editor)
    live = make_draft(section, editor, title="已发布页面", slug="live-page")
    publish(live)  # as a superuser would (no user: no permission check)
    live.title = SECRET_TITLE + "-修改稿"
    live.save_revision(user=editor)
    other = make_draft(other_section, editor, title=OTHER_SECRET_TITLE, slug="other-draft")
    # An editor of the other section only.
    outsiders = Group.objects.create(name="Editors · other section")
    outsiders.permissions.add(Permission.objects.get(codename="access_admin"))
    grant(outsiders, other_section, roles.ROLE_PAGE_PERMISSIONS[roles.EDITORS])
    outsider = people["moderator"].__class__.objects.create_user("wf-outsider", "wf-outsider@example.test", "x")
    outsider.groups.add(outsiders)
    draft = Page.objects.get(pk=draft.pk).specific
    task_state = draft.current_workflow_task_state
    values = {
        "default": draft.pk,
        "page_id": draft.pk,
        "parent_page_id": draft.pk,
        "page_to_move_id": draft.pk,
        "page_pk": draft.pk,
        "destination_id": other_section.pk,
        "revision_id": draft.get_latest_revision().pk,
        "revision_id_a": live.live_revision_id,
        "revision_id_b": Page.objects.get(pk=live.pk).get_latest_revision().pk,
        "task_state_id": task_state.pk,
        "task_id": task_state.task_id,
        "workflow_state_id": task_state.workflow_state_id,
        "workflow_pk": task_state.workflow_state.workflow_id,
        "action_name": "approve",
        "action": "approve",
        "app_label": "wagtailcore",
        "model_name": "page",
        "app_name": "interactions",
        "content_type_app_name": "interactions",
        "content_type_model_name": "consultationpage",
        "media_type": "audio",
        "fmt": "csv",
        "mode": "preview",
        "filter_spec": "original",
        "uidb64": "MQ",
        "token": "x-x",
        "object_id": str(draft.pk),
    }
    users = dict(people, outsider=outsider)
    return {"draft": draft, "live": live, "other": other, "values": values, "users": users, "section": section}


def fingerprint():
    """What no role may change through an admin URL it has no right to."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list("pk", "live", "live_revision_id", "path", "expire_at", "go_live_at")
        ),
        "workflow_states": list(
            WorkflowState.objects.order_by("pk").values_list("pk", "status", "current_task_state_id")
        ),
        "task_states": list(TaskState.objects.order_by("pk").values_list("pk", "status", "revision_id")),
        "records": ConfidentialityReviewRecord.objects.count(),
        "fast_track": FastTrackPublication.objects.count(),
        "workflow_pages": list(WorkflowPage.objects.order_by("page_id").values_list("page_id", "workflow_id")),
        "page_permissions": GroupPagePermission.objects.count(),
        "groups": list(Group.objects.order_by("pk").values_list("pk", "name")),
        "group_permissions": Group.permissions.through.objects.count(),
        "superusers": list(Page.objects.none())
        or list(
            Group.objects.model._meta.apps.get_model("auth", "User")
            .objects.filter(is_superuser=True)
            .values_list("pk", flat=True)
        ),
    }


# URLs whose whole purpose is the side effect a role may legitimately have.
ALLOWED_CHANGES = {
    # The department reviewers' own stage: approving is their right (an empty
    # POST approves without comment, like the "Approve" menu item).
    ("dept", "wagtailadmin_pages:workflow_action"),
    # Site administrators arrange the tree (add, move, delete) but never publish.
    ("siteadmin", "wagtailadmin_pages:move_confirm"),
}

PAGE_PARAMS = {
    "page_id",
    "parent_page_id",
    "page_to_move_id",
    "page_pk",
    "revision_id",
    "task_state_id",
    "workflow_state_id",
    "object_id",
}
PAGE_AREAS = (
    "admin/pages/",
    "admin/bulk/",
    "admin/api/",
    "admin/workflows/",
    "admin/localize/",
    "admin/review/",
    "admin/choose",
    "admin/users/",
    "admin/groups/",
    "admin/reports/",
    "admin/comments/",
)
# Views that change what the public sees or where a review stands.
PUBLICATION_VIEWS = re.compile(
    r"publish|revert|revisions|copy|move|delete|lock|workflow|bulk|action|alias|fast_track|"
    r"privacy|translat|submit|sync|convert|update|restore|review|set_position|group|user"
)
SKIP = {"wagtailadmin_logout", "wagtailadmin_error_test"}
ROLES = ["editor", "dept", "secrecy", "leader", "moderator", "handler", "siteadmin", "outsider"]


def params_of(route):
    return {m.group("name") or m.group("rname") for m in PARAM.finditer(route)}


def is_page_related(route):
    return route == "admin/" or route.startswith(PAGE_AREAS) or bool(params_of(route) & PAGE_PARAMS)


def walk(role, world, patterns, *, get_all):
    """POST (and GET) each URL as `role`; return what went wrong."""
    client = Client(raise_request_exception=False)
    client.force_login(world["users"][role])
    problems = []
    before = fingerprint()
    for route, name in patterns:
        if name in SKIP:
            continue
        url = fill(route, name, world["values"])
        # Ask for everything at once: publish, copy with publication, a reason.
        client.post(url, {"action-publish": "1", "publish_copies": "on", "reason": "越权测试越权测试"})
        after = fingerprint()
        if after != before:
            if (role, name) not in ALLOWED_CHANGES:
                changed = [key for key in before if before[key] != after[key]]
                problems.append(f"POST {url} ({name}) changed {changed}")
            before = after
        if get_all:
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"GET {url} ({name}) -> {response.status_code}")
            if role == "outsider" and response.status_code == 200 and not response.streaming:
                if shows_secret(response.content):
                    problems.append(f"GET {url} ({name}) shows a draft of another section")
    return problems


# Moderators and case handlers hold no page permissions, exactly like the
# outsider: they run with the slow, complete walk.
@pytest.mark.parametrize(
    "role", [pytest.param(role, marks=pytest.mark.slow) if role in ("moderator", "handler") else role for role in ROLES]
)
def test_publication_urls_as(role, world):
    """Every URL about pages, revisions, workflows, bulk actions, the admin
    API, translations, users and groups that can change something, POSTed as
    each role with a request to publish."""
    patterns = [
        item for item in admin_patterns() if is_page_related(item[0]) and PUBLICATION_VIEWS.search(item[1] or item[0])
    ]
    assert len(patterns) > 60
    problems = walk(role, world, patterns, get_all=False)
    assert not problems, "\n".join(problems)


def test_outsider_sees_no_draft_of_another_section(world):
    """Every page-related admin URL, GET and POST, as an editor of another section."""
    patterns = [item for item in admin_patterns() if is_page_related(item[0])]
    assert len(patterns) > 100
    problems = walk("outsider", world, patterns, get_all=True)
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_as(role, world):
    """The whole resolver (snippets, media, settings too): about a minute for
    all roles, so marked slow; the page-related part above runs always."""
    patterns = admin_patterns()
    assert len(patterns) > 300
    problems = walk(role, world, patterns, get_all=role == "outsider")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "url_name, args, query",
    [
        ("wagtailadmin_choose_page_child", "section", {}),
        ("wagtailadmin_choose_page_search", None, {"q": "机密"}),
        ("wagtailadmin_pages:search", None, {"q": "机密"}),
        ("wagtailadmin_explore", "section", {}),
    ],
)
def test_section_listings_hide_drafts_from_outsiders(world, url_name, args, query):
    client = Client()
    client.force_login(world["users"]["outsider"])
    url = reverse(url_name, args=[world["section"].pk] if args else [])
    response = client.get(url, query)
    assert response.status_code in (200, 302, 403)
    assert not shows_secret(response.content)
    # …while the section's own editor does see it in the chooser.
    if url_name == "wagtailadmin_choose_page_child":
        client.force_login(world["users"]["editor"])
        assert shows_secret(client.get(url).content)


def test_admin_api_hides_drafts_from_outsiders(world):
    client = Client()
    client.force_login(world["users"]["outsider"])
    response = client.get("/admin/api/main/pages/", {"child_of": world["section"].pk, "fields": "title"})
    assert not shows_secret(response.content)
