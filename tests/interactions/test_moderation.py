import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from interactions import services
from interactions.models import Comment, CommentModerationLog, CommentReport, RejectReason

from .conftest import add_comment
from .html_forms import form_fields

QUEUE = "interactions_admin:queue"


def test_moderators_see_the_queue_editors_do_not(client, consultation, moderator, editor):
    add_comment(consultation, "等待审核的意见")
    client.force_login(moderator)
    response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    assert "等待审核的意见" in response.content.decode()
    # The admin menu arrives as JSON in the page: the label is \u-escaped there.
    with translation.override("zh-hans"):
        label = json.dumps(translation.gettext("Comment moderation"))[1:-1]
    assert label in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert client.get(reverse(QUEUE)).status_code in (302, 403)


def test_filters(client, consultation, home, moderator):
    from .conftest import make_consultation

    other = make_consultation(home, "other")
    a = add_comment(consultation, "甲意见 关于登记", section="sec-2")
    b = add_comment(consultation, "乙意见 关于总则", section="sec-1")
    c = add_comment(other, "丙意见")
    Comment.objects.filter(pk=b.pk).update(flagged=True, flag_reasons="x")
    services.moderate([c], "approve", moderator)
    client.force_login(moderator)

    def ids(**params):
        return {x.pk for x in client.get(reverse(QUEUE), params).context["comments"]}

    assert ids() == {a.pk, b.pk}  # default: pending
    assert ids(status="") == {a.pk, b.pk, c.pk}
    assert ids(status="published") == {c.pk}
    assert ids(page=consultation.pk, status="") == {a.pk, b.pk}
    assert ids(flag="1") == {b.pk}
    assert ids(flag="0") == {a.pk}
    assert ids(page=consultation.pk, section="sec-2") == {a.pk}
    assert ids(status="", q="丙") == {c.pk}


def test_consultation_filter_lists_the_pages_with_comments(client, consultation, home, moderator):
    from .conftest import make_consultation

    quiet = make_consultation(home, "quiet")  # no comments: not offered
    third = make_consultation(home, "third")
    add_comment(consultation, "一条意见")
    add_comment(third, "Please publish the Annex", status=Comment.PUBLISHED)
    client.force_login(moderator)
    response = client.get(reverse(QUEUE), {"status": ""})
    offered = [value for value, _label in response.context["filters"].fields["page"].choices if value != ""]
    assert sorted(offered) == sorted([consultation.pk, third.pk]) and quiet.pk not in offered
    rows = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    labels = dict(Comment.STATUSES)
    assert (
        f"<td>{labels[Comment.PENDING]}" in rows and f"<td>{labels[Comment.PUBLISHED]}" in rows
    )  # each row's status, translated
    # Latin text is matched whatever its case; Chinese as it is.
    found = [c.pk for c in client.get(reverse(QUEUE), {"status": "", "q": "annex"}).context["comments"]]
    assert found == [Comment.objects.get(body__startswith="Please").pk]


def test_bulk_approve_and_reject_with_reason_logged(client, consultation, moderator):
    comments = [add_comment(consultation, f"意见{i} " + "文" * i) for i in range(4)]
    client.force_login(moderator)
    url = reverse(QUEUE)
    client.post(url, {"action": "approve", "ids": [comments[0].pk, comments[1].pk]})
    # Rejecting without a reason does nothing.
    client.post(url, {"action": "reject", "ids": [comments[2].pk]})
    assert Comment.objects.get(pk=comments[2].pk).status == Comment.PENDING
    reason = RejectReason.objects.first()
    client.post(url, {"action": "reject", "ids": [comments[2].pk, comments[3].pk], "reason": reason.pk, "note": "重复"})
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in comments] == ["published", "published", "rejected", "rejected"]
    entry = CommentModerationLog.objects.filter(comment=comments[3], action="reject").get()
    assert entry.actor == moderator and entry.at and reason.label in entry.reason and "重复" in entry.reason
    assert entry.from_status == "pending" and entry.to_status == "rejected"
    assert CommentModerationLog.objects.filter(action="approve", actor=moderator).count() == 2


@pytest.mark.django_db
def test_reject_reasons_are_seeded_and_configurable():
    assert RejectReason.objects.filter(active=True).count() >= 5


def test_hide_and_restore(client, consultation, moderator):
    comment = add_comment(consultation, "可以隐藏的意见")
    client.force_login(moderator)
    url = reverse(QUEUE)
    client.post(url, {"action": "approve", "ids": [comment.pk]})
    client.post(url, {"action": "hide", "ids": [comment.pk], "note": "核实中"})
    assert Comment.objects.get(pk=comment.pk).status == Comment.HIDDEN
    assert "可以隐藏的意见" not in client.get(consultation.url).content.decode()
    client.post(url, {"action": "restore", "ids": [comment.pk]})
    assert Comment.objects.get(pk=comment.pk).status == Comment.PUBLISHED
    actions = list(CommentModerationLog.objects.filter(comment=comment).order_by("id").values_list("action", flat=True))
    assert actions == ["approve", "hide", "restore"]


def test_pending_cannot_be_hidden_or_restored(consultation, moderator):
    comment = add_comment(consultation, "x")
    assert services.moderate([comment], "hide", moderator) == 0
    assert services.moderate([comment], "restore", moderator) == 0
    assert Comment.objects.get(pk=comment.pk).status == Comment.PENDING


def test_detail_view_shows_original_and_masked(client, consultation, moderator):
    comment = add_comment(consultation, "电话13800138000", contact_email="p@example.com")
    client.force_login(moderator)
    html = client.get(reverse("interactions_admin:detail", args=[comment.pk])).content.decode()
    assert "13800138000" in html and "***********" in html and "p@example.com" in html


def send_report(client, url, remote_addr, **typed):
    """Open the report page and send its form as a browser would (hidden
    anti-spam stamp included), from the client address `remote_addr`."""
    page = client.get(url, REMOTE_ADDR=remote_addr)
    data = form_fields(page.content.decode(), "main form[method=post]")
    data.update(typed)
    return client.post(url, data, REMOTE_ADDR=remote_addr)


def test_three_reports_hide_and_requeue(client, consultation, moderator):
    comment = add_comment(consultation, "被举报的意见")
    services.moderate([comment], "approve", moderator)
    url = consultation.url + f"report/{comment.pk}/"
    send_report(client, url, "10.0.0.1", reason="abuse")
    send_report(client, url, "10.0.0.1", reason="abuse")  # the same client counts once
    send_report(client, url, "10.0.0.2", reason="abuse", details="人身攻击")
    comment.refresh_from_db()
    assert comment.status == Comment.PUBLISHED and comment.report_count == 2
    send_report(client, url, "10.0.0.3", reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.PENDING and comment.flagged
    assert "被举报的意见" not in client.get(consultation.url).content.decode()
    client.force_login(moderator)
    assert comment in client.get(reverse(QUEUE)).context["comments"]
    assert CommentModerationLog.objects.filter(comment=comment, action="auto_hide").exists()
    # Each report keeps its reason and details.
    reports = list(CommentReport.objects.filter(comment=comment).values_list("category", "details"))
    assert reports == [("abuse", ""), ("abuse", "人身攻击"), ("spam", "")]
    # A moderator can put it back.
    services.moderate([comment], "approve", moderator)
    comment.refresh_from_db()
    assert comment.status == Comment.PUBLISHED and comment.report_count == 0


def test_reports_on_unpublished_comments_are_404(client, consultation):
    comment = add_comment(consultation, "未发布")
    assert client.post(consultation.url + f"report/{comment.pk}/", {"reason": "spam"}).status_code == 404
    assert client.get(consultation.url + f"report/{comment.pk}/").status_code == 404


def test_report_link_leads_to_a_page_that_asks_why(client, consultation):
    comment = add_comment(consultation, "电话13800138000的意见", status=Comment.PUBLISHED)
    url = consultation.url + f"report/{comment.pk}/"
    listing = client.get(consultation.url).content.decode()
    assert f'href="{url}"' in listing
    assert not any("/report/" in action for action in re.findall(r'action="([^"]*)"', listing))
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex"
    assert "***********" in html and "13800138000" not in html  # the masked text, as published
    assert 'name="reason"' in html and "csrfmiddlewaretoken" in html
    assert not CommentReport.objects.exists()  # looking is not reporting


def test_a_report_needs_a_reason_and_keeps_it(client, consultation):
    comment = add_comment(consultation, "广告意见", status=Comment.PUBLISHED)
    url = consultation.url + f"report/{comment.pk}/"
    refused = send_report(client, url, "10.0.0.1", details="x")
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    assert not CommentReport.objects.exists()
    too_long = send_report(client, url, "10.0.0.1", reason="spam", details="长" * 151)
    assert too_long.status_code == 400 and not CommentReport.objects.exists()
    done = send_report(client, url, "10.0.0.1", reason="spam", details="  推销保健品\x07  ")
    assert done.status_code == 200 and 'id="report-recorded"' in done.content.decode()
    report = CommentReport.objects.get(comment=comment)
    # The reason as a code (shown to moderators in their language), the details cleaned.
    assert (report.category, report.details, report.suspected_automation) == ("spam", "推销保健品", "")


def test_a_report_without_the_form_stamp_is_refused_in_words(client, consultation):
    comment = add_comment(consultation, "广告意见", status=Comment.PUBLISHED)
    url = consultation.url + f"report/{comment.pk}/"
    refused = client.post(url, {"reason": "spam", "details": "推销保健品"})
    html = refused.content.decode()
    assert refused.status_code == 400 and 'role="alert"' in html and "推销保健品" in html
    assert not CommentReport.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_export_needs_permission(client, consultation, moderator, editor, fmt):
    add_comment(consultation, "导出")
    client.force_login(editor)
    assert client.get(reverse("interactions_admin:export", args=[fmt])).status_code in (302, 403)
    client.force_login(moderator)
    response = client.get(reverse("interactions_admin:export", args=[fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_staff_attachment_download(client, consultation, moderator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import form_data

    pdf = b"%PDF-1.4\n%%EOF\n"
    client.post(consultation.url + "comment/", form_data(attachments=[SimpleUploadedFile("a.pdf", pdf)]))
    attachment = Comment.objects.get().attachments.get()
    assert client.get(reverse("interactions_admin:attachment", args=[attachment.pk])).status_code in (302, 403)
    client.force_login(moderator)
    response = client.get(reverse("interactions_admin:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf


def test_queue_count_is_capped(client, consultation, moderator, monkeypatch):
    from interactions import admin_views

    monkeypatch.setattr(admin_views, "COUNT_CAP", 3)
    for i in range(5):
        add_comment(consultation, f"第{i}条" + "甲乙丙丁戊己庚辛"[i] * 10)
    client.force_login(moderator)
    response = client.get(reverse(QUEUE))
    assert response.context["page_obj"].paginator.capped
    assert len(response.context["comments"]) == 4  # the rows counted; the page never claims more
    monkeypatch.setattr(admin_views, "COUNT_CAP", 10)
    response = client.get(reverse(QUEUE))
    assert not response.context["page_obj"].paginator.capped and response.context["page_obj"].paginator.count == 5
