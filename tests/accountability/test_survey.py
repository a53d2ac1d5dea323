"""The public satisfaction survey (社会评议): CSRF, honeypot, time trap, rate limit."""

import time

import pytest
from django.test import Client

from accountability.forms import trap_token
from accountability.models import Survey, SurveyResponse
from tests.interactions.html_forms import form_fields


@pytest.fixture
def survey(home, department):
    return Survey.objects.create(
        title="教育局服务满意度评议", slug="education", department=department, service="入学咨询"
    )


def answers(**overrides):
    data = {
        "overall": "5",
        "timeliness": "4",
        "clarity": "",
        "comment": "办事很快。",
        "website": "",
        "started": trap_token(time.time() - 60),
    }
    data.update(overrides)
    return data


URL = "/evaluation/education/"


def test_form_renders_with_csrf_token_and_hidden_honeypot(client, survey):
    html = client.get(URL).content.decode()
    assert "教育局服务满意度评议" in html
    assert "csrfmiddlewaretoken" in html
    assert 'name="website"' in html and 'aria-hidden="true"' in html


def test_an_answer_is_stored(client, survey):
    response = client.post(URL, answers())
    assert response.status_code == 302
    assert response["Location"].endswith("/evaluation/education/thanks/")
    stored = SurveyResponse.objects.get()
    assert (stored.survey, stored.overall, stored.timeliness, stored.clarity) == (survey, 5, 4, None)
    assert client.get(response["Location"]).status_code == 200


def test_overall_score_is_required(client, survey):
    response = client.post(URL, answers(overall=""))
    assert response.status_code == 200
    assert not SurveyResponse.objects.exists()


def test_honeypot_and_time_trap_are_refused_in_words_keeping_the_answers(client, survey):
    """Nobody moderates survey answers: a suspect one is refused (400) with a
    message, every answer kept in the form; never a thank-you for nothing."""
    for data in (answers(website="http://spam.example"), answers(started=trap_token())):
        response = client.post(URL, data)
        html = response.content.decode()
        assert response.status_code == 400
        assert 'role="alert"' in html and "办事很快。" in html
        kept = form_fields(html, "form.survey-form")
        assert (kept["overall"], kept["timeliness"], kept["comment"].strip()) == ("5", "4", "办事很快。")
        assert kept["website"] == ""  # the hidden field is emptied, so sending again goes through
    forged = client.post(URL, answers(started="forged"))
    assert forged.status_code in (200, 400) and 'role="alert"' in forged.content.decode()
    assert "办事很快。" in forged.content.decode()
    assert not SurveyResponse.objects.exists()


def test_csrf_is_enforced(survey):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, answers()).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_rate_limit(client, survey, settings):
    settings.ACCOUNTABILITY_SURVEY_RATE = "3/m"
    for _n in range(3):
        assert client.post(URL, answers()).status_code == 302
    response = client.post(URL, answers())
    assert response.status_code == 429
    assert response["Retry-After"]
    assert SurveyResponse.objects.count() == 3


def test_closed_survey(client, survey):
    survey.active = False
    survey.save()
    assert client.get(URL).status_code == 410
    assert client.post(URL, answers()).status_code == 410


def test_list_of_open_surveys(client, survey):
    Survey.objects.create(title="已结束的评议", slug="closed", active=False)
    html = client.get("/evaluation/").content.decode()
    assert "教育局服务满意度评议" in html and "已结束的评议" not in html


def test_english_url(client, survey, home_en):
    assert client.get("/en" + URL).status_code == 200


def test_results_reach_the_dashboard(client, survey, superuser):
    for score in ("5", "4", "1"):
        client.post(URL, answers(overall=score))
    client.force_login(superuser)
    rows = client.get("/admin/accountability/supervision/").context["rows"]
    row = next(r for r in rows if r["name"] == survey.department.name)
    assert (row["survey_responses"], row["survey_score"], row["survey_satisfaction"]) == (3, 3.33, 66.7)
