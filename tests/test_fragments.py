"""Shared parts of pages are rendered once per content generation and are
renewed by everything that changes what they show (cms/fragments.py)."""

from django.core.cache import cache
from wagtail.models import Site

from cms import fragments
from cms.demo import ensure_page, ensure_translation, publish
from policies.models import InterpretationPage, PolicyIndexPage, PolicyPage


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured.captured_queries)


def test_warm_fragments_render_the_same_page_with_far_fewer_queries(client, tree, fragment_cache):
    cold, cold_queries = _queries(client, "/policies/notice/")
    warm, warm_queries = _queries(client, "/policies/notice/")
    assert warm.content == cold.content
    assert warm_queries <= cold_queries // 2, (cold_queries, warm_queries)


def _stored_fragments():
    # LocMemCache keeps its keys in `_cache` (the test settings use it).
    return {key for key in cache._cache if ":fragments:" in key and fragments.GENERATION_KEY not in key}


def test_nothing_is_stored_when_fragments_are_off(client, tree, settings):
    settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 0
    cache.clear()
    assert client.get("/policies/notice/").status_code == 200
    assert _stored_fragments() == set()


def test_a_page_render_stores_its_fragments(client, tree, fragment_cache):
    client.get("/policies/notice/")
    assert len(_stored_fragments()) >= 5


def test_publishing_renews_the_page_its_navigation_and_breadcrumbs(client, tree, fragment_cache):
    client.get("/policies/notice/")
    policy = tree["policy"]
    policy.title = "关于开展试点的通知（修订）"
    publish(policy)
    section = tree["policies"]
    section.title = "政策文件库"
    publish(section)
    html = client.get("/policies/notice/").content.decode()
    assert "关于开展试点的通知（修订）" in html
    assert 'aria-current="true">政策文件库</a>' in html  # the main navigation
    assert '<a href="/policies/">政策文件库</a>' in html  # the breadcrumbs


def test_publishing_an_interpretation_renews_its_policy(client, tree, fragment_cache):
    assert "试点通知问答" not in client.get("/policies/notice/").content.decode()
    ensure_page(tree["interpretations"], InterpretationPage, "notice-qa", title="试点通知问答", policy=tree["policy"])
    assert "试点通知问答" in client.get("/policies/notice/").content.decode()


def test_a_department_rename_reaches_every_page(client, tree, fragment_cache, department):
    client.get("/policies/notice/")
    department.name = "示例市教育局（新）"
    department.save()
    assert "示例市教育局（新）" in client.get("/policies/notice/").content.decode()


def test_each_language_has_its_own_fragments(client, tree, fragment_cache, home_en, locales):
    ensure_translation(tree["policies"], locales["en"], title="Policies")
    policy_en, _ = ensure_translation(tree["policy"], locales["en"], title="Notice on the pilot")
    chinese = client.get("/policies/notice/").content.decode()
    english = client.get(policy_en.url).content.decode()
    assert "关于开展试点的通知" in chinese
    assert "Notice on the pilot" in english
    assert "关于开展试点的通知</h1>" not in english
    assert '<html lang="en"' in english


def test_elder_mode_still_switches_with_warm_fragments(client, tree, fragment_cache):
    plain = client.get("/policies/notice/").content.decode()
    client.cookies["elder"] = "1"
    elder = client.get("/policies/notice/").content.decode()
    assert 'class="elder"' in elder and 'class="elder"' not in plain
    assert 'name="elder" value="0"' in elder and 'name="elder" value="1"' in plain


def test_a_preview_neither_reads_nor_stores_fragments(client, tree, fragment_cache):
    client.get("/policies/notice/")  # warm
    policy = PolicyPage.objects.get(pk=tree["policy"].pk)
    policy.title = "尚未发布的草稿标题"
    preview = policy.make_preview_request()
    assert "尚未发布的草稿标题" in preview.content.decode()
    public = client.get("/policies/notice/").content.decode()
    assert "尚未发布的草稿标题" not in public
    assert "关于开展试点的通知" in public


def test_saving_a_site_moves_the_generation(tree, fragment_cache):
    before = cache.get(fragments.GENERATION_KEY, 0)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "示例市"
    site.save()
    assert cache.get(fragments.GENERATION_KEY, 0) > before


def test_anonymous_api_listing_is_cached_and_renewed_by_a_publish(client, tree, fragment_cache):
    url = "/api/v2/pages/?type=policies.PolicyPage&fields=title"
    first = client.get(url).json()
    assert [item["title"] for item in first["items"]] == ["关于开展试点的通知"]
    ensure_page(tree["policies"], PolicyPage, "second", title="第二份文件", issuers=tree["policy"].issuers.all())
    second = client.get(url).json()
    assert sorted(item["title"] for item in second["items"]) == ["关于开展试点的通知", "第二份文件"]


def test_api_errors_and_searches_are_not_cached(client, tree, fragment_cache):
    assert client.get("/api/v2/pages/?nonsense=1").status_code == 400
    assert client.get("/api/v2/pages/?search=试点").status_code == 200
    assert _stored_fragments() == set()
    assert client.get("/api/v2/pages/").status_code == 200
    assert len(_stored_fragments()) == 1


def test_remembered_routes_follow_a_move_and_an_unpublish(client, tree, fragment_cache, home):
    assert client.get("/policies/notice/").status_code == 200
    assert client.get("/policies/notice/").status_code == 200  # routed from the table
    archive, _ = ensure_page(home, PolicyIndexPage, "archive", title="历史文件")
    PolicyPage.objects.get(pk=tree["policy"].pk).move(archive, pos="last-child")
    assert client.get("/policies/notice/").status_code in (301, 302, 404)
    assert "关于开展试点的通知" in client.get("/archive/notice/").content.decode()
    PolicyPage.objects.get(pk=tree["policy"].pk).unpublish()
    assert client.get("/archive/notice/").status_code == 404


def test_a_remembered_route_never_outlives_a_deleted_page(client, tree, fragment_cache):
    assert client.get("/policies/notice/").status_code == 200
    PolicyPage.objects.filter(pk=tree["policy"].pk).delete()
    assert client.get("/policies/notice/").status_code == 404


def test_a_new_view_restriction_applies_at_once(client, tree, fragment_cache):
    from wagtail.models import PageViewRestriction

    assert client.get("/policies/notice/").status_code == 200  # "no restrictions anywhere" is now remembered
    PageViewRestriction.objects.create(
        page=tree["policy"], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get("/policies/notice/")
    assert response.status_code == 200 and "关于开展试点的通知</h1>" not in response.content.decode()
    assert 'name="password"' in response.content.decode()
