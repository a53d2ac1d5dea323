"""The moderator sees what will be masked and can mask more by hand
(issue 20, defect 2: "the moderation view shows the raw text with nothing
highlighted").

Through the real public comment form and the real moderation screens."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from interactions.masking import ManualMask
from interactions.models import Comment

from .conftest import post_comment

pytestmark = pytest.mark.django_db

TYPED_ID = "110105 19491231 002X"
TYPED_PHONE = "abc13912345678def"


def _detail(client, comment):
    response = client.get(reverse("interactions_admin:detail", args=[comment.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def _approve(client, comment):
    client.post(reverse("interactions_admin:detail", args=[comment.pk]), {"ids": comment.pk, "action": "approve"})
    comment.refresh_from_db()
    assert comment.status == Comment.PUBLISHED


def test_moderator_sees_each_masked_span_highlighted_in_the_original(client, consultation, moderator):
    body = f"身份证号：{TYPED_ID}，电话{TYPED_PHONE}，邮箱 wang＠example.com。建议放宽登记时限。"
    post_comment(client, consultation, body=body, display_name="13800138000")
    comment = Comment.objects.get()
    client.force_login(moderator)
    html = _detail(client, comment)
    marks = html.select("#original-body mark.gk-masked")
    # Each span as typed, with what it is (read by screen readers too).
    assert [mark.get("data-kinds") for mark in marks] == ["id", "phone", "email"]
    assert all(mark.select_one(".w-sr-only") for mark in marks)
    # What a sighted moderator reads in each mark: the text as typed (the label is for screen readers).
    assert ["".join(mark.find_all(string=True, recursive=False)).strip() for mark in marks] == [
        TYPED_ID,
        "13912345678",
        "wang＠example.com",
    ]
    assert all(mark.select_one(".w-sr-only") for mark in marks)
    # The text around them stays readable and the display name is marked too.
    assert "建议放宽登记时限" in html.select_one("#original-body").get_text()
    assert html.select_one("#original-name mark[data-kinds=phone]") is not None
    public = html.select_one("#public-body").get_text()
    assert "110105" not in public and "13912345678" not in public and "wang" not in public


def test_moderator_masks_by_hand_and_the_public_copy_follows(
    client, consultation, moderator, django_capture_on_commit_callbacks
):
    post_comment(client, consultation, body="我是幸福小区门口卖煎饼的老王头，建议增设遛狗区。")
    comment = Comment.objects.get()
    client.force_login(moderator)
    _approve(client, comment)
    assert "老王头" in client.get(consultation.url).content.decode()

    form = _detail(client, comment).select_one("#mask-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    data["text"] = "卖煎饼的老王头"
    # The cached public page is purged once the mask is committed (it matters
    # with the page cache and fragments on, as in production).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form["action"], data)
    assert response.status_code == 302 and response["Location"].endswith("#personal-data")

    page = client.get(consultation.url).content.decode()
    assert "老王头" not in page and "建议增设遛狗区" in page
    html = _detail(client, comment)
    assert [m.get("data-kinds") for m in html.select("#original-body mark")] == ["manual"]
    assert "老王头" not in html.select_one("#public-body").get_text()
    assert [m.get_text() for m in html.select("#manual-masks mark")] == ["卖煎饼的老王头"]
    # The history says that a mask was added, not what it hides.
    assert "老王头" not in " ".join(row.get_text() for row in html.select("tr.log-row"))

    remove = html.select_one("#manual-masks form")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remove["action"], {"next": reverse("interactions_admin:detail", args=[comment.pk])})
    assert ManualMask.objects.count() == 0
    assert "老王头" in client.get(consultation.url).content.decode()


def test_a_manual_mask_must_occur_in_the_text_and_needs_a_moderator(client, consultation, moderator, editor):
    post_comment(client, consultation, body="建议增设遛狗区。")
    comment = Comment.objects.get()
    data = {"source": "interactions.comment", "object_id": comment.pk, "text": "遛狗区"}
    client.force_login(editor)
    refused = client.post(reverse("interactions_admin:mask_add"), data)
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard.
    assert refused.status_code == 403 or refused["Location"] == "/admin/"
    assert ManualMask.objects.count() == 0

    client.force_login(moderator)
    response = client.post(reverse("interactions_admin:mask_add"), {**data, "text": "不在文中的字"}, follow=True)
    assert ManualMask.objects.count() == 0
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"
    # Back to where the moderator came from, never off the site.
    added = client.post(reverse("interactions_admin:mask_add"), data, HTTP_REFERER="https://evil.example/x")
    assert ManualMask.objects.get().text == "遛狗区"
    assert added["Location"] == "/admin/"
    mask = ManualMask.objects.get()
    client.force_login(editor)
    client.post(reverse("interactions_admin:mask_remove", args=[mask.pk]))
    assert ManualMask.objects.filter(pk=mask.pk).exists()  # only a moderator may remove it
    client.force_login(moderator)
    client.post(reverse("interactions_admin:mask_remove", args=[mask.pk]), {"next": "https://evil.example/"})
    assert not ManualMask.objects.exists()


def test_the_search_report_keeps_queries_with_personal_data_masked(client, home):
    """A visitor looking for their own letter by phone or ID number: the staff
    query report (search.QueryLog) does not keep the number."""
    from search.models import QueryLog

    client.get("/search/", {"q": "来信 138 0013 8000"})
    client.get("/search/", {"q": "养犬"})
    assert sorted(QueryLog.objects.values_list("query", flat=True)) == ["养犬", "来信 *************"]
