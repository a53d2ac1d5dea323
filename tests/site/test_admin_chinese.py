"""The Chinese admin reads Chinese, for every role.

Each demo role walks the admin the way a person would: from the dashboard,
following every link it is shown (the sidebar menu included) to the
explorer, the edit and create pages of every page type, snippets, reports,
workflows, history, search and settings, one page per kind of address.
Every page must be free of English interface text (tests/admin_text.py
says what counts), and /admin/jsi18n/ must translate every message of
Wagtail's JavaScript. The workflow's stage names are shown in the reader's
language only, in the admin and on the public pages."""

import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests import admin_text

pytestmark = pytest.mark.django_db

ROLES = ["admin", "editor", "reviewer", "secrecy", "leader", "moderator", "handler", "siteadmin"]
MAX_PAGES = 160
# Addresses that are not admin pages a person reads (the public site in a
# frame, files, JavaScript) or that would end the session.
SKIP = re.compile(
    r"/(logout|jsi18n|sprite|preview|view_draft|workflow/preview|download|export|csv|xlsx|serve|usage/\d+/file)"
    r"|\.(csv|xlsx|json|js|css|png|jpg|svg|pdf|vtt)$"
    r"|/admin/(documents|images|media)/.*/(original|thumbnail)"
)


# English that Wagtail 8 and wagtail-localize write without gettext, so no
# catalogue can translate it (to be fixed upstream): (address prefix, text).
UNTRANSLATABLE = [
    ("", "Search"),  # the header search's visually hidden submit button (wagtailadmin/shared/header.html)
    ("", "Actions"),  # aria-label of the slim header's buttons (wagtailadmin/shared/headers/_actions.html)
    ("/admin/sites/", "Port|Site name|Root page|按“Port”升序排列。"),  # columns labelled from field names
    ("/admin/locales/", "Enabled|Sync from"),  # wagtail-localize's synchronisation component has no labels
    ("/admin/locales/", r"\d+ pages( \+ \d+ others)?"),  # wagtaillocales/index.html
    ("/admin/localize/reports/", "Source locale|Target locale"),  # its report filters neither
    ("/admin/workflows/", "Page"),  # the workflow's page chooser field has no label
    ("/admin/groups/", "Page"),  # nor the group's page permission formset's
    ("/admin/locales/", "Locale"),  # wagtail.Locale has no verbose_name
    ("/admin/users/", "True"),  # the users listing's status cell (visually hidden)
    ("/admin/searchpicks/", "External link text"),  # a model field without verbose_name
    ("/admin/groups/", "Translation|Locale"),  # wagtail-localize models without verbose_name
    ("/admin/groups/", "Can submit"),  # wagtail-localize's permission name, shortened by Wagtail
    ("/admin/reports/aging-pages/", "None"),  # an empty "last published by" cell
]


def _untranslatable(path, text):
    return any(path.startswith(prefix) and re.fullmatch(known, text) for prefix, known in UNTRANSLATABLE)


def _pattern(path):
    """One address per kind: /admin/pages/12/edit/ and /admin/pages/34/edit/ alike."""
    return re.sub(r"/\d+(?=/|$)", "/N", path)


class _Quiet:
    def write(self, *args, **kwargs):
        pass


@pytest.fixture
def admin_world(public_site):
    """The demo site with its workflow and drafts waiting at each stage."""
    from cms import demo_workflow

    demo_workflow.load(public_site, _Quiet())
    return public_site


def content_strings():
    """Every string people typed that the admin may quote: titles, names…"""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Page, Revision

    strings = set()
    strings.update(Page.objects.values_list("title", flat=True))
    strings.update(Page.objects.values_list("draft_title", flat=True))
    for content in Revision.objects.values_list("content", flat=True):
        if isinstance(content, dict) and content.get("title"):
            strings.add(content["title"])
    strings.update(Group.objects.values_list("name", flat=True))
    # Django stores permission names in English (the group editor shows them).
    strings.update(Permission.objects.values_list("name", flat=True))
    for user in get_user_model().objects.all():
        strings.update([user.get_username(), user.get_full_name(), user.email, user.first_name, user.last_name])
    # Every text field of our apps' and Wagtail's rows (snippets, documents, settings…).
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "admin", "contenttypes", "auth", "django_q", "axes"):
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "SlugField", "EmailField", "URLField")
        ]
        if fields:
            for row in model._default_manager.values_list(*fields)[:2000]:
                strings.update(value for value in row if isinstance(value, str))
    return strings


def links(html, base):
    """Admin addresses linked from a page (and from the sidebar's JSON)."""
    found = []
    for match in re.finditer(r'(?:href|data-url|action)="([^"#]+)"|"url": ?"([^"]+)"', html):
        url = (match.group(1) or match.group(2)).replace("&amp;", "&").replace("\\u002D", "-")
        path = urlsplit(urljoin(base, url)).path
        if path.startswith("/admin/") and not SKIP.search(path):
            found.append(path)
    return found


def walk(client, seeds, limit=MAX_PAGES):
    """{path: html} of one page per kind of admin address reachable from the seeds."""
    queue, seen, pages = deque(seeds), set(), {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        pattern = _pattern(path)
        if pattern in seen:
            continue
        seen.add(pattern)
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-CN")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        queue.extend(link for link in links(html, path) if _pattern(link) not in seen)
    return pages


def seeds_for(world):
    """Pages every role is shown, reached in two or three clicks."""
    from wagtail.models import Page

    home = world["home"]
    seeds = ["/admin/", "/admin/pages/", f"/admin/pages/{home.pk}/", "/admin/pages/search/?q=通知", "/admin/reports/"]
    one_per_type = {}
    for page in Page.objects.filter(depth__gt=1, locale__language_code="zh-hans").order_by("path").specific():
        one_per_type.setdefault(type(page), page)
    for model, page in one_per_type.items():
        seeds += [f"/admin/pages/{page.pk}/edit/", f"/admin/pages/{page.pk}/history/"]
        parent = page.get_parent()
        if parent is not None and parent.depth > 1:
            seeds.append(f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/")
    return seeds


def _login(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("username", ROLES)
def test_admin_pages_have_no_english(admin_world, username):
    client = _login(username)
    pages = walk(client, seeds_for(admin_world))
    assert "/admin/" in pages
    keep = admin_text.ContentFilter(content_strings())
    problems = {}
    for path, html in pages.items():
        for text, where in admin_text.english_texts(html, keep).items():
            if not _untranslatable(path, text):
                problems.setdefault(text, f"{path} ({where})")
    listing = "\n".join(f"{text!r} at {where}" for text, where in sorted(problems.items(), key=lambda item: item[1]))
    assert not problems, f"{username}: {len(problems)} English texts on {len(pages)} admin pages:\n{listing}"


@pytest.mark.parametrize(
    ("url", "package"), [("/admin/jsi18n/", "wagtail/admin"), ("/admin/localize/jsi18n/", "wagtail_localize")]
)
def test_javascript_catalogues_translate_every_message(client, admin_user, url, package):
    """What Wagtail's scripts say (the autosave indicator, the sidebar, the
    editor) comes from these catalogues; a message missing stays English."""
    from tests import catalogues

    client.force_login(admin_user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 200
    served = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    messages = {
        key: entry
        for key, (name, entry) in catalogues.admin_messages("djangojs").items()
        if name.replace(".", "/") == package
    }
    assert len(messages) > 40
    missing = [
        catalogues.readable(key)
        for key, entry in messages.items()
        if (entry.msgctxt and f"{entry.msgctxt}\x04{entry.msgid}" or entry.msgid) not in served
    ]
    assert not missing, f"{url} leaves {len(missing)} messages in English: {missing}"
    assert served["Autosave in progress…"] == "正在自动保存…"
