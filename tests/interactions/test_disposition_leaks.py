"""Dispositions stay internal until the outcome is published (issue 20, defect 4).

A moderator approves a comment and records what was done with it through the
moderation screen, with a reason for the public and an internal note. Until
the consultation's outcome is published, no public surface (the page in both
groupings, the API detail and listing, the feed, the CSV and JSON exports)
carries the disposition or either note; once the
outcome is published through its admin screen, they carry the disposition
with its public reason only, never the internal note."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from interactions.models import Comment, ConsultationPage

from .conftest import post_comment

BODY = "建议把第十二条的禁养名录交由听证会确定。"
PUBLIC_REASON = "禁养名录已由上位法规定QWPUBLIC"
INTERNAL_NOTE = "法制办口头意见不宜公开QWINTERNAL"


def surfaces(client, page):
    api = client.get(f"/api/v2/pages/{page.pk}/")
    listing = client.get("/api/v2/pages/", {"type": "interactions.ConsultationPage", "fields": "public_comments"})
    assert api.status_code == 200 and listing.status_code == 200
    csv_response = client.get(page.url + "export/csv/")
    json_response = client.get(page.url + "export/json/")
    assert csv_response.status_code == 200 and json_response.status_code == 200
    return {
        "page": client.get(page.url).content.decode(),
        "grouped": client.get(page.url + "?group=section").content.decode(),
        "api": api.json(),
        "api_listing": listing.json(),
        "feed": client.get(page.url + "feed/").content.decode(),
        "csv": csv_response.content.decode("utf-8-sig"),
        "json": json.loads(json_response.content),
    }


def as_text(value):
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def api_comments(data):
    return data["public_comments"]


@pytest.fixture
def disposed(client, consultation, moderator):
    """A comment sent through the public form, approved and given a
    disposition through the moderation screen."""
    assert post_comment(client, consultation, body=BODY).status_code == 302
    comment = Comment.objects.get(body=BODY)
    staff = type(client)()
    staff.force_login(moderator)
    url = reverse("interactions_admin:detail", args=[comment.pk])
    staff.post(url, {"ids": [comment.pk], "action": "approve"})
    staff.post(
        url,
        {
            "ids": [comment.pk],
            "action": "dispose",
            "disposition": Comment.NOT_ADOPTED,
            "note": PUBLIC_REASON,
            "internal_note": INTERNAL_NOTE,
        },
    )
    comment.refresh_from_db()
    assert comment.status == Comment.PUBLISHED and comment.disposition == Comment.NOT_ADOPTED
    return comment, staff


def assert_no_disposition(client, page):
    seen = surfaces(client, page)
    for name, value in seen.items():
        text = as_text(value)
        assert BODY in text, f"{name}: the published comment itself is shown"
        assert PUBLIC_REASON not in text, f"{name} shows the reason before the outcome"
        assert INTERNAL_NOTE not in text, f"{name} shows the internal note"
        assert "not_adopted" not in text, f"{name} carries the disposition code"
    assert 'class="comment-disposition"' not in seen["page"] + seen["grouped"]
    for row in api_comments(seen["api"]) + api_comments(seen["api_listing"]["items"][0]) + seen["json"]["comments"]:
        assert not {"disposition", "disposition_code", "disposition_reason"} & set(row)
    assert "disposition" not in seen["csv"].splitlines()[0]


def test_no_public_surface_carries_a_disposition_while_the_consultation_is_open(client, consultation, disposed):
    assert_no_disposition(client, consultation)


def test_nor_after_closing_until_the_outcome_is_published(client, consultation, disposed):
    comment, staff = disposed
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=30), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    closed = ConsultationPage.objects.get(pk=consultation.pk)
    # A summary saved but not yet published is not an outcome.
    outcome_url = reverse("interactions_admin:outcome", args=[closed.pk])
    staff.post(outcome_url, {"summary": "共收到意见1条。"})
    assert_no_disposition(client, closed)

    staff.post(outcome_url, {"summary": "共收到意见1条。", "publish": "1"})
    closed.refresh_from_db()
    assert closed.outcome_is_published
    seen = surfaces(client, closed)
    for name in ("page", "grouped", "feed", "csv"):
        assert PUBLIC_REASON in seen[name], f"{name} shows the public reason after the outcome"
    for name, value in seen.items():
        assert INTERNAL_NOTE not in as_text(value), f"{name} shows the internal note"
    for rows in (api_comments(seen["api"]), api_comments(seen["api_listing"]["items"][0]), seen["json"]["comments"]):
        (row,) = rows
        assert row["disposition_code"] == Comment.NOT_ADOPTED
        assert row["disposition_reason"] == PUBLIC_REASON
        assert row["disposition"] == str(Comment(disposition=Comment.NOT_ADOPTED).get_disposition_display())
