"""What the search covers is declared in search.registry."""

import pytest
from django.utils.translation import gettext
from modelsearch.index import RelatedFields

from cms import sections
from cms.demo import publish
from search import registry, service

pytestmark = pytest.mark.django_db


def test_incident_updates_are_searchable(settings, home, django_capture_on_commit_callbacks):
    from briefings.models import IncidentIndexPage, IncidentPage, IncidentUpdate

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
    assert any(isinstance(f, RelatedFields) and f.field_name == "updates" for f in IncidentPage.search_fields)
    with django_capture_on_commit_callbacks(execute=True):
        incidents = IncidentIndexPage(title="突发事件", slug="incidents")
        home.add_child(instance=incidents)
        publish(incidents)
        incident = IncidentPage(title="东区供水管道爆裂", slug="pipe", first_release="东区部分路段交通管制。")
        incident.updates = [IncidentUpdate(headline="抢修进展", text="预计今晚二十二时恢复供水，请居民提前储水。")]
        incidents.add_child(instance=incident)
        publish(incident)
    outcome = service.run({"q": "储水"}, home.locale)
    assert [h.page.title for h in outcome.hits] == ["东区供水管道爆裂"]
    assert str(outcome.hits[0].type.label) == gettext("Incident update")
    assert "<mark>储水</mark>" in outcome.hits[0].snippet_html


def test_search_types_come_from_the_section_registry():
    policy = registry.get("policy")
    assert policy.department_path == "issuers" and policy.validity_path == "validity"
    assert [t.key for t in registry.types()] == [s.search_key for s in sections.all() if s.search]


def test_apps_can_register_a_type():
    extra = sections.register(
        sections.Section("index-pages", "Policy indexes", "policies.PolicyIndexPage", search_key="index-page")
    )
    try:
        assert registry.get("index-page").section is extra
        assert "index-page" in [t.key for t in registry.types()]
    finally:
        sections.unregister("index-pages")


def test_published_letter_answers_are_found_by_their_masked_text(home, department, client):
    from django.utils import timezone

    from interactions.cases.models import Case

    common = {
        "channel": "letter",
        "contact_name": "张三",
        "contact_phone": "13800138000",
        "status": "replied",
        "department": department,
        "replied_at": timezone.now(),
        "published_at": timezone.now(),  # the public copy approved (cases, issue 20 defect 3)
        "password_hash": "x",
    }
    Case.objects.create(
        subject="小区路灯不亮 13800138000",
        body="请尽快维修路灯。",
        reply="已安排维修。",
        consent_publish=True,
        public_subject="小区路灯不亮 138****8000",
        public_body="请尽快维修路灯。",
        public_reply="已安排维修路灯。",
        tracking_digest="a" * 64,
        **common,
    )
    Case.objects.create(
        subject="路灯问题",
        body="路灯坏了",
        reply="已修",
        consent_publish=False,
        public_subject="路灯问题",
        public_body="路灯坏了",
        public_reply="已修",
        tracking_digest="b" * 64,
        **common,
    )
    outcome = service.run({"q": "路灯"}, home.locale)
    assert [h.title_html for h in outcome.hits] == ["小区<mark>路灯</mark>不亮 138****8000"]
    hit = outcome.hits[0]
    assert hit.page is None and hit.url.startswith("/cases/answers/")
    assert hit.departments == ["示例市教育局"]
    type_facet = next(f for f in outcome.facets if f.name == "type")
    assert [(v.value, v.count) for v in type_facet.values] == [("letter", 1)]
    # Never by the original, unmasked text.
    assert service.run({"q": "13800138000"}, home.locale).total == 0
    response = client.get("/search/", {"q": "路灯"})
    assert response.status_code == 200 and "/cases/answers/" in response.content.decode()
