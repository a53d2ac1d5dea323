"""The policy index: filters with stable URLs, sorting, pagination; drafts and
restricted pages never appear in the listing, the API or the feed."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from cms.models import Topic


@pytest.fixture
def repository(make_policy, department, other_department, topic, locales):
    health = Topic.objects.create(name="医疗卫生", slug="health", locale=locales["zh"])
    docs = {
        "edu_2026": make_policy("教育2026", published_on=datetime.date(2026, 3, 1), topics=[topic], kind="measures"),
        "edu_2025": make_policy("教育2025", published_on=datetime.date(2025, 6, 1), topics=[topic], kind="notice"),
        "health": make_policy(
            "卫健2026",
            published_on=datetime.date(2026, 4, 1),
            issuers=[other_department],
            topics=[health],
            kind="notice",
        ),
        "joint": make_policy(
            "联合发文", published_on=datetime.date(2026, 5, 1), issuers=[department, other_department], kind="opinion"
        ),
        "repealed": make_policy("已废止", published_on=datetime.date(2024, 1, 1), validity="repealed"),
        "draft": make_policy("草稿文件", live=False, published_on=datetime.date(2026, 6, 1)),
    }
    private = make_policy("内部文件", published_on=datetime.date(2026, 6, 2))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    docs["private"] = private
    return docs


def titles(response):
    return [item.title for item in response.context["policies"].object_list]


FILTER_CASES = [
    ("", ["联合发文", "卫健2026", "教育2026", "教育2025", "已废止"]),  # by publication date, no drafts
    ("?department=SWJW", ["联合发文", "卫健2026"]),
    ("?department=SJYJ", ["联合发文", "教育2026", "教育2025", "已废止"]),
    ("?topic=education", ["教育2026", "教育2025"]),
    ("?year=2026", ["联合发文", "卫健2026", "教育2026"]),
    ("?kind=notice", ["卫健2026", "教育2025"]),
    ("?validity=repealed", ["已废止"]),
    ("?department=SJYJ&year=2026&kind=measures", ["教育2026"]),
]


def test_filters(client, policy_index, repository):
    for query, expected in FILTER_CASES:
        assert titles(client.get(policy_index.url + query)) == expected, query


def test_canonical_urls_labelled_form_and_no_drafts(client, policy_index, repository):
    """One canonical URL per filter combination; a labelled filter form; drafts are not served."""
    a = client.get(policy_index.url + "?year=2026&department=SJYJ&junk=1&kind=nonsense")
    b = client.get(policy_index.url + "?department=SJYJ&year=2026")
    assert a.context["canonical_url"] == b.context["canonical_url"] == policy_index.url + "?department=SJYJ&year=2026"
    assert '<link rel="canonical" href="/policies/?department=SJYJ&amp;year=2026">' in b.content.decode()
    assert titles(a) == titles(b)

    html = client.get(policy_index.url + "?department=SWJW").content.decode()
    for name in ["department", "topic", "year", "kind", "validity"]:
        assert f'<label for="f-{name}">' in html and f'id="f-{name}" name="{name}"' in html
    assert '<option value="SWJW" selected>' in html
    assert client.get(repository["draft"].url).status_code == 404


def test_pagination_keeps_filters(client, policy_index, make_policy, monkeypatch):
    from policies.models import PolicyIndexPage

    monkeypatch.setattr(PolicyIndexPage, "per_page", 4)
    for n in range(6):
        make_policy(f"分页{n:02d}", published_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    first = client.get(policy_index.url + "?year=2026")
    assert len(first.context["policies"].object_list) == 4
    assert first.context["next_url"] == policy_index.url + "?year=2026&page=2"
    second = client.get(first.context["next_url"])
    assert titles(second) == ["分页01", "分页00"]
    assert second.context["previous_url"] == policy_index.url + "?year=2026"
    assert client.get(policy_index.url + "?page=99").context["policies"].number == 1


def test_the_index_feed_address_moved_permanently_to_the_policies_section_feed(client, policy_index, repository):
    """The policy index's old RSS address (policies/feed/) sends subscribers on
    to the one policy feed, the section's Atom feed, so none is lost."""
    response = client.get(policy_index.url + "feed/")
    assert response.status_code == 301
    assert response["Location"] == "/feeds/policies/"
    followed = client.get(response["Location"])
    assert followed.status_code == 200 and followed["Content-Type"].startswith("application/atom+xml")


def test_feed_and_api_list_only_live_public_policies(client, policy_index, repository):
    response = client.get("/feeds/policies/")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "联合发文" in xml and "教育2025" in xml
    assert "草稿文件" not in xml and "内部文件" not in xml

    data = client.get("/api/v2/pages/?type=policies.PolicyPage&limit=50").json()
    listed = {item["title"] for item in data["items"]}
    assert "联合发文" in listed and "已废止" in listed
    assert "草稿文件" not in listed and "内部文件" not in listed
    assert client.get(f"/api/v2/pages/{repository['draft'].pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{repository['private'].pk}/").status_code == 404
