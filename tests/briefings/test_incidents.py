"""Major incidents: update order, last-updated time, Atom feed, home banner."""

import datetime

import feedparser
import pytest
from django.template import Context, Template
from django.utils import timezone

from briefings.models import IncidentUpdate, active_incidents
from cms.demo import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(make_incident):
    page = make_incident(live=False, first_released_at=timezone.now() - datetime.timedelta(hours=5))
    base = timezone.now() - datetime.timedelta(hours=4)
    # Appended in the admin in this order; the second was back-dated by the editor.
    page.updates.add(IncidentUpdate(posted_at=base, headline="第一次更新", text="已转移群众1200人。"))
    page.updates.add(
        IncidentUpdate(
            posted_at=base + datetime.timedelta(hours=2), headline="第三次更新", text="水位开始回落。", urgent=True
        )
    )
    page.updates.add(
        IncidentUpdate(posted_at=base + datetime.timedelta(hours=1), headline="第二次更新", text="新开放安置点3处。")
    )
    page.save()
    return publish(page)


def test_updates_newest_first_and_latest_pinned(client, incident):
    assert [u.headline for u in incident.ordered_updates()] == ["第三次更新", "第二次更新", "第一次更新"]
    assert incident.latest_update.headline == "第三次更新"
    assert incident.last_updated == incident.latest_update.posted_at

    html = client.get(incident.url).content.decode()
    latest = html.index('class="latest-update"')
    assert html.index("第三次更新") > latest
    assert (
        html.index("第三次更新")
        < html.index("第二次更新")
        < html.index("第一次更新")
        < html.index('id="first-release"')
    )
    stamp = timezone.localtime(incident.latest_update.posted_at).strftime("%Y-%m-%d %H:%M")
    assert f'class="last-updated">{stamp}</time>' in html


def test_last_updated_without_updates_is_the_first_release(make_incident):
    page = make_incident()
    assert page.latest_update is None
    assert page.last_updated == page.first_released_at


def test_atom_feed_is_valid(client, incident):
    response = client.get(incident.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == incident.title
    assert [entry.title for entry in feed.entries] == ["第三次更新", "第二次更新", "第一次更新", "首发信息"]
    assert feed.entries[0].link.startswith("http://testserver/incidents/flood/#update-")
    assert len({entry.id for entry in feed.entries}) == 4
    assert feed.entries[0].updated_parsed is not None


def _banner(page=None):
    return Template("{% load briefings_tags %}{% incident_banner %}").render(Context({"page": page}))


def test_home_banner_while_active(client, home, incident):
    assert list(active_incidents(home.locale)) == [incident]
    html = client.get("/").content.decode()
    assert 'class="incident-banner"' in html
    assert f'href="{incident.url}"' in html and "第三次更新" in html

    incident.ended_at = timezone.now() - datetime.timedelta(minutes=1)
    publish(incident)
    assert "incident-banner" not in _banner(home)
    assert "incident-banner" not in client.get("/").content.decode()


def test_banner_ignores_drafts_and_inactive(home, make_incident):
    make_incident("draft", live=False)
    make_incident("over", active=False)
    assert _banner(home).strip() == ""


def test_incident_must_end_after_first_release(make_incident):
    from django.core.exceptions import ValidationError

    page = make_incident(live=False)
    page.ended_at = page.first_released_at - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        page.full_clean()


def test_incident_index_separates_ongoing_and_ended(client, incident_index, make_incident):
    make_incident("ongoing", title="台风")
    make_incident("ended", title="停水", active=False)
    html = client.get(incident_index.url).content.decode()
    assert html.index("台风") < html.index("停水")


def test_urgent_update_goes_through_the_emergency_fast_track(client, admin_en, incident_index, make_incident):
    from django.urls import reverse
    from wagtail.models import Page, Workflow, WorkflowPage

    from cms.workflow.seeding import WORKFLOW_NAME

    WorkflowPage.objects.get_or_create(
        page=incident_index, defaults={"workflow": Workflow.objects.get(name=WORKFLOW_NAME)}
    )
    page = make_incident()
    page.updates.add(IncidentUpdate(headline="紧急：封闭示例大桥", text="即刻起封闭示例大桥。", urgent=True))
    page.save_revision(user=admin_en)
    client.force_login(admin_en)
    fast_track = reverse("cms_fast_track", args=[page.pk])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert f'href="{fast_track}"' in html

    response = client.post(fast_track, {"reason": "大桥险情，需立即发布。"})
    assert response.status_code == 302
    live = Page.objects.get(pk=page.pk).specific
    assert live.latest_update.headline == "紧急：封闭示例大桥"
    assert "紧急：封闭示例大桥" in client.get(live.url).content.decode()
