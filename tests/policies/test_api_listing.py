"""API page listings are built from database rows (cms/api_listing.py) and a
direct filter on the listed type's table (cms/api.py): the JSON must be the
same, byte for byte, as Wagtail's own pages API gives for the same query."""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from briefings.models import BriefingIndexPage, BriefingPage
from cms import fragments
from cms.demo import ensure_page, ensure_translation
from home.models import HomePage

pytestmark = pytest.mark.django_db

STOCK_URLCONF = "tests.policies.stock_api_urls"

QUERIES = [
    "",
    "?limit=3&offset=2",
    "?type=policies.PolicyPage",
    "?type=policies.PolicyPage&locale=en",
    "?type=policies.PolicyPage,policies.InterpretationPage&order=-title",
    "?type=policies.PolicyPage&fields=document_number,index_number,validity,kind,written_on,expires_on,is_major",
    "?type=policies.PolicyPage&fields=-title,-html_url,summary&order=-first_published_at",
    "?type=policies.PolicyPage&fields=_,title,seo_title,show_in_menus,search_description",
    "?type=policies.PolicyPage&fields=issuers,topics",  # needs page objects: Wagtail's serializer
    "?type=policies.PolicyPage&validity=repealed",
    "?type=policies.PolicyPage&document_number=示府〔2026〕1号",
    "?type=policies.InterpretationPage&fields=policy",
    "?type=briefings.BriefingPage&fields=*",
    "?fields=*&limit=5",
    "?child_of={policies}",
    "?descendant_of={home}&type=policies.PolicyPage&order=id",
    "?translation_of={policy}",
    "?locale=zh-hans&order=title",
    "?site=other.example",
    "?site=missing.example",
    # Bad requests: the same status and message.
    "?fields=title,nonsense",
    "?fields=title(",
    "?type=policies.NoSuchPage",
    "?type=policies.PolicyPage&nonsense=1",
    "?limit=1000",
    "?offset=-1",
    "?order=nonsense",
]


@pytest.fixture
def portal(tree, home, home_en, department, locales):
    """Policies with every kind of value (empty dates, choices, both
    languages), an interpretation, a briefing, a draft, a restricted subtree
    and a second site whose pages are not ours."""
    policies = tree["policies"]
    for n, validity in enumerate(["valid", "valid", "repealed", "expired", "valid"], start=1):
        ensure_page(
            policies,
            tree["policy"].__class__,
            f"policy-{n}",
            title=f"政策文件{n}",
            document_number=f"示府〔2026〕{n}号",
            validity=validity,
            kind="notice" if n % 2 else "measures",
            issuers=[department],
            written_on=datetime.date(2026, 1, n),
            expires_on=datetime.date(2030, 1, n) if n > 3 else None,
            seo_title="搜索标题" if n == 1 else "",
            summary=f"摘要{n}",
        )
    ensure_page(policies, tree["policy"].__class__, "draft", live=False, title="草稿", issuers=[department])
    restricted, _ = ensure_page(policies, tree["policy"].__class__, "internal", title="内部文件", issuers=[department])
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="x")
    from policies.models import InterpretationPage

    ensure_page(tree["interpretations"], InterpretationPage, "notice-qa", title="试点通知问答", policy=tree["policy"])
    briefings, _ = ensure_page(home, BriefingIndexPage, "briefings", title="新闻发布会")
    ensure_page(
        briefings,
        BriefingPage,
        "briefing",
        title="例行新闻发布会",
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    english_policies = ensure_translation(policies, locales["en"], title="Policies")[0]
    ensure_translation(tree["policy"], locales["en"], title="Notice on the pilot")
    other_home = HomePage(title="另一个网站", slug="other-home", locale=locales["zh"])
    Page.get_first_root_node().add_child(instance=other_home)
    other_home.save_revision().publish()
    Site.objects.create(hostname="other.example", port=80, root_page=other_home, site_name="其他")
    return {"home": home.pk, "policies": policies.pk, "policy": tree["policy"].pk, "english": english_policies.pk}


def _both(client, settings, url):
    ours = client.get(url)
    settings.ROOT_URLCONF = STOCK_URLCONF
    try:
        stock = client.get(url)
    finally:
        del settings.ROOT_URLCONF
    return ours, stock


_generations = itertools.count(2_000_000)


@pytest.fixture(params=["fragments off", "fragments on"])
def fragment_mode(request, settings):
    if request.param == "fragments on":
        # The per-process tables (sites, language trees, restrictions) in play;
        # responses themselves computed every time.
        settings.GONGKAI_FRAGMENT_CACHE_SECONDS = 300
        settings.GONGKAI_API_CACHE_SECONDS = 0
        cache.set(fragments.GENERATION_KEY, next(_generations), None)
    return request.param


@pytest.mark.parametrize("query", QUERIES)
def test_listing_is_the_same_as_wagtails(client, settings, portal, fragment_mode, query):
    url = "/api/v2/pages/" + query.format(**portal)
    ours, stock = _both(client, settings, url)
    assert ours.status_code == stock.status_code, (ours.content, stock.content)
    assert ours.content.decode() == stock.content.decode()


def test_the_comparison_sees_pages_and_the_restricted_one_stays_out(client, settings, portal):
    data = client.get("/api/v2/pages/?type=policies.PolicyPage&fields=document_number").json()
    titles = [item["title"] for item in data["items"]]
    assert data["meta"]["total_count"] == len(titles) == 7  # five, the notice, its English translation
    assert "内部文件" not in titles and "草稿" not in titles
    english = [item for item in data["items"] if item["meta"]["locale"] == "en"]
    assert english[0]["meta"]["html_url"] == "http://testserver/en/policies/notice/"
    assert data["items"][0]["meta"]["detail_url"].startswith("http://testserver/api/v2/pages/")


def test_a_password_unlocked_page_is_still_not_listed(client, settings, portal):
    # Wagtail would list it to the visitor who unlocked it; public data only here.
    restricted = PageViewRestriction.objects.get()
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restricted.pk]
    session.save()
    titles = [item["title"] for item in client.get("/api/v2/pages/?type=policies.PolicyPage").json()["items"]]
    assert "内部文件" not in titles


def test_a_default_listing_costs_two_queries(client, settings, portal, fragment_mode):
    if fragment_mode == "fragments off":
        pytest.skip("the per-process tables only serve with fragments on")
    PageViewRestriction.objects.all().delete()
    url = "/api/v2/pages/?type=policies.PolicyPage&fields=document_number,validity"
    client.get(url)  # warm the per-process tables
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == 2, [q["sql"][:120] for q in captured]  # the count and the rows


def test_plain_listings_skip_page_objects_and_the_rest_keep_them(client, portal):
    from cms.api import PublicPagesAPIViewSet
    from cms.api_listing import LightListing
    from policies.models import PolicyPage

    def listing(fields):
        view = PublicPagesAPIViewSet()
        view.request = client.get("/api/v2/pages/", {"fields": fields} if fields else {}).wsgi_request
        view.request.wagtailapi_router = __import__("cms.api", fromlist=["api_router"]).api_router
        return LightListing.for_request(view, PolicyPage)

    assert listing(None) is not None
    assert listing("document_number,validity,written_on") is not None
    assert listing("issuers") is None and listing("body") is None and listing("*") is None
