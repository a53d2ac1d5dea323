"""Editorial tools for editors, and every admin view checks its own permission.

Editors and Site administrators manage synonyms, promoted results, experts
and spokespeople through the real admin forms; the search-queries report
(what citizens typed) opens for Site administrators only, whatever the menu
shows. Then every admin URL of a model area (snippets and their choosers,
documents, images, media and their choosers, promoted results, users,
groups, sites, locales, collections, redirects, workflows) and every admin
URL of our own apps is requested as each role: a role without a permission
on the model, or outside the role list of our own view, must be turned away
(403, 404, or a redirect to the login or the dashboard) or, for the media
choosers Wagtail filters itself, see none of the objects."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import get_resolver, reverse
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection
from wagtail.permissions import policy_registry
from wagtailmedia.models import get_media_model

from briefings.models import Spokesperson
from policies.models import Expert
from search.models import Synonym

from . import test_permission_matrix
from .test_permission_matrix import admin_patterns, fill

pytestmark = pytest.mark.django_db

world = test_permission_matrix.world  # the permission matrix's pages, users and URL values

ROLES = ["editor", "dept", "secrecy", "leader", "moderator", "handler", "siteadmin", "outsider"]
STAFF = set(ROLES)
EDITORIAL_MANAGERS = {"editor", "siteadmin"}
SECRET_FILE_TITLE = "机密附件标题-5d1e"

# Listing URL, add URL, roles that only read (to choose it while editing a page).
REVIEWING = {"dept", "secrecy", "leader"}
EDITORIAL_TOOLS = {
    "synonyms": ("/admin/snippets/search/synonym/", "/admin/snippets/search/synonym/add/", set()),
    "promoted results": ("/admin/searchpicks/", "/admin/searchpicks/add/", set()),
    "experts": ("/admin/snippets/policies/expert/", "/admin/snippets/policies/expert/add/", REVIEWING),
    "spokespeople": (
        "/admin/snippets/briefings/spokesperson/",
        "/admin/snippets/briefings/spokesperson/add/",
        REVIEWING,
    ),
}


def denied(response, url):
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = response["Location"]
        # The login page, or Wagtail's permission_denied (back to the dashboard).
        return location.startswith("/admin/login/") or location == reverse("wagtailadmin_home")
    return False


def client_for(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- Reproduced defects: the tools and the report, role by role ----------------------


@pytest.mark.parametrize("role", ROLES)
def test_editorial_tools_open_for_editors_and_site_administrators(role, world):
    client = client_for(world["users"][role])
    for tool, (url, add_url, readers) in EDITORIAL_TOOLS.items():
        response = client.get(url)
        if role in EDITORIAL_MANAGERS | readers:
            assert response.status_code == 200, f"{role} cannot open {tool}: {response.status_code}"
        else:
            assert denied(response, url), f"{role} opens {tool}: {response.status_code}"
        response = client.get(add_url)
        if role in EDITORIAL_MANAGERS:
            assert response.status_code == 200, f"{role} cannot add {tool}: {response.status_code}"
        else:
            assert denied(response, add_url), f"{role} may add {tool}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_search_query_report_only_for_site_administrators(role, world):
    from search.models import QueryLog

    QueryLog.objects.create(query="张三 身份证 110101199003071234", day="2026-01-05", searches=1)
    client = client_for(world["users"][role])
    response = client.get("/admin/search-queries/", {"days": 365})
    if role == "siteadmin":
        assert response.status_code == 200
        assert "110101199003071234" in response.content.decode()
    else:
        assert denied(response, "/admin/search-queries/"), f"{role}: {response.status_code}"
        assert b"110101199003071234" not in response.content
    # The menu shows the report to exactly those who may open it.
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ("/admin/search-queries/" in menu) == (role == "siteadmin")


@pytest.mark.parametrize("role", sorted(EDITORIAL_MANAGERS))
def test_managers_add_each_tool_through_the_admin_forms(role, world, locales):
    client = client_for(world["users"][role])
    zh = locales["zh"].language_code

    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "医保，医疗保险", "note": "常用简称"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Synonym.objects.filter(terms="医保，医疗保险").exists()

    response = client.post(
        f"/admin/snippets/policies/expert/add/?locale={zh}",
        {"name": "李教授", "title": "教授", "organisation": "示例市社会科学院", "locale": zh},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Expert.objects.filter(name="李教授").exists()

    response = client.post(
        f"/admin/snippets/briefings/spokesperson/add/?locale={zh}",
        {"name": "王发言人", "title": "新闻发言人", "contact_office": "", "contact_phone": "", "locale": zh},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Spokesperson.objects.filter(name="王发言人").exists()

    live = world["live"]
    response = client.post(
        reverse("wagtailsearchpromotions:add"),
        {
            "query_string": "征求意见",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": str(live.pk),
            "editors_picks-0-external_link_url": "",
            "editors_picks-0-external_link_text": "",
            "editors_picks-0-description": "意见征集入口",
            "editors_picks-0-ORDER": "0",
            "editors_picks-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SearchPromotion.objects.filter(query__query_string="征求意见", page=live).exists()

    # …and the query chooser of that form opens for them.
    assert client.get(reverse("wagtailsearchpromotions:chooser")).status_code == 200


def test_role_grants_are_seeded_idempotently(world):
    from django.apps import apps as registry

    from briefings import roles as briefing_roles
    from cms.bootstrap import seeders
    from policies import roles as policy_roles
    from search import roles as search_roles

    for module in (search_roles, policy_roles, briefing_roles):
        assert f"{module.__name__}.seed" in seeders()
        before = Permission.objects.filter(group__isnull=False).count()
        module.seed(registry)
        assert Permission.objects.filter(group__isnull=False).count() == before
    editor = world["users"]["editor"]
    assert editor.has_perms(
        ["search.add_synonym", "wagtailsearchpromotions.add_searchpromotion", "policies.add_expert"]
    )
    assert not editor.has_perm("search.view_querylog")


# --- Every admin URL, as every role --------------------------------------------------

# Wagtail's model areas: URL namespace → (app_label, model name).
MODEL_AREAS = {
    "wagtailusers_users": ("auth", "user"),
    "wagtailusers_groups": ("auth", "group"),
    "wagtailsites": ("wagtailcore", "site"),
    "wagtaillocales": ("wagtailcore", "locale"),
    "wagtailadmin_collections": ("wagtailcore", "collection"),
    "wagtailredirects": ("wagtailredirects", "redirect"),
    "wagtailsearchpromotions": ("wagtailsearchpromotions", "searchpromotion"),
    "wagtaildocs": ("wagtaildocs", "document"),
    "wagtailimages": ("wagtailimages", "image"),
}
ANY_ACTION = ["add", "change", "delete", "view"]
# Choosers Wagtail filters by permission itself: an empty chooser is fine.
MEDIA_CHOOSERS = {"wagtaildocs_chooser": "document", "wagtailimages_chooser": "image", "wagtailmedia": "media"}

MODERATION = {"moderator"}
# Our own admin views: URL name → the roles that may reach it.
OWN_VIEWS = {
    "search_query_report": {"siteadmin"},
    "search_promotion_query_chooser": EDITORIAL_MANAGERS,
    "search_promotion_query_chooser_results": EDITORIAL_MANAGERS,
    "cms_fast_track": {"leader"},
    "cms_review_audit": {"secrecy", "leader", "siteadmin"},
    "cms_review_audit_csv": {"secrecy", "leader", "siteadmin"},
    "cms_signoff_sheet": {"secrecy", "leader", "siteadmin"},
    "cms_signoff_sheet_pdf": {"secrecy", "leader", "siteadmin"},
    "twofactor_setup": STAFF,
    "twofactor_verify": STAFF,
    "twofactor_enrol": STAFF,  # the link's grant decides (tests/security/test_twofactor.py)
    "twofactor_recovery": STAFF,
    # Superusers and holders of auth.change_user only: none of the roles.
    "twofactor_manage_user": set(),
    "twofactor_reset_user": set(),
    "twofactor_issue_link": set(),
    # Superusers and Site administrators (tests/security/test_security_audit.py)
    "security_audit_export": {"siteadmin"},
    "accountability_admin:supervision": {"leader", "siteadmin", "dept"},
    "accountability_admin:alerts": {"leader", "siteadmin"},
    "accountability_admin:alert": {"leader", "siteadmin"},
    "accountability_admin:run": {"leader", "siteadmin"},
    "interactions_admin:queue": MODERATION,
    "interactions_admin:detail": MODERATION,
    "interactions_admin:attachment": MODERATION,
    "interactions_admin:export": MODERATION,
    "interactions_admin:outcome": MODERATION,
    "cases_admin:index": {"handler"},
    "cases_admin:create": {"handler"},
    "cases_admin:export": {"handler"},
    "cases_admin:detail": {"handler"},
    "cases_admin:action": {"handler"},
    "cases_admin:attachment": {"handler"},
}
# Our views whose rule is not a role list (the page's own permissions, a
# refusal shown on the page's edit view), walked by their own tests.
TESTED_ELSEWHERE = {
    # tests/workflow/test_translation_review.py
    "cms_submit_translation",
    "cms_guarded_convert_to_alias",
    "cms_guarded_update_translations",
    # wagtail-localize's snippet API, checked by model: SNIPPET_SECONDARY below
    # and tests/security/test_choosers.py
    "cms_checked_snippets_api_listing",
    "cms_checked_snippets_api_detail",
    # POST-only, the rule is the masked object's source (tests/interactions/test_masking_moderation.py)
    "interactions_admin:mask_add",
    "interactions_admin:mask_remove",
}
OUR_APPS = ("cms", "home", "policies", "briefings", "interactions", "search", "accountability")
# Listings a role in OWN_VIEWS must actually reach (no parameters).
OWN_LISTINGS = {
    "search_query_report",
    "cms_review_audit",
    "interactions_admin:queue",
    "cases_admin:index",
    "accountability_admin:alerts",
}


def model_of(name):
    namespace = name.rsplit(":", 1)[0] if name and ":" in name else ""
    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix):
            app_label, model_name = namespace[len(prefix) :].split("_", 1)
            return apps.get_model(app_label, model_name)
    if namespace in MODEL_AREAS and name not in OWN_VIEWS:
        return apps.get_model(*MODEL_AREAS[namespace])
    return None


def may_use(user, model):
    return policy_registry.get_by_type(model).user_has_any_permission(user, ANY_ACTION)


def own_view_names():
    """URL names under /admin/ whose view lives in one of our apps."""
    names = set()

    def walk(patterns, namespace=None, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                ns = pattern.namespace and (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace)
                yield from walk(pattern.url_patterns, ns or namespace, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern, namespace

    for route, pattern, namespace in walk(get_resolver().url_patterns):
        callback = getattr(pattern.callback, "view_class", pattern.callback)
        if route.startswith("admin/") and callback.__module__.split(".")[0] in OUR_APPS:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_admin_view_of_ours_declares_who_may_reach_it():
    # Snippet choosers are ours too (cms.admin_access): checked by their model.
    undeclared = {name for name in own_view_names() - set(OWN_VIEWS) - TESTED_ELSEWHERE if model_of(name) is None}
    assert not undeclared, f"add these to OWN_VIEWS: {sorted(undeclared)}"


@pytest.fixture
def secret_media(world):
    root = Collection.get_first_root_node()
    get_document_model().objects.create(
        title=SECRET_FILE_TITLE, file=ContentFile(b"%PDF-1.4", name="s.pdf"), collection=root
    )
    get_image_model().objects.create(title=SECRET_FILE_TITLE, file=get_test_image_file(), collection=root)
    get_media_model().objects.create(
        title=SECRET_FILE_TITLE, file=ContentFile(b"ID3", name="s.mp3"), type="audio", duration=1, collection=root
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_checks_its_permission_as(role, world, secret_media):
    user = world["users"][role]
    client = client_for(user)
    problems, walked = [], 0
    for route, name in admin_patterns():
        if not name:
            continue
        namespace = name.rsplit(":", 1)[0] if ":" in name else ""
        url = fill(route, name, world["values"])
        model = model_of(name)
        if model is not None:
            allowed = may_use(user, model)
        elif name in OWN_VIEWS:
            allowed = role in OWN_VIEWS[name]
        elif namespace in MEDIA_CHOOSERS:
            model = {"document": get_document_model, "image": get_image_model, "media": get_media_model}[
                MEDIA_CHOOSERS[namespace]
            ]()
            if "chooser" not in name:
                if namespace == "wagtailmedia":
                    allowed = may_use(user, model)
                else:
                    continue
            else:
                response = client.get(url)
                walked += 1
                if (
                    not may_use(user, model)
                    and response.status_code == 200
                    and SECRET_FILE_TITLE.encode() in response.content
                ):
                    problems.append(f"GET {url} ({name}) lists a file the role may not use")
                continue
        else:
            continue
        response = client.get(url)
        if response.status_code == 405:  # a POST-only view: post nothing
            response = client.post(url, {})
        walked += 1
        if response.status_code >= 500:
            problems.append(f"GET {url} ({name}) -> {response.status_code}")
        elif not allowed and not denied(response, url):
            problems.append(f"GET {url} ({name}) -> {response.status_code} for a role without permission")
        elif (
            allowed
            and (name in OWN_LISTINGS or name.endswith((":list", ":index", ":choose")))
            and denied(response, url)
        ):
            problems.append(f"GET {url} ({name}) -> {response.status_code} for a role with permission")
    assert walked > 150
    assert not problems, "\n".join(problems)


# --- Secondary endpoints that take any model's name ---------------------------------

# Admin URLs outside the snippet namespaces that read a snippet's rows; each
# one is requested for every snippet model (its first row) as each role.
SNIPPET_SECONDARY = {
    "wagtail_localize:snippets_api_listing": lambda app, model, pk: [app, model],
    "wagtail_localize:snippets_api_detail": lambda app, model, pk: [app, model, pk],
    "wagtail_bulk_action": lambda app, model, pk: [app, model, "delete"],
}


@pytest.mark.parametrize("role", ROLES)
def test_every_snippet_secondary_endpoint_checks_its_permission_as(role, world):
    from wagtail.snippets.models import get_snippet_models

    user = world["users"][role]
    client = client_for(user)
    problems, walked = [], 0
    for model in get_snippet_models():
        app, model_name = model._meta.app_label, model._meta.model_name
        row = model._default_manager.first()
        pk = row.pk if row is not None else 1
        for name, args in SNIPPET_SECONDARY.items():
            url = reverse(name, args=args(app, model_name, pk)) + f"?id={pk}"
            response = client.get(url)
            walked += 1
            if response.status_code >= 500:
                problems.append(f"GET {url} -> {response.status_code}")
            elif not may_use(user, model) and not denied(response, url):
                problems.append(f"GET {url} -> {response.status_code} for a role without permission")
            elif may_use(user, model) and row is not None and denied(response, url):
                problems.append(f"GET {url} -> {response.status_code} for a role with permission")
    assert walked >= 3 * 15
    assert not problems, "\n".join(problems)
