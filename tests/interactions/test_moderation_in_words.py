"""Moderation in words (issue 20, defect 9).

Citizens report a published comment through the real report form, each with
a reason and some details, until it is taken off the page. The moderator
then reads, in the admin's language: why it was reported (each reason with
its count and the details) in the queue and on the comment's page, and a
history and a staff export in labels ("taken off the page after reports by
citizens", "pending"), never codes (auto_hide, approve, pending).

The admin is Chinese by default; the expected words are computed through the
catalogue under zh-hans, so the test holds before and after the lead
regenerates the catalogue."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from interactions import services
from interactions.forms import ReportForm
from interactions.models import Comment, RejectReason

from .conftest import add_comment
from .html_forms import form_fields

LOG_CODES = {"approve", "reject", "hide", "restore", "disposition", "auto_hide", "download_attachment", "notice_sent"}
STATUS_CODES = {code for code, _label in Comment.STATUSES}


def words(code):
    with translation.override("zh-hans"):
        return str(dict(ReportForm.REASONS)[code])


def send_report(client, url, remote_addr, **typed):
    page = client.get(url, REMOTE_ADDR=remote_addr)
    data = form_fields(page.content.decode(), "main form[method=post]")
    data.update(typed)
    response = client.post(url, data, REMOTE_ADDR=remote_addr)
    assert response.status_code == 200
    return response


@pytest.fixture
def reported(client, consultation, moderator, settings):
    settings.INTERACTIONS_REPORTS_TO_HIDE = 3
    comment = add_comment(consultation, "某某就是个骗子，大家别信他")
    services.moderate([comment], "approve", moderator)
    url = consultation.url + f"report/{comment.pk}/"
    send_report(client, url, "10.0.0.1", reason="abuse", details="对个人的人身攻击")
    send_report(client, url, "10.0.0.2", reason="abuse")
    send_report(client, url, "10.0.0.3", reason="personal", details="点名道姓")
    comment.refresh_from_db()
    assert comment.status == Comment.PENDING
    client.force_login(moderator)
    return comment


def test_the_queue_says_why_citizens_reported_a_comment(client, reported):
    from bs4 import BeautifulSoup

    html = client.get(reverse("interactions_admin:queue")).content.decode()
    row = BeautifulSoup(html, "html.parser").select_one(f'tr.comment-row[data-id="{reported.pk}"]')
    reasons = [" ".join(li.get_text(" ").split()) for li in row.select("ul.report-reasons li")]
    assert reasons[0].startswith(words("abuse") + " ×2") and "对个人的人身攻击" in reasons[0]
    assert reasons[1].startswith(words("personal") + " ×1") and "点名道姓" in reasons[1]


def test_the_comment_page_lists_each_report_and_a_history_in_words(client, reported, moderator):
    from bs4 import BeautifulSoup

    services.moderate([reported], "reject", moderator, reason=RejectReason.objects.first())
    html = client.get(reverse("interactions_admin:detail", args=[reported.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    reports = [[td.get_text(" ", strip=True) for td in tr.select("td")[1:]] for tr in soup.select("tr.report-row")]
    assert reports == [
        [words("abuse"), "对个人的人身攻击"],
        [words("abuse"), "—"],
        [words("personal"), "点名道姓"],
    ]
    history = soup.select("tr.log-row")
    assert [row["data-action"] for row in history] == ["reject", "auto_hide", "approve"]
    with translation.override("zh-hans"):
        expected_status = str(dict(Comment.STATUSES)[Comment.PENDING])
    for row in history:
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        assert cells[2] and cells[2] not in LOG_CODES, f"history shows the code {cells[2]!r}"
        assert not set(cells[3].replace("→", " ").split()) & STATUS_CODES, f"status codes in {cells[3]!r}"
    auto_hide = [td.get_text(" ", strip=True) for td in history[1].select("td")]
    assert expected_status in auto_hide[3]
    # The history says why it left the page: the reasons, not only a count.
    assert words("abuse") in auto_hide[4] and words("personal") in auto_hide[4]


def test_the_staff_export_is_in_labels(client, reported):
    response = client.get(reverse("interactions_admin:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], next(r for r in rows[1:] if r[0] == str(reported.pk))
    record = dict(zip(header, row, strict=True))
    text = " | ".join(row)
    for code in LOG_CODES | {"abuse", "personal"}:
        assert f" {code} " not in f" {text} ".replace("|", " "), f"the export shows the code {code}"
    with translation.override("zh-hans"):
        status = str(dict(Comment.STATUSES)[Comment.PENDING])
        history_title = translation.gettext("Moderation history")
        reports_title = translation.gettext("Reports by citizens")
    assert status in row
    assert words("abuse") in record[reports_title] and "点名道姓" in record[reports_title]
    history = record[history_title]
    with translation.override("zh-hans"):
        from interactions.models import CommentModerationLog

        auto_hide = CommentModerationLog(action="auto_hide").action_label
        approve = CommentModerationLog(action="approve").action_label
    assert auto_hide in history and approve in history
