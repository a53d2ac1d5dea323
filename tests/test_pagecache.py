"""Anonymous pages come from the cache and are purged precisely."""

from cms import pagecache
from cms.demo import ensure_page, publish
from policies.models import InterpretationPage, PolicyIndexPage, PolicyPage


def test_second_anonymous_request_is_served_from_cache(client, tree, page_cache, django_assert_num_queries):
    first = client.get("/policies/notice/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/policies/notice/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_change_purges_the_page_its_listing_and_home(client, tree, page_cache):
    for url in ["/policies/notice/", "/policies/", "/"]:
        client.get(url)
    policy = tree["policy"]
    policy.title = "关于开展试点的通知（修订）"
    publish(policy)
    for url in ["/policies/notice/", "/policies/", "/"]:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "关于开展试点的通知（修订）" in response.content.decode(), url


def test_unrelated_pages_stay_cached_after_a_publish(client, tree, page_cache):
    ensure_page(tree["policies"], PolicyPage, "other", title="其他文件", issuers=tree["policy"].issuers.all())
    client.get("/policies/other/")
    publish(tree["policy"])
    assert client.get("/policies/other/")["X-Page-Cache"] == "hit"


def test_publishing_an_interpretation_purges_its_policy(client, tree, page_cache):
    client.get("/policies/notice/")
    ensure_page(tree["interpretations"], InterpretationPage, "notice-qa", title="试点通知问答", policy=tree["policy"])
    response = client.get("/policies/notice/")
    assert response["X-Page-Cache"] == "miss"
    assert "试点通知问答" in response.content.decode()


def test_unpublishing_removes_the_cached_copy(client, tree, page_cache):
    assert client.get("/policies/notice/").status_code == 200
    tree["policy"].unpublish()
    assert client.get("/policies/notice/").status_code == 404


def test_moving_a_page_purges_its_old_address(client, tree, page_cache, home):
    assert client.get("/policies/notice/").status_code == 200
    archive, _ = ensure_page(home, PolicyIndexPage, "archive", title="历史文件")
    tree["policy"].move(archive, pos="last-child")
    # The old address no longer serves the cached copy: Wagtail redirects it.
    old = client.get("/policies/notice/")
    assert old.status_code in (301, 404)
    assert "X-Page-Cache" not in old or old["X-Page-Cache"] != "hit"
    assert client.get("/archive/notice/").status_code == 200


def test_logged_in_users_never_get_or_fill_the_cache(client, tree, page_cache, superuser):
    client.get("/policies/notice/")
    client.force_login(superuser)
    response = client.get("/policies/notice/")
    assert "X-Page-Cache" not in response
    client.logout()


def test_elder_mode_is_cached_separately(client, tree, page_cache):
    plain = client.get("/policies/notice/")
    client.cookies["elder"] = "1"
    elder = client.get("/policies/notice/")
    assert elder["X-Page-Cache"] == "miss"
    assert 'class="elder"' in elder.content.decode()
    assert 'class="elder"' not in plain.content.decode()


def test_pages_with_a_csrf_token_are_not_stored(rf, page_cache):
    from django.middleware.csrf import get_token
    from django.template import engines

    template = engines["django"].from_string("<form>{% csrf_token %}</form>")

    def view(request):
        get_token(request)
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    middleware = pagecache.PageCacheMiddleware(view)
    request = rf.get("/form/")
    middleware(request)
    again = middleware(rf.get("/form/"))
    assert "X-Page-Cache" not in again


def test_site_wide_snippet_change_purges_every_page(client, tree, page_cache, department):
    client.get("/policies/notice/")
    department.name = "示例市教育局（新）"
    department.save()
    assert client.get("/policies/notice/")["X-Page-Cache"] == "miss"
