"""Incident updates carry their responsible department into the search
department facet, like every other section (issue 22: the search registry
named a `department` path incidents did not have, so the facet never
showed them)."""

import re

import pytest

from cms.demo import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(settings, home, department, django_capture_on_commit_callbacks):
    from briefings.models import IncidentIndexPage, IncidentPage

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
    with django_capture_on_commit_callbacks(execute=True):
        incidents = IncidentIndexPage(title="突发事件", slug="incidents")
        home.add_child(instance=incidents)
        publish(incidents)
        page = IncidentPage(
            title="东区学校停课通知",
            slug="school-closure",
            first_release="受台风影响，东区中小学明日停课。",
            department=department,
        )
        incidents.add_child(instance=page)
        publish(page)
    return page


def _facet(html, name):
    found = re.search(rf'<section class="facet facet-{name}">(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def test_an_incident_is_counted_under_its_department_on_the_search_page(client, incident, department):
    html = client.get("/search/", {"q": "停课"}).content.decode()
    assert "东区学校<mark>停课</mark>通知" in html
    facet = _facet(html, "department")
    assert department.name in facet and "(1)" in facet
    assert f"department={department.code}" in facet


def test_filtering_by_department_keeps_the_incident(client, incident, department, other_department):
    html = client.get("/search/", {"q": "停课", "department": department.code}).content.decode()
    assert "东区学校<mark>停课</mark>通知" in html
    html = client.get("/search/", {"q": "停课", "department": other_department.code}).content.decode()
    assert "东区学校<mark>停课</mark>通知" not in html


def test_the_result_names_the_department(client, incident, department):
    html = client.get("/search/", {"q": "停课"}).content.decode()
    result = html.split('<ol class="results">', 1)[1]
    assert f'<span class="dept">{department.name}</span>' in result.split("</li>", 1)[0]
