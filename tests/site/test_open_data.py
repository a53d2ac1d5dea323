"""Open data: Atom feeds, sitemap, robots.txt, the API and the disclosure catalogue."""

import csv
import io
import json

import feedparser
import pytest
from wagtail.models import PageViewRestriction

from cms import sections
from cms.demo import ensure_page
from cms.feeds import feeds_for_page
from home.models import TopicIndexPage, TopicPage

pytestmark = pytest.mark.django_db


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


def test_every_section_feed_parses_in_both_languages(client, public_site):
    registered = sections.feeds()
    assert {s.key for s in registered} >= {"policies", "interpretations", "briefings", "consultations", "topics"}
    for section in registered:
        for prefix in ("", "/en"):
            parsed = _feed(client, f"{prefix}/feeds/{section.key}/")
            assert parsed.feed.title
            for entry in parsed.entries:
                assert entry.link.startswith("http://testserver" + (prefix + "/" if prefix else "/"))
                if prefix == "":
                    assert "/en/" not in entry.link


def test_policy_feed_lists_newest_live_pages_of_the_language(client, public_site):
    from policies.models import PolicyPage

    zh = _feed(client, "/feeds/policies/")
    en = _feed(client, "/en/feeds/policies/")
    live_zh = PolicyPage.objects.live().public().filter(locale=public_site["zh"])
    assert len(zh.entries) == live_zh.count() > 0
    assert {e.title for e in zh.entries} == set(live_zh.values_list("title", flat=True))
    assert all(e.link.startswith("http://testserver/en/") for e in en.entries)
    newest = live_zh.order_by("-first_published_at").first()
    assert zh.entries[0].title == newest.title


def test_topic_feed_excludes_drafts_and_private_pages(client, public_site):
    index = TopicIndexPage.objects.get(locale=public_site["zh"])
    ensure_page(index, TopicPage, "draft-topic", live=False, title="未发布专题")
    private, _created = ensure_page(index, TopicPage, "private-topic", title="内部专题")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    titles = {e.title for e in _feed(client, "/feeds/topics/").entries}
    assert "中小学课后服务专题" in titles
    assert "未发布专题" not in titles and "内部专题" not in titles


def test_pages_announce_their_feeds(client, public_site):
    html = client.get("/").content.decode()
    assert 'type="application/atom+xml"' in html and 'href="/feeds/policies/"' in html
    policy_index = TopicIndexPage.objects.get(locale=public_site["zh"])
    assert [f["key"] for f in feeds_for_page(policy_index)] == ["topics"]


def test_sitemap_lists_both_locales_with_hreflang_alternates(client, public_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<loc>http://testserver/</loc>" in xml
    assert "<loc>http://testserver/en/</loc>" in xml
    assert "<loc>http://testserver/en/topics/after-school-care/</loc>" in xml
    assert 'hreflang="en" href="http://testserver/en/topics/after-school-care/"' in xml
    assert 'hreflang="zh-hans" href="http://testserver/topics/after-school-care/"' in xml
    assert 'hreflang="x-default" href="http://testserver/"' in xml


def test_sitemap_leaves_out_drafts_private_and_noindex_pages(client, public_site):
    index = TopicIndexPage.objects.get(locale=public_site["zh"])
    ensure_page(index, TopicPage, "draft-topic", live=False, title="未发布专题")
    private, _created = ensure_page(index, TopicPage, "private-topic", title="内部专题")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    ensure_page(index, TopicPage, "hidden-topic", title="不索引专题", noindex=True)
    xml = client.get("/sitemap.xml").content.decode()
    for slug in ("draft-topic", "private-topic", "hidden-topic"):
        assert slug not in xml


def test_robots_txt_points_to_the_sitemap(client, public_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


# --- API ---------------------------------------------------------------------


def test_api_lists_only_live_public_pages(client, public_site):
    index = TopicIndexPage.objects.get(locale=public_site["zh"])
    draft, _created = ensure_page(index, TopicPage, "draft-topic", live=False, title="未发布专题")
    private, _created = ensure_page(index, TopicPage, "private-topic", title="内部专题")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/api/v2/pages/?limit=100")
    assert response.status_code == 200
    data = response.json()
    ids = {item["id"] for item in data["items"]}
    from wagtail.models import Page

    expected = set(Page.objects.live().public().filter(depth__gt=1).values_list("id", flat=True))
    assert ids == expected
    assert draft.pk not in ids and private.pk not in ids
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404
    languages = {item["meta"]["locale"] for item in data["items"]}
    assert languages == {"zh-hans", "en"}


def test_api_serves_every_public_page_type_with_its_fields(client, public_site):
    from wagtail.models import Page

    types = {page.specific_class._meta.label for page in Page.objects.live().public().filter(depth__gt=1).specific()}
    for label in types:
        response = client.get(f"/api/v2/pages/?type={label}&limit=1")
        assert response.status_code == 200, label
        assert response.json()["meta"]["total_count"] >= 1, label
    topic = TopicPage.objects.live().get(locale=public_site["zh"])
    detail = client.get(f"/api/v2/pages/{topic.pk}/").json()
    assert detail["summary"] == topic.summary
    assert any(block["type"] == "chart" for block in detail["body"])
    assert isinstance(detail["curated"], list)


# --- Disclosure catalogue -------------------------------------------------------


def test_catalogue_page_in_both_languages(client, public_site):
    zh = client.get("/catalogue/")
    assert zh.status_code == 200
    html = zh.content.decode()
    assert "示例市中小学课后服务实施办法" in html  # a Chinese policy, never an English one
    assert "/en/policies/" not in html.split("<main")[1]
    assert 'href="/catalogue.csv"' in html and 'href="/catalogue.json"' in html
    en = client.get("/en/catalogue/")
    assert en.status_code == 200
    assert "Government information disclosure catalogue" in en.content.decode()


def test_catalogue_json_is_filterable_by_department_topic_year_and_type(client, public_site):
    data = client.get("/catalogue.json").json()
    assert data["count"] == len(data["items"]) > 0
    assert data["language"] == "zh-hans"
    assert all("/en/" not in item["url"] for item in data["items"])
    with_dept = next(item for item in data["items"] if item["department_codes"])
    code = with_dept["department_codes"][0]
    by_dept = client.get(f"/catalogue.json?department={code}").json()
    assert by_dept["count"] >= 1 and all(code in item["department_codes"] for item in by_dept["items"])
    year = data["items"][0]["year"]
    assert all(item["year"] == year for item in client.get(f"/catalogue.json?year={year}").json()["items"])
    by_type = client.get("/catalogue.json?type=policies").json()
    assert by_type["count"] >= 1 and all(item["type"] == "政策文件" or item["type"] for item in by_type["items"])
    with_topic = [item for item in data["items"] if item["topic_slugs"]]
    if with_topic:
        slug = with_topic[0]["topic_slugs"][0]
        assert all(slug in item["topic_slugs"] for item in client.get(f"/catalogue.json?topic={slug}").json()["items"])
    assert client.get("/catalogue.json?department=NO-SUCH").json()["count"] == 0
    english = client.get("/en/catalogue.json").json()
    assert english["language"] == "en" and all("/en/" in item["url"] for item in english["items"])


def test_catalogue_csv_neutralises_formulas(client, public_site):
    from policies.models import PolicyPage

    policy = PolicyPage.objects.live().filter(locale=public_site["zh"]).first()
    PolicyPage.objects.filter(pk=policy.pk).update(title='=HYPERLINK("http://evil.example","x")')
    response = client.get("/catalogue.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and set(rows[0]) >= {"title", "departments", "topics", "year", "url"}
    titles = [row["title"] for row in rows]
    assert '\'=HYPERLINK("http://evil.example","x")' in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_catalogue_empty_state(client, public_site):
    html = client.get("/catalogue/?department=NO-SUCH").content.decode()
    assert 'class="empty"' in html


def test_json_is_valid_utf8(client, public_site):
    body = client.get("/catalogue.json").content.decode("utf-8")
    assert json.loads(body)["fields"][0] == "index_number"


def test_api_serves_departments_and_topics_per_language(client, public_site):
    everything = client.get("/api/v2/departments/?limit=100").json()
    english = client.get("/api/v2/departments/?locale=en&limit=100").json()
    assert 0 < english["meta"]["total_count"] < everything["meta"]["total_count"]
    assert {item["code"] for item in english["items"]} <= {item["code"] for item in everything["items"]}
    topics = client.get("/api/v2/topics/?locale=zh-hans&limit=100").json()
    assert "education" in {item["slug"] for item in topics["items"]}
