"""The handlers' case list and the public answers list at size: query
counts that do not grow with the rows shown, departments in the reader's
language, and the substring search (case-blind where the text has case)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from interactions.cases.models import Case, DepartmentHandler
from tests.cases.test_publication_and_stats import answer

pytestmark = pytest.mark.django_db


def queries(client, url, params=None):
    cache.clear()
    client.get(url, params)  # warm per-process tables
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured), response


def assigned_cases(make_case, handler, departments, count, start=0):
    from interactions.cases import services

    for n in range(start, start + count):
        case, _code, _pw = make_case(subject=f"反映道路积水问题 {n}")
        services.assign(case, departments[n % len(departments)], handler)


def english(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def test_case_list_queries_do_not_grow_with_the_cases_listed(
    client, make_case, dept_handler, department, other_department
):
    handler = dept_handler("both-departments", department)
    DepartmentHandler.objects.create(department=other_department, user=handler)
    english(handler)  # each row's department is looked up in English
    client.force_login(handler)
    url = reverse("cases_admin:index")
    assigned_cases(make_case, handler, [department, other_department], 3)
    few, _ = queries(client, url, {"filter": "all"})
    assigned_cases(make_case, handler, [department, other_department], 27, start=3)
    many, response = queries(client, url, {"filter": "all"})
    assert len(response.context["page_obj"]) == 30
    assert many <= few, (few, many)
    html = response.content.decode()
    assert html.count("Shili Education Bureau") == 15 and html.count("示例市卫生健康委员会") == 15


def test_case_list_shows_departments_in_the_handlers_language(
    client, make_case, supervisor, department, other_department
):
    handler = supervisor
    assigned_cases(make_case, handler, [department, other_department], 2)
    english(handler)
    client.force_login(handler)
    html = client.get(reverse("cases_admin:index"), {"filter": "all"}).content.decode()
    assert "Shili Education Bureau" in html  # translated
    assert "示例市卫生健康委员会" in html  # no English translation: the original


def test_case_list_search_ignores_case_only_where_there_is_case(client, make_case, supervisor):
    client.force_login(supervisor)
    make_case(subject="关于小区加装电梯的建议")
    make_case(subject="Road works on Renmin Road", body="The road has been dug up for two months.")
    url = reverse("cases_admin:index")

    def found(q):
        return [c.subject for c in client.get(url, {"filter": "all", "q": q}).context["page_obj"]]

    assert found("电梯") == ["关于小区加装电梯的建议"]
    assert found("ROAD WORKS") == ["Road works on Renmin Road"]
    assert found("dug UP") == ["Road works on Renmin Road"]
    assert found("张三丰") and len(found("张三丰")) == 2  # contact name
    assert found("不存在") == []


def test_answers_list_queries_do_not_grow_with_the_answers(
    client, home, make_case, handler, reviewer, department, other_department
):
    def publish_answers(start, count):
        for n in range(start, start + count):
            case, _c, _p = make_case(subject=f"关于学校食堂的建议 {n}", consent_publish=True)
            answer(case, handler, reviewer, [department, other_department][n % 2], "已转学校整改。")

    with translation.override("en"):  # each answer's department is looked up in English
        url = reverse("cases:answers")
    publish_answers(0, 2)
    few, _ = queries(client, url)
    publish_answers(2, 14)
    many, response = queries(client, url)
    assert len(response.context["items"]) == 16 == Case.objects.published().count()
    assert many <= few, (few, many)
    html = response.content.decode()
    assert html.count("Shili Education Bureau") >= 8 and html.count("示例市卫生健康委员会") >= 8
