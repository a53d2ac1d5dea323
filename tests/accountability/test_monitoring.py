"""Public-opinion monitoring: keywords, daily counts and the spike rule on a
fixture timeline; the alert e-mail; grading an alert in the admin."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from accountability import monitoring
from accountability.models import AnalysedItem, DailyTermCount, ItemTerm, MonitoringSettings, OpinionAlert
from accountability.sources import SOURCES, register
from briefings.models import BriefingPage
from cms.models import Topic
from interactions.cases.models import Channel

from .conftest import D, add_comments, at, make_briefing, make_case, make_consultation

WATER = "小区停水已经三天，自来水公司没有任何通知，居民生活困难。"
OTHER = ["人民路路灯损坏，夜间出行不安全。", "学校门口交通拥堵，建议增设红绿灯。", "公园绿化带垃圾堆积无人清理。"]

FIRST = D(2025, 6, 1)
SPIKE = D(2025, 6, 9)


def day(n):
    return FIRST + datetime.timedelta(days=n)


@pytest.fixture
def config(db):
    settings_row = MonitoringSettings.load()
    settings_row.spike_factor = 3
    settings_row.min_count = 5
    settings_row.baseline_days = 7
    settings_row.save()
    return settings_row


@pytest.fixture
def monitor(make_user):
    return make_user("monitor", "Public opinion monitors")


@pytest.fixture
def timeline(db, config):
    """One letter about the water cut a day for eight days, other letters
    every day, then eight letters about it on the spike day."""
    for n in range(8):
        make_case(None, at(day(n), 9), text=WATER)
        for text in OTHER:
            make_case(None, at(day(n), 11), text=text)
    for hour in range(8):
        make_case(None, at(SPIKE, 8 + hour), text=WATER)
    make_case(None, at(SPIKE, 9), channel=Channel.DISCLOSURE, text=WATER)  # requests are not monitored


def end_of(d):
    return at(d, 23)


def test_keywords_come_from_jieba_tfidf(settings, tmp_path):
    words = monitoring.keywords(WATER)
    assert "停水" in words
    assert all(w not in monitoring.STOP_WORDS for w in words)
    assert monitoring.keywords("") == []


def test_jieba_cache_lives_in_the_configured_directory(settings):
    tokenizer = monitoring.extractor().tokenizer
    assert tokenizer.tmp_dir == str(settings.JIEBA_CACHE_DIR)


def test_the_spike_rule():
    assert not monitoring.is_spike(4, 0, 3, 5)  # below the minimum count
    assert monitoring.is_spike(5, 0, 3, 5)  # never seen before: baseline taken as 1
    assert not monitoring.is_spike(8, 3, 3, 5)  # 8 < 3 × 3
    assert monitoring.is_spike(9, 3, 3, 5)


def test_alert_on_the_spike_day_and_not_before(timeline, monitor):
    for n in range(8):
        result = monitoring.run(now=end_of(day(n)))
        assert result["alerts"] == [], day(n)
    assert not OpinionAlert.objects.exists()
    assert mail.outbox == []

    result = monitoring.run(now=end_of(SPIKE))
    alert = OpinionAlert.objects.get(keyword="停水")
    assert alert.pk in result["alerts"]
    # Every alert of the day comes from the water-cut letters' own words.
    water_words = set(monitoring.keywords(WATER))
    assert set(OpinionAlert.objects.values_list("keyword", flat=True)) <= water_words
    assert set(OpinionAlert.objects.values_list("day", flat=True)) == {SPIKE}
    assert alert.day == SPIKE
    assert alert.count == 8
    assert alert.baseline == 1.0
    assert alert.items.count() == 8
    assert {i.source for i in alert.items.all()} == {"letters"}

    # The e-mail names the keyword and the items behind it.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [monitor.email]
    assert "停水" in message.subject
    assert "小区停水已经三天" in message.body
    assert f"/admin/accountability/alerts/{alert.pk}/" in message.body
    assert alert.items.first().admin_url() in message.body

    # Running again raises nothing new and sends nothing.
    monitoring.run(now=end_of(SPIKE))
    assert OpinionAlert.objects.filter(keyword="停水").count() == 1
    assert len(mail.outbox) == 1


def test_daily_counts(timeline):
    for n in range(9):
        monitoring.run(now=end_of(day(n)))
    counts = dict(DailyTermCount.objects.filter(kind=ItemTerm.KEYWORD, term="停水").values_list("day", "count"))
    assert counts == {day(n): 1 for n in range(8)} | {SPIKE: 8}
    # Each item analysed once, even though runs overlap.
    assert AnalysedItem.objects.filter(source="letters").count() == 8 * 4 + 8


def test_a_higher_factor_means_no_alert(timeline, config):
    config.spike_factor = 10
    config.save()
    for n in range(10):
        monitoring.run(now=end_of(day(n)))
    assert not OpinionAlert.objects.filter(keyword="停水").exists()


def test_topics_are_counted(db, home):
    Topic.objects.create(name="供水", slug="water", locale_id=home.locale_id)
    make_case(None, at(SPIKE), text="供水管道爆裂")
    monitoring.run(now=end_of(SPIKE))
    assert DailyTermCount.objects.get(kind=ItemTerm.TOPIC, term="water", day=SPIKE).count == 1


def test_comments_and_interview_questions_are_sources(db, home):
    consultation = make_consultation(home, D(2025, 6, 1), D(2025, 7, 1))
    add_comments(consultation, SPIKE, text="建议限制大型犬饲养。")
    interview = make_briefing(home, D(2025, 6, 20), kind=BriefingPage.KIND_INTERVIEW)
    add_comments(interview, SPIKE, text="地铁三号线什么时候开通？")
    monitoring.run(now=end_of(SPIKE))
    item = AnalysedItem.objects.get(source="comments")
    assert "大型犬" in item.keywords or "饲养" in item.keywords
    question = AnalysedItem.objects.get(source="questions")
    assert question.object_id == str(interview.citizen_comments.get().pk)
    assert "地铁" in question.keywords or "三号线" in question.keywords
    assert set(SOURCES) >= {"letters", "comments", "questions"}


def test_other_apps_can_register_a_source(db):
    @register("test-source", "Test")
    def test_source(start, end):
        yield 1, at(SPIKE), "地铁施工噪音扰民"

    try:
        monitoring.run(now=end_of(SPIKE))
        assert AnalysedItem.objects.filter(source="test-source").exists()
    finally:
        SOURCES.pop("test-source")


# --- the admin ---------------------------------------------------------------


@pytest.fixture
def alert(timeline):
    for n in range(9):
        monitoring.run(now=end_of(day(n)))
    return OpinionAlert.objects.get(keyword="停水")


def test_open_alert_on_the_admin_dashboard_with_its_age(client, monitor, alert):
    OpinionAlert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - datetime.timedelta(days=2, hours=3))
    client.force_login(monitor)
    html = client.get("/admin/").content.decode()
    assert "停水" in html
    panel = html[html.index("acc-alerts") :]
    assert re.search(r"2\s*(days|天|日)", panel)


def test_alerts_list_and_detail(client, monitor, alert):
    client.force_login(monitor)
    response = client.get("/admin/accountability/alerts/")
    assert response.status_code == 200
    assert "停水" in response.content.decode()
    detail = client.get(f"/admin/accountability/alerts/{alert.pk}/").content.decode()
    assert "小区停水已经三天" in detail
    assert "<svg" in detail


def test_grading_and_recording_the_response(client, monitor, alert, home):
    client.force_login(monitor)
    url = f"/admin/accountability/alerts/{alert.pk}/"
    response = client.post(
        url, {"level": "2", "status": "responded", "response_kind": "press_release", "note": "供水抢修"}
    )
    assert response.status_code == 200
    with translation.override("zh-hans"):
        assert translation.gettext("Link the published response.") in response.content.decode()

    response = client.post(
        url,
        {
            "level": "2",
            "status": "responded",
            "response_kind": "press_release",
            "response_page": home.pk,
            "note": "供水抢修",
        },
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.level, alert.status, alert.response_kind, alert.response_page_id) == (
        2,
        "responded",
        "press_release",
        home.pk,
    )
    assert alert.graded_by == monitor and alert.resolved_at is not None


def test_closing_needs_a_grade(client, monitor, alert):
    client.force_login(monitor)
    response = client.post(f"/admin/accountability/alerts/{alert.pk}/", {"level": "", "status": "closed"})
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.status == "open"


def test_people_outside_the_monitoring_roles_cannot_see_alerts(client, editor, alert):
    client.force_login(editor)
    response = client.get("/admin/accountability/alerts/")
    assert response.status_code in (302, 403)
    assert "停水" not in client.get("/admin/").content.decode()


def test_backfill_command(timeline, monitor):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("monitor_opinion", "--since", "2025-05-25", stdout=out)
    assert "new alert" in out.getvalue()
    assert OpinionAlert.objects.filter(keyword="停水", day=SPIKE).exists()
    assert mail.outbox == []  # a backfill does not e-mail


def test_one_run_at_a_time(timeline):
    from django.core.cache import cache

    cache.add(monitoring.LOCK_KEY, "1")
    assert monitoring.run(now=end_of(SPIKE))["skipped"]
    assert not AnalysedItem.objects.exists()
    cache.delete(monitoring.LOCK_KEY)
    assert not monitoring.run(now=end_of(SPIKE)).get("skipped")
    assert AnalysedItem.objects.exists()
