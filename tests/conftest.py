"""Shared fixtures: a real page tree (root → home, zh-hans and English),
departments, topics and users in the real role groups."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from cms import roles
from cms.bootstrap import ensure_base_rows
from cms.demo import ensure_snippet_translation, ensure_translation, publish
from cms.models import Department, Topic
from home.models import HomePage


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_fragments(settings):
    # Ids are reused after a rollback: no fragment, route or site may outlive its test.
    if settings.GONGKAI_FRAGMENT_CACHE_SECONDS > 0:
        from django.core.cache import cache

        from cms import fragments

        cache.clear()
        cache.set(fragments.GENERATION_KEY, next(_generations), None)


_generations = itertools.count(10_000)


@pytest.fixture(autouse=True)
def _fresh_sensitive_words():
    # The list is cached for a minute; a rolled-back test's words must not leak.
    from interactions.screening import forget_sensitive_words

    forget_sensitive_words()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # A reused test database may have been left flushed by a transactional test.
    with django_db_blocker.unblock():
        ensure_base_rows()


@pytest.fixture(autouse=True)
def _base_rows_after_flush(request):
    # Transactional tests start from a flushed database: put back the rows
    # migrations seed (root page, locale, groups, workflows, schedules).
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if marked or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        ensure_base_rows()


@pytest.fixture
def locales(db):
    if Page.get_first_root_node() is None:
        ensure_base_rows()  # a transactional test emptied the database
    zh = Locale.objects.get_or_create(language_code="zh-hans")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    return {"zh": zh, "en": en}


@pytest.fixture
def home(locales):
    root = Page.get_first_root_node()
    for starter in root.get_children().filter(content_type__app_label="wagtailcore"):
        starter.slug = f"starter-{starter.pk}"
        starter.save()
    home = HomePage(title="示例市人民政府信息公开", slug="home", locale=locales["zh"])
    root.add_child(instance=home)
    publish(home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.port = 80
    site.save()
    return HomePage.objects.get(pk=home.pk)


@pytest.fixture
def home_en(home, locales):
    return ensure_translation(home, locales["en"], title="Shili City Government")[0]


@pytest.fixture
def department(locales):
    dept = Department.objects.create(name="示例市教育局", code="SJYJ", locale=locales["zh"])
    ensure_snippet_translation(dept, locales["en"], name="Shili Education Bureau")
    return dept


@pytest.fixture
def other_department(locales):
    return Department.objects.create(name="示例市卫生健康委员会", code="SWJW", locale=locales["zh"])


@pytest.fixture
def topic(locales):
    return Topic.objects.create(name="教育", slug="education", locale=locales["zh"])


@pytest.fixture
def tree(home, department):
    """A policy index, an interpretation index and one live policy under the home page."""
    from cms.demo import ensure_page
    from policies.models import InterpretationIndexPage, PolicyIndexPage, PolicyPage

    policies, _ = ensure_page(home, PolicyIndexPage, "policies", title="政策文件")
    interpretations, _ = ensure_page(home, InterpretationIndexPage, "interpretations", title="政策解读")
    policy, _ = ensure_page(policies, PolicyPage, "notice", title="关于开展试点的通知", issuers=[department])
    return {"policies": policies, "interpretations": interpretations, "policy": policy}


@pytest.fixture
def make_user(db):
    def make(username, *group_names, superuser=False):
        user = get_user_model().objects.create_user(
            username=username,
            password="pw-" + username,
            email=f"{username}@example.test",
            is_superuser=superuser,
            is_staff=superuser,
        )
        for name in group_names:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("editor", roles.EDITORS)


@pytest.fixture
def superuser(make_user):
    return make_user("admin", superuser=True)


@pytest.fixture
def demo_site(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return HomePage.objects.get(locale__language_code="zh-hans", depth=2)


pytest_plugins = ["tests.browser"]


@pytest.fixture
def page_cache(settings):
    """The whole-page cache on (the test settings switch it off)."""
    from django.core.cache import cache

    settings.GONGKAI_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


_fragment_generations = itertools.count(1_000_000)


@pytest.fixture
def fragment_cache(settings):
    """Shared fragments and the API response cache on, as in production."""
    from django.core.cache import cache

    from cms import fragments

    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 300
    settings.GONGKAI_API_CACHE_SECONDS = 300
    cache.clear()
    # A generation no earlier test used: the per-process route and site tables start empty.
    cache.set(fragments.GENERATION_KEY, next(_fragment_generations), None)
    yield
    cache.clear()
