import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_q.models import Schedule

from interactions import tasks
from interactions.models import ConsultationPage

from .conftest import make_consultation


def test_status_follows_the_clock(consultation):
    now = timezone.now()
    assert consultation.status_at(now - datetime.timedelta(days=2)) == "upcoming"
    assert consultation.status_at(now) == "open"
    assert consultation.status_at(now + datetime.timedelta(days=31)) == "closed"


@pytest.mark.django_db
def test_schedule_is_seeded():
    schedule = Schedule.objects.get(name=tasks.SCHEDULE_NAME)
    assert schedule.func == tasks.SCHEDULE_FUNC and schedule.minutes == 1


def test_schedule_task_opens_and_closes_without_a_new_revision(home):
    upcoming = make_consultation(home, "soon", opens=-1, closes=2)
    ConsultationPage.objects.filter(pk=upcoming.pk).update(phase="upcoming")
    revisions = upcoming.revisions.count()
    assert tasks.sync_consultation_phases() == 1
    assert ConsultationPage.objects.get(pk=upcoming.pk).phase == "open"
    ConsultationPage.objects.filter(pk=upcoming.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    tasks.sync_consultation_phases()
    page = ConsultationPage.objects.get(pk=upcoming.pk)
    assert page.phase == "closed" and page.status == "closed"
    assert page.revisions.count() == revisions


def test_form_follows_the_clock_even_before_the_schedule_runs(client, home):
    page = make_consultation(home, "later", opens=1, closes=5)
    html = client.get(page.url).content.decode()
    assert 'name="body"' not in html


def test_needs_a_draft_and_an_order_of_dates(home):
    page = ConsultationPage(
        title="x", slug="x", opens_at=timezone.now(), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "closes_at" in error.value.message_dict and "draft_policy" in error.value.message_dict


def test_draft_sections_come_from_the_policy(home, consultation):
    from policies.demo import h
    from policies.models import PolicyIndexPage, PolicyPage

    index = PolicyIndexPage(title="政策", slug="policies")
    home.add_child(instance=index)
    policy = PolicyPage(title="草案", slug="draft", body=[h("第一章 总则"), h("第二章 管理")], live=False)
    index.add_child(instance=policy)
    consultation.draft_text = []
    consultation.draft_policy = policy
    assert consultation.draft_sections() == [("sec-1", "1 第一章 总则"), ("sec-2", "2 第二章 管理")]


def test_pages_render(client, consultation):
    assert client.get(consultation.url).status_code == 200
    listing = client.get(consultation.get_parent().url)
    assert listing.status_code == 200
    assert "status-open" in listing.content.decode()
    assert client.get(consultation.url + "track/").status_code == 200


def test_api_exposes_status_and_counts(client, consultation):
    data = client.get(f"/api/v2/pages/{consultation.pk}/").json()
    assert data["status"] == "open"
    assert data["comment_counts"] == {"received": 0, "published": 0, "rejected": 0}


def test_comments_from_every_language_count_for_one_consultation(client, consultation, locales, home_en, moderator):
    from cms.demo import ensure_translation
    from interactions import services
    from interactions.models import Comment, ConsultationOutcome

    from .conftest import add_comment

    english = ensure_translation(consultation.get_parent(), locales["en"], title="Consultations")[0]
    english_page = ensure_translation(consultation, locales["en"], title="Dog rules")[0]
    assert english_page.get_parent().pk == english.pk
    zh_comment = add_comment(consultation, "中文意见")
    en_comment = add_comment(english_page, "An English comment about registration")
    services.moderate([zh_comment, en_comment], "approve", moderator)
    for page in (consultation, english_page):
        response = client.get(page.url)
        assert response.context["counts"]["published"] == 2
    # The outcome gate sees both.
    ConsultationPage.objects.filter(translation_key=consultation.translation_key).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    outcome = ConsultationOutcome.objects.create(page=ConsultationPage.objects.get(pk=consultation.pk), summary="x")
    services.set_disposition([zh_comment], Comment.ADOPTED, moderator)
    with pytest.raises(ValidationError):
        outcome.publish(moderator)
    services.set_disposition([en_comment], Comment.ADOPTED, moderator)
    outcome.publish(moderator)
    assert ConsultationPage.objects.get(pk=english_page.pk).status == "concluded"
