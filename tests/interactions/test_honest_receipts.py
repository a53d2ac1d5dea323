"""Never a receipt for nothing (issue 20, defect 1).

Through the real public forms over HTTP, with CSRF enforced and the time trap
at its production default: a person who pastes a text and sends it at once,
or a browser that autofills the hidden field, gets either a receipt for a row
that is stored (and whose tracking code works), or a refusal that says why
and keeps what was typed. An empty form never gets a receipt."""

import datetime
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accountability.models import Survey, SurveyResponse
from briefings.models import BriefingIndexPage, BriefingPage
from cms.demo import ensure_page
from interactions.models import Comment, CommentReport

from .conftest import add_comment
from .html_forms import form_fields, text_of

TEXT = "建议在第八条中明确大型犬的认定标准，并公布登记办理的网上渠道。"
CODE = re.compile(r"GK(?:-[A-Z2-9]{4}){8}")


@pytest.fixture(autouse=True)
def _production_time_trap(settings):
    settings.INTERACTIONS_MIN_FILL_SECONDS = 3
    settings.ACCOUNTABILITY_SURVEY_MIN_SECONDS = 3


@pytest.fixture
def person():
    return Client(enforce_csrf_checks=True)


def send_at_once(person, page_url, form_selector, action, **typed):
    """Load the page, fill the form in and send it in the same second."""
    page = person.get(page_url)
    assert page.status_code == 200
    data = form_fields(page.content.decode(), form_selector)
    data.update(typed)
    return person.post(action, data, follow=True)


def assert_stored_receipt_or_kept_refusal(response, person, track_url, text, model=Comment):
    """Either a receipt whose code finds the stored row with this text, or a
    refusal (4xx) with a message that still holds the text."""
    html = response.content.decode()
    codes = CODE.findall(html)
    if response.status_code == 200 and codes:
        stored = model.find_by_tracking_code(codes[0])
        assert stored is not None, "the receipt's tracking code finds nothing"
        assert stored.body == text
        looked_up = person.post(track_url, {"code": codes[0]}).content.decode()
        assert 'class="notice" role="alert"' not in looked_up  # the "no such code" notice
        return stored
    assert 400 <= response.status_code < 500, f"a {response.status_code} page without a tracking code"
    assert 'role="alert"' in html, "a refusal must say why"
    assert text in html, "a refusal must keep what was typed"
    assert not model.objects.filter(body=text).exists()
    return None


def test_a_comment_sent_at_once_is_stored_or_refused_visibly(person, consultation):
    response = send_at_once(
        person, consultation.url, "#comment-form form", consultation.url + "comment/", body=TEXT, consent_publish="on"
    )
    stored = assert_stored_receipt_or_kept_refusal(response, person, consultation.url + "track/", TEXT)
    # Comments are moderated anyway: held for a moderator, marked as sent
    # faster than a person types, with a real receipt.
    assert stored is not None
    assert stored.status == Comment.PENDING and stored.flagged and stored.suspected_automation == "too_fast"


def test_an_empty_form_sent_at_once_gets_no_receipt(person, consultation):
    response = send_at_once(person, consultation.url, "#comment-form form", consultation.url + "comment/")
    html = response.content.decode()
    assert response.status_code == 400
    assert not CODE.search(html) and 'id="tracking-code"' not in html
    assert text_of(html, "#comment-form .field-body .errors")
    assert not Comment.objects.exists()


def test_an_autofilled_hidden_field_is_not_a_silent_drop(person, consultation):
    response = send_at_once(
        person,
        consultation.url,
        "#comment-form form",
        consultation.url + "comment/",
        body=TEXT,
        website="https://example.com",
        consent_publish="on",
    )
    stored = assert_stored_receipt_or_kept_refusal(response, person, consultation.url + "track/", TEXT)
    assert stored is not None
    assert stored.status == Comment.PENDING and stored.suspected_automation == "honeypot"


@pytest.fixture
def interview(home):
    index = ensure_page(home, BriefingIndexPage, "briefings", title="新闻发布会")[0]
    return ensure_page(
        index,
        BriefingPage,
        "interview",
        title="在线访谈：课后服务",
        kind=BriefingPage.KIND_INTERVIEW,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )[0]


def test_an_interview_question_sent_at_once_is_stored_or_refused_visibly(person, interview):
    question = "课后服务能延长到几点？"
    response = send_at_once(
        person,
        interview.url,
        'form[action$="question/"]',
        interview.url + "question/",
        body=question,
        consent_publish="on",
    )
    html = response.content.decode()
    codes = CODE.findall(html)
    assert codes, "a stored question gets its tracking code"
    stored = Comment.find_by_tracking_code(codes[0])
    assert stored is not None and stored.body == question and stored.status == Comment.PENDING
    assert stored.suspected_automation == "too_fast"


def test_an_empty_question_gets_no_receipt(person, interview):
    response = send_at_once(person, interview.url, 'form[action$="question/"]', interview.url + "question/")
    assert response.status_code == 400 and not CODE.search(response.content.decode())
    assert not Comment.objects.exists()


@pytest.fixture
def survey(home):
    return Survey.objects.create(title="教育局服务满意度评议", slug="education", service="入学咨询")


SURVEY_URL = "/evaluation/education/"


def test_a_survey_sent_at_once_is_stored_or_refused_visibly(person, survey, monkeypatch):
    remark = "窗口排队时间太长，建议增加网上预约。"
    response = send_at_once(person, SURVEY_URL, "form.survey-form", SURVEY_URL, overall="4", comment=remark)
    html = response.content.decode()
    # Nobody moderates survey answers: refused in words, never a thank-you for nothing.
    assert not response.redirect_chain
    assert response.status_code == 400
    assert 'role="alert"' in html and remark in html
    assert not SurveyResponse.objects.exists()
    # What was chosen is kept too, and the same form sent a moment later goes through.
    again = form_fields(html, "form.survey-form")
    assert again["overall"] == "4" and again["comment"].strip() == remark
    later = time.time() + 10
    monkeypatch.setattr(time, "time", lambda: later)
    assert person.post(SURVEY_URL, again).status_code == 302
    assert SurveyResponse.objects.get().comment == remark


def test_a_survey_with_the_hidden_field_filled_is_refused_visibly(person, survey):
    remark = "态度很好。"
    page = person.get(SURVEY_URL)
    data = form_fields(page.content.decode(), "form.survey-form")
    data.update(overall="5", comment=remark, website="https://example.com")
    response = person.post(SURVEY_URL, data, follow=True)
    html = response.content.decode()
    assert response.status_code == 400 and 'role="alert"' in html and remark in html
    assert not SurveyResponse.objects.exists()


def test_a_repeated_report_is_not_thanked_as_recorded(person, consultation):
    comment = add_comment(consultation, "一条已发布的意见", status=Comment.PUBLISHED)
    url = f"{consultation.url}report/{comment.pk}/"
    first = send_at_once(person, url, "main form[method=post]", url, reason="spam")
    assert first.status_code == 200
    assert CommentReport.objects.filter(comment=comment).count() == 1
    second = send_at_once(person, url, "main form[method=post]", url, reason="abuse", details="重复")
    assert CommentReport.objects.filter(comment=comment).count() == 1
    # Not the same "thank you, recorded" page: it says the first report is the one that counts.
    assert text_of(second.content.decode(), "main h1") != text_of(first.content.decode(), "main h1")
    assert 'id="report-already-counted"' in second.content.decode()


def test_a_report_sent_at_once_is_kept_for_moderators_but_not_counted(person, consultation, client, moderator):
    comment = add_comment(consultation, "一条已发布的意见", status=Comment.PUBLISHED)
    url = f"{consultation.url}report/{comment.pk}/"
    response = send_at_once(person, url, "main form[method=post]", url, reason="spam", details="推销")
    assert response.status_code == 200 and 'id="report-recorded"' in response.content.decode()
    report = CommentReport.objects.get(comment=comment)
    assert (report.category, report.details, report.suspected_automation) == ("spam", "推销", "too_fast")
    comment.refresh_from_db()
    assert comment.report_count == 0 and comment.status == Comment.PUBLISHED
    # The moderator reads it, marked as suspected automation.
    client.force_login(moderator)
    detail = client.get(reverse("interactions_admin:detail", args=[comment.pk])).content.decode()
    assert "推销" in text_of(detail, "#reports + table")
