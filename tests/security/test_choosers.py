"""Every way into a snippet's rows asks for a permission on the snippet.

A role that may not open a snippet's listing (sensitive words, department
handlers, memberships, surveys…) must not read its rows through any other
admin address either: Wagtail's snippet chooser (choose, results, chosen,
chosen-multiple, create), wagtail-localize's snippet API (which backs its
chooser in the translation editor), the bulk-action confirmation pages
(which name the selected rows) and the snippet translation form. Each role
is a real user in its real group; each endpoint is requested through the
admin's URLs, and the test looks for the row's own text in what comes back."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models

from accountability.models import DepartmentMembership, Survey
from cms import roles
from cms.models import Department
from interactions.cases.models import DepartmentHandler
from interactions.models import SensitiveWord

pytestmark = pytest.mark.django_db

SECRET = "敏感-3c9e"
ANY_ACTION = ["add", "change", "delete", "view"]


@pytest.fixture
def staff(make_user):
    users = {}
    for index, group in enumerate(roles.ROLE_LABELS):
        user = make_user(f"role{index}", group)
        users[group] = user
    return users


@pytest.fixture
def rows(department, make_user):
    secret_user = make_user(SECRET)
    secret_user.first_name = SECRET
    secret_user.save()
    return {
        Department: department,
        SensitiveWord: SensitiveWord.objects.create(word=SECRET, note=SECRET),
        DepartmentHandler: DepartmentHandler.objects.create(user=secret_user, department=department),
        DepartmentMembership: DepartmentMembership.objects.create(user=secret_user, department=department),
        Survey: Survey.objects.create(title=SECRET, slug="secret-survey", department=department),
    }


def shows(response, text=SECRET):
    text = str(text)
    body = response.content
    return text.encode() in body or json.dumps(text)[1:-1].encode() in body


def denied(response):
    # 403, 404, or a redirect to the login or the dashboard.
    return response.status_code in (302, 403, 404)


def endpoints(model, pk):
    app, name = model._meta.app_label, model._meta.model_name
    chooser = f"wagtailsnippetchoosers_{app}_{name}"
    yield "GET", reverse(f"{chooser}:choose"), {}
    yield "GET", reverse(f"{chooser}:choose_results") + f"?q={SECRET}", {}
    yield "GET", reverse(f"{chooser}:chosen", args=[pk]), {}
    yield "GET", reverse(f"{chooser}:chosen_multiple") + f"?id={pk}", {}
    yield "POST", reverse(f"{chooser}:create"), {}
    yield "GET", reverse("wagtail_localize:snippets_api_listing", args=[app, name]), {}
    yield "GET", reverse("wagtail_localize:snippets_api_detail", args=[app, name, pk]), {}
    yield "GET", reverse("wagtail_bulk_action", args=[app, name, "delete"]) + f"?id={pk}", {}
    yield "POST", reverse("wagtail_bulk_action", args=[app, name, "delete"]) + f"?id={pk}", {}
    yield "GET", reverse("wagtail_localize:submit_snippet_translation", args=[app, name, pk]), {}
    yield "POST", reverse("wagtailadmin_editing_sessions:ping", args=[app, name, pk, 0]), {}


def may_use(user, model):
    return policy_registry.get_by_type(model).user_has_any_permission(user, ANY_ACTION)


def test_every_snippet_is_behind_the_checked_chooser():
    """A new snippet must be registered through cms.admin_access.CheckedSnippetViewSet."""
    from cms.admin_access import CheckedSnippetChooserViewSet

    unchecked = [
        model._meta.label
        for model in get_snippet_models()
        if not isinstance(model.snippet_viewset.chooser_viewset, CheckedSnippetChooserViewSet)
    ]
    assert not unchecked


@pytest.mark.parametrize("group", list(roles.ROLE_LABELS))
def test_no_role_reads_a_snippet_it_may_not_list(group, staff, rows):
    user = staff[group]
    client = Client()
    client.force_login(user)
    problems = []
    for model, row in rows.items():
        listing = client.get(reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list"))
        if may_use(user, model):
            assert listing.status_code == 200, (group, model)
            continue
        assert denied(listing), (group, model, listing.status_code)
        for method, url, data in endpoints(model, row.pk):
            response = client.get(url) if method == "GET" else client.post(url, data)
            if response.status_code >= 500:
                problems.append(f"{method} {url} -> {response.status_code}")
            elif not denied(response) or shows(response, row if model is Department else SECRET):
                problems.append(f"{method} {url} -> {response.status_code}, shows the row: {shows(response)}")
    for model, row in rows.items():
        assert model.objects.filter(pk=row.pk).exists(), f"{model.__name__} deleted by {group}"
    assert not problems, "\n".join(problems)


def test_a_role_with_the_permission_still_chooses(staff, rows):
    """The checks turn away the roles without a permission, not everyone."""
    user = staff[roles.COMMENT_MODERATORS]
    user.groups.get().permissions.add(Permission.objects.get(codename="view_sensitiveword"))
    client = Client()
    client.force_login(user)
    response = client.get(reverse("wagtailsnippetchoosers_interactions_sensitiveword:choose"))
    assert response.status_code == 200 and shows(response)
    response = client.get(reverse("wagtail_localize:snippets_api_listing", args=["interactions", "sensitiveword"]))
    assert response.status_code == 200 and shows(response)
    response = client.get(
        reverse("wagtail_bulk_action", args=["interactions", "sensitiveword", "delete"])
        + f"?id={rows[SensitiveWord].pk}"
    )
    assert response.status_code == 200 and shows(response)  # named as a word it may not delete
