"""Nothing a citizen wrote is public before a moderator approves it:
not on the page, the API, the feed, search or the exports."""

import json

import pytest
from wagtail.models import Page

from interactions import services
from interactions.models import Comment

from .conftest import add_comment

SECRET = "待审核的独特意见文本XYZZY"


def distinct_text(i):
    """Texts that share no character bigrams, so no two are grouped as a campaign."""
    return "".join(chr(0x4E00 + (i * 997 + k * 37) % 20000) for k in range(20))


@pytest.fixture
def pending(consultation):
    return add_comment(consultation, SECRET)


def public_surfaces(client, page):
    api = client.get(f"/api/v2/pages/{page.pk}/")
    listing = client.get("/api/v2/pages/", {"type": "interactions.ConsultationPage", "fields": "*"})
    return {
        "page": client.get(page.url).content.decode(),
        "grouped": client.get(page.url + "?group=section").content.decode(),
        "api": api.content.decode(),
        "api_listing": listing.content.decode(),
        "feed": client.get(page.url + "feed/").content.decode(),
        "csv": client.get(page.url + "export/csv/").content.decode("utf-8-sig"),
        "json": json.dumps(json.loads(client.get(page.url + "export/json/").content), ensure_ascii=False),
    }


def test_pending_comment_is_nowhere_public(client, consultation, pending):
    for name, text in public_surfaces(client, consultation).items():
        assert SECRET not in text, name
    assert not Page.objects.live().search("XYZZY")
    assert client.get(consultation.url).context["counts"] == {"received": 1, "published": 0, "rejected": 0}


def test_rejected_and_hidden_comments_stay_private(client, consultation, pending, moderator):
    from interactions.models import RejectReason

    services.moderate([pending], "reject", moderator, reason=RejectReason.objects.first())
    other = add_comment(consultation, SECRET + "2")
    services.moderate([other], "approve", moderator)
    services.moderate([Comment.objects.get(pk=other.pk)], "hide", moderator)
    for name, text in public_surfaces(client, consultation).items():
        assert SECRET not in text, name


def test_comment_without_consent_is_never_shown(client, consultation, moderator):
    comment = add_comment(consultation, SECRET, consent=False)
    services.moderate([comment], "approve", moderator)
    for name, text in public_surfaces(client, consultation).items():
        assert SECRET not in text, name


def test_approved_comment_appears_everywhere_public(client, consultation, pending, moderator):
    services.moderate([pending], "approve", moderator)
    surfaces = public_surfaces(client, consultation)
    for name in ["page", "grouped", "api", "feed", "csv", "json"]:
        assert SECRET in surfaces[name], name
    # Still never in site search: comments are not indexed.
    assert not Page.objects.live().search("XYZZY")


def test_public_page_is_newest_first_and_paginated(client, consultation, moderator):
    comments = [add_comment(consultation, distinct_text(i)) for i in range(25)]
    services.moderate(comments, "approve", moderator)
    first = client.get(consultation.url)
    listed = list(first.context["comment_page"])
    assert len(listed) == 20
    assert listed[0].pk == comments[-1].pk
    second = client.get(consultation.url + "?page=2")
    assert len(list(second.context["comment_page"])) == 5


def test_grouped_by_section(client, consultation, moderator):
    a = add_comment(consultation, "关于登记的意见", section="sec-2")
    b = add_comment(consultation, "关于总则的意见", section="sec-1")
    services.moderate([a, b], "approve", moderator)
    groups = client.get(consultation.url + "?group=section").context["grouped_comments"]
    assert [g["label"] for g in groups] == ["1 总则", "2 养犬登记"]


def test_counts_received_published_rejected(client, consultation, moderator):
    from interactions.models import RejectReason

    comments = [add_comment(consultation, distinct_text(i)) for i in range(5)]
    services.moderate(comments[:2], "approve", moderator)
    services.moderate(comments[2:3], "reject", moderator, reason=RejectReason.objects.first())
    assert client.get(consultation.url).context["counts"] == {"received": 5, "published": 2, "rejected": 1}


def test_cached_feed_and_exports_follow_moderation(client, consultation, moderator, settings):
    settings.GONGKAI_PAGE_CACHE_SECONDS = 600
    comment = add_comment(consultation, SECRET)
    paths = [consultation.url + "feed/", consultation.url + "export/json/", consultation.url + "export/csv/"]

    def texts():
        client.cookies.clear()
        return [client.get(path).content.decode("utf-8-sig") for path in paths]

    assert not any(SECRET in t for t in texts())
    texts()  # now cached
    services.moderate([comment], "approve", moderator)
    assert all(SECRET in t for t in texts())
    services.moderate([Comment.objects.get(pk=comment.pk)], "hide", moderator)
    assert not any(SECRET in t for t in texts())
