"""Page trees, model rules, spokespeople and the briefing ↔ policy links."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone

from briefings.models import (
    BriefingIndexPage,
    BriefingPage,
    BriefingPolicyLink,
    BriefingSpeaker,
    IncidentIndexPage,
    IncidentPage,
    Spokesperson,
    briefings_for_policy,
)
from cms.demo import ensure_page, ensure_snippet_translation, publish
from home.models import HomePage
from policies.models import PolicyIndexPage, PolicyPage

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    assert BriefingIndexPage.allowed_parent_page_models() == [HomePage]
    assert BriefingIndexPage.allowed_subpage_models() == [BriefingPage]
    assert BriefingPage.allowed_parent_page_models() == [BriefingIndexPage]
    assert BriefingPage.allowed_subpage_models() == []
    assert IncidentIndexPage.allowed_parent_page_models() == [HomePage]
    assert IncidentIndexPage.allowed_subpage_models() == [IncidentPage]
    assert IncidentPage.allowed_parent_page_models() == [IncidentIndexPage]
    assert IncidentPage.allowed_subpage_models() == []


def test_can_create_at(home, briefing_index, incident_index):
    assert BriefingIndexPage.can_create_at(home)
    assert BriefingPage.can_create_at(briefing_index)
    assert not BriefingPage.can_create_at(home)
    assert not IncidentPage.can_create_at(briefing_index)
    assert IncidentPage.can_create_at(incident_index)


def test_briefing_must_end_after_it_starts(make_briefing):
    page = make_briefing(live=False)
    page.ends_at = page.starts_at - datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "ends_at" in error.value.message_dict


def test_recurrence_rule_is_validated(make_briefing):
    page = make_briefing(live=False)
    page.recurrence = "EVERY SECOND TUESDAY"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "recurrence" in error.value.message_dict
    page.recurrence = "FREQ=WEEKLY;BYDAY=TU;COUNT=4"
    page.full_clean()


def test_only_interviews_take_questions(make_briefing):
    page = make_briefing(live=False)
    page.questions_close_at = timezone.now()
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "questions_close_at" in error.value.message_dict
    page.kind = BriefingPage.KIND_INTERVIEW
    page.full_clean()


def test_speaker_needs_a_spokesperson_or_a_name(make_briefing):
    page = make_briefing(live=False)
    with pytest.raises(ValidationError):
        BriefingSpeaker(page=page).full_clean(exclude=["page"])
    BriefingSpeaker(page=page, name="李华", role="市教育局局长").full_clean(exclude=["page"])


def test_spokesperson_active_period(spokesperson):
    spokesperson.active_until = datetime.date(2024, 1, 1)
    with pytest.raises(ValidationError):
        spokesperson.full_clean()


def test_spokesperson_directory_lists_current_people_in_the_page_language(
    client, briefing_index, spokesperson, locales, department
):
    Spokesperson.objects.create(
        name="张前任",
        title="原新闻发言人",
        locale=locales["zh"],
        active_from=datetime.date(2020, 1, 1),
        active_until=datetime.date(2024, 12, 31),
    )
    ensure_snippet_translation(spokesperson, locales["en"], name="Wang Ming", title="Spokesperson")
    response = client.get(briefing_index.url + "spokespeople/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "王明" in html and "市政府新闻办" in html and "示例市教育局" in html
    assert "张前任" not in html
    assert "Wang Ming" not in html
    assert set(Spokesperson.objects.current().values_list("name", flat=True)) == {"王明", "Wang Ming"}


@pytest.fixture
def policy(home, department):
    index = ensure_page(home, PolicyIndexPage, "policies", title="政策文件")[0]
    page = ensure_page(index, PolicyPage, "after-school", live=False, title="示例市中小学课后服务实施办法")[0]
    page.issuers.set([department])  # policies need an issuing authority to go live
    page.save()
    return publish(page)


def test_briefing_shows_speakers_and_policies_and_policy_shows_briefing(client, make_briefing, spokesperson, policy):
    page = make_briefing(live=False)
    page.speakers.add(BriefingSpeaker(spokesperson=spokesperson))
    page.speakers.add(BriefingSpeaker(name="李华", role="市教育局局长"))
    page.related_policies.add(BriefingPolicyLink(policy=policy))
    page.save()
    publish(page)
    html = client.get(page.url).content.decode()
    assert "王明" in html and "示例市教育局 新闻发言人" in html
    assert "李华" in html and "市教育局局长" in html
    assert f'href="{policy.url}"' in html

    assert list(briefings_for_policy(policy)) == [page]
    rendered = Template("{% load briefings_tags %}{% related_briefings policy %}").render(Context({"policy": policy}))
    assert f'href="{page.url}"' in rendered
    assert "related-briefings" in rendered
    # …and the policy page shows it.
    html = client.get(policy.url).content.decode()
    assert 'class="related-briefings"' in html and f'href="{page.url}"' in html


def test_unpublished_briefings_are_not_listed_for_a_policy(make_briefing, policy):
    page = make_briefing(live=False)
    page.related_policies.add(BriefingPolicyLink(policy=policy))
    page.save()
    assert list(briefings_for_policy(policy)) == []
    rendered = Template("{% load briefings_tags %}{% related_briefings policy %}").render(Context({"policy": policy}))
    assert rendered.strip() == ""


def test_briefing_pages_render(client, make_briefing, briefing_index):
    page = make_briefing(venue="市政府新闻发布厅")
    assert client.get(briefing_index.url).status_code == 200
    response = client.get(page.url)
    assert response.status_code == 200
    assert "市政府新闻发布厅" in response.content.decode()


def test_briefings_and_incidents_in_the_api(client, make_briefing, make_incident, spokesperson):
    page = make_briefing(
        live=False, venue="发布厅", transcript=[("turn", {"speaker": "主持人", "text": "好。", "time": "0:05"})]
    )
    page.speakers.add(BriefingSpeaker(spokesperson=spokesperson))
    page.save()
    publish(page)
    make_incident()
    data = client.get(
        "/api/v2/pages/?type=briefings.BriefingPage&fields=kind,venue,speakers,transcript,starts_at"
    ).json()
    item = data["items"][0]
    assert item["venue"] == "发布厅" and item["kind"] == "routine"
    assert item["speakers"][0]["display_name"] == "王明"
    assert item["transcript"][0]["value"]["time"] == "0:05"
    data = client.get(
        "/api/v2/pages/?type=briefings.IncidentPage&fields=first_release,is_active,updates,last_updated"
    ).json()
    assert data["items"][0]["is_active"] is True


def test_publishing_a_briefing_refreshes_its_policies_cached_page(make_briefing, policy):
    from cms import pagecache

    page = make_briefing(live=False)
    page.related_policies.add(BriefingPolicyLink(policy=policy))
    page.save()
    assert policy in pagecache.pages_affected_by(page)
