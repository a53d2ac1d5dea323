"""Online interviews: citizens' questions go through the interactions
moderation pipeline; staff answer approved ones in the transcript."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from briefings.models import BriefingPage
from cms.demo import publish
from interactions import services
from interactions.forms import new_form_token
from interactions.models import Comment, RejectReason

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_time_trap(settings):
    settings.INTERACTIONS_MIN_FILL_SECONDS = 0
    settings.BRIEFINGS_QUESTION_RATE = "1000/m"


def test_questions_are_rate_limited(client, interview, settings):
    settings.BRIEFINGS_QUESTION_RATE = "2/h"
    cache.clear()
    assert _ask(client, interview, "一").status_code == 200
    assert _ask(client, interview, "二").status_code == 200
    assert _ask(client, interview, "三").status_code == 429
    assert Comment.objects.count() == 2
    cache.clear()


@pytest.fixture
def interview(make_briefing):
    return make_briefing(
        "interview",
        title="在线访谈：课后服务",
        kind=BriefingPage.KIND_INTERVIEW,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )


def _ask(client, page, body, **extra):
    data = {"body": body, "display_name": "市民小王", "consent_publish": "on", "token": new_form_token(), "website": ""}
    data.update(extra)
    return client.post(page.url + "question/", data)


def test_question_is_held_for_moderation_then_published(client, interview):
    html = client.get(interview.url).content.decode()
    assert 'action="/briefings/interview/question/"' in html

    response = _ask(client, interview, "课后服务能延长到几点？我的电话13812345678")
    assert response.status_code == 200
    assert 'id="tracking-code"' in response.content.decode()
    question = Comment.objects.get(page=interview)
    assert question.status == Comment.PENDING
    assert "13812345678" not in question.public_body  # masked by the shared screening
    assert "课后服务能延长到几点" not in client.get(interview.url).content.decode()

    services.moderate([question], "approve", None)
    html = client.get(interview.url).content.decode()
    assert "课后服务能延长到几点" in html
    assert f'id="question-{question.pk}"' in html


def test_questions_appear_in_the_shared_moderation_queue(client, interview, superuser):
    _ask(client, interview, "托管费用怎么收？")
    client.force_login(superuser)
    html = client.get(reverse("interactions_admin:queue")).content.decode()
    assert "托管费用怎么收？" in html


def test_staff_answer_approved_questions_as_qa_pairs(client, interview, superuser):
    _ask(client, interview, "课后服务能延长到几点？")
    _ask(client, interview, "另一个问题，不会被回答。")
    first, second = Comment.objects.filter(page=interview).order_by("id")
    services.moderate([first, second], "approve", None)

    interview.transcript = [
        ("turn", {"speaker": "主持人", "text": "欢迎各位网友。", "time": "0:00"}),
        (
            "qa",
            {
                "asked_by": "",
                "question": "",
                "question_id": first.pk,
                "answered_by": "市教育局",
                "answer": "最晚到18:30。",
                "time": "3:10",
            },
        ),
    ]
    interview.full_clean()
    publish(interview)
    html = client.get(interview.url).content.decode()
    qa = html[html.index('id="transcript"') :]
    assert f'id="answer-{first.pk}"' in qa
    assert "课后服务能延长到几点？" in qa and "最晚到18:30。" in qa
    assert "市民小王" in qa
    assert "另一个问题" not in qa
    assert f'href="#answer-{first.pk}"' in html  # the question list links to its answer


def test_unapproved_questions_cannot_be_answered(client, interview):
    _ask(client, interview, "还没审核的问题")
    _ask(client, interview, "被驳回的问题")
    pending, rejected = Comment.objects.filter(page=interview).order_by("id")
    services.moderate([rejected], "reject", None, reason=RejectReason.objects.get_or_create(label="与访谈无关")[0])
    for number in (pending.pk, rejected.pk, 999999):
        interview.transcript = [("qa", {"question_id": number, "answered_by": "市教育局", "answer": "答复。"})]
        with pytest.raises(ValidationError) as error:
            interview.full_clean()
        assert "transcript" in error.value.message_dict


def test_honeypot_and_closed_interviews(client, interview, make_briefing):
    # Never a receipt for nothing: a filled hidden field is stored, held and marked (issue 20).
    response = _ask(client, interview, "机器人", website="http://spam.example")
    held = Comment.objects.get()
    assert response.status_code == 200 and 'id="tracking-code"' in response.content.decode()
    assert held.status == Comment.PENDING and held.suspected_automation == "honeypot"
    held.delete()

    interview.questions_close_at = timezone.now() - datetime.timedelta(minutes=1)
    publish(interview)
    assert "question/" not in client.get(interview.url).content.decode().split('id="questions"')[1]
    response = _ask(client, interview, "太晚了")
    assert response.status_code == 400
    assert not Comment.objects.exists()

    routine = make_briefing("routine")
    assert client.post(routine.url + "question/", {"body": "x"}).status_code == 404


def test_invalid_question_is_shown_again(client, interview):
    response = _ask(client, interview, "")
    assert response.status_code == 400
    assert 'class="errors"' in response.content.decode()
    assert not Comment.objects.exists()
