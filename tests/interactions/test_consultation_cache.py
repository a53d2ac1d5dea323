"""The consultation page under the caches as production runs them: what
editors publish and the published comments are shared fragments, renewed by
every moderation action; the counts and the comment form stay per request.
Without a CSRF token in the comment list, a closed consultation is cached whole."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.demo import publish
from interactions import services, tasks
from interactions.models import Comment, ConsultationOutcome, ConsultationPage

from .conftest import add_comment, make_consultation, post_comment


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


def test_published_comments_follow_every_moderation_action(client, consultation, moderator, fragment_cache):
    first = add_comment(consultation, "第一条已发布的意见", status=Comment.PUBLISHED)
    cold, cold_queries = _get(client, consultation.url)
    warm, warm_queries = _get(client, consultation.url)
    assert "第一条已发布的意见" in cold and "第一条已发布的意见" in warm
    # The list is read once, then shared: the warm render never reads comment texts.
    assert any("public_body" in sql for sql in cold_queries)
    assert not any("public_body" in sql for sql in warm_queries), warm_queries

    second = add_comment(consultation, "第二条待审核的意见")
    assert "第二条待审核的意见" not in _get(client, consultation.url)[0]
    services.moderate([second], "approve", moderator)
    assert "第二条待审核的意见" in _get(client, consultation.url)[0]
    services.moderate([first], "hide", moderator)
    html = _get(client, consultation.url)[0]
    assert "第一条已发布的意见" not in html and "第二条待审核的意见" in html


def test_counts_and_the_form_stay_live_while_the_list_is_shared(client, consultation, fragment_cache):
    add_comment(consultation, "已发布", status=Comment.PUBLISHED)
    before = client.get(consultation.url)
    assert before.context["counts"]["received"] == 1
    assert post_comment(client, consultation, body="刚刚提交的意见").status_code == 302
    html = client.get(consultation.url).content.decode()
    assert "<dd>2</dd>" in html  # received, counted for this request
    assert "刚刚提交的意见" not in html  # pending: not in the public list
    # Each visitor's form carries its own submission token.
    tokens = {client.get(consultation.url).context["comment_form"].initial["token"] for _ in range(2)}
    assert len(tokens) == 2


def test_every_page_of_comments_and_the_grouping_is_its_own_fragment(client, consultation, fragment_cache):
    for i in range(25):
        add_comment(consultation, f"意见编号{i:02d}号", status=Comment.PUBLISHED, section="sec-2" if i % 2 else "")
    page_one = _get(client, consultation.url)[0]
    page_two = _get(client, consultation.url + "?page=2")[0]
    grouped = _get(client, consultation.url + "?group=section")[0]
    assert page_one.count("意见编号") == 20 and page_two.count("意见编号") == 5
    assert not set(_numbers(page_one)) & set(_numbers(page_two))
    assert "养犬登记" in grouped.split('id="comments"')[1]  # the section heading of the grouped list
    assert _get(client, consultation.url + "?page=99")[0].count("意见编号") == 5  # the last page


def _numbers(html):
    import re

    return re.findall(r"意见编号(\d\d)号", html)


def test_editing_the_draft_shows_once_published(client, consultation, fragment_cache):
    assert "新的摘要文字" not in _get(client, consultation.url)[0]
    page = ConsultationPage.objects.get(pk=consultation.pk)
    page.summary = "新的摘要文字"
    publish(page)
    assert "新的摘要文字" in _get(client, consultation.url)[0]


def test_a_closed_consultation_is_cached_whole_and_renewed_by_its_outcome(client, consultation, moderator, page_cache):
    comment = add_comment(consultation, "结束后仍可阅读的意见", status=Comment.PUBLISHED)
    ConsultationPage.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    tasks.sync_consultation_phases()
    first = client.get(consultation.url)
    assert first["X-Page-Cache"] == "miss" and "csrfmiddlewaretoken" not in first.content.decode()
    assert client.get(consultation.url)["X-Page-Cache"] == "hit"

    services.set_disposition([comment], Comment.ADOPTED, moderator)
    outcome = ConsultationOutcome.objects.create(
        page=ConsultationPage.objects.get(pk=consultation.pk), summary="采纳情况说明"
    )
    outcome.publish(moderator)
    after = client.get(consultation.url)
    assert after["X-Page-Cache"] == "miss"
    assert "采纳情况说明" in after.content.decode()


def test_opening_by_the_clock_renews_cached_copies(client, home, page_cache):
    page = make_consultation(home, "soon", opens=1, closes=5)
    listing = page.get_parent().url
    assert 'name="body"' not in client.get(page.url).content.decode()
    client.get(listing)
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    assert client.get(listing)["X-Page-Cache"] == "hit"
    # Time passes: the consultation opens; the schedule notices within a minute.
    ConsultationPage.objects.filter(pk=page.pk).update(opens_at=timezone.now() - datetime.timedelta(minutes=1))
    assert tasks.sync_consultation_phases() == 1
    assert 'name="body"' in client.get(page.url).content.decode()
    assert client.get(listing)["X-Page-Cache"] == "miss"


def test_a_refused_submission_shows_its_own_errors_and_text(client, consultation, fragment_cache):
    client.get(consultation.url)  # the blank form's fields are now shared
    refused = client.post(
        consultation.url + "comment/", {"body": "", "display_name": "李四", "token": "x", "website": ""}
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert 'value="李四"' in html and "has-error" in html
    blank = client.get(consultation.url).content.decode()
    assert 'value="李四"' not in blank and "has-error" not in blank
    assert 'name="body"' in blank and 'name="token"' in blank
