"""Every dashboard figure equals the count worked out by hand from the seeded
year, and departments see only their own row."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from openpyxl import load_workbook

from accountability import dashboard
from accountability.models import DepartmentMembership, Survey, SurveyResponse
from cms import roles
from interactions.cases.models import Case, Channel, DepartmentHandler
from policies.models import PolicyPage

from .conftest import D, add_comments, at, make_briefing, make_case, make_consultation, make_interpretation, make_policy

START, END, TODAY = D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 15)


@pytest.fixture
def world(home, depts, spokespeople, locales):
    A, A_en, B = depts["A"], depts["A_en"], depts["B"]
    p1 = make_policy(home, [A], D(2025, 3, 1))
    p2 = make_policy(home, [A, B], D(2025, 4, 10), major=True, kind="regulation")
    make_interpretation(home, p2, D(2025, 4, 10))
    p3 = make_policy(home, [B], D(2025, 5, 5), major=True)
    make_interpretation(home, p3, D(2025, 5, 8))  # three days late
    make_policy(home, [A], D(2025, 6, 1), major=True)  # no interpretation
    make_policy(home, [A], D(2024, 12, 30))  # before the period
    make_policy(home, [A], D(2025, 7, 1), live=False)  # never published
    # The English copy of p1 is the same document.
    p1_en = p1.copy_for_translation(locales["en"], copy_parents=True).specific
    p1_en.issuers.set([A_en])
    p1_en.save()
    PolicyPage.objects.filter(pk=p1_en.pk).update(live=True, first_published_at=at(D(2025, 3, 2)))

    c1 = make_consultation(home, D(2025, 2, 1), D(2025, 3, 1), policy=p1, outcome=D(2025, 3, 20))
    c2 = make_consultation(home, D(2025, 6, 1), D(2025, 7, 1), policy=p3, outcome=D(2025, 9, 1))  # late
    make_consultation(home, D(2025, 8, 1), D(2025, 8, 20))  # no department, no outcome
    # The consulting department wins over the draft policy's issuers (A).
    c5 = make_consultation(home, D(2025, 9, 1), D(2025, 9, 20), policy=p1, department=B, outcome=D(2025, 9, 25))
    add_comments(c5, D(2025, 9, 2))
    c4 = make_consultation(home, D(2024, 11, 1), D(2025, 1, 10), policy=p2, outcome=D(2025, 1, 20))
    add_comments(c1, D(2025, 2, 2), D(2025, 2, 3), D(2025, 2, 20))
    add_comments(c2, D(2025, 6, 2), D(2025, 6, 3))
    add_comments(c4, D(2024, 12, 1), D(2025, 1, 2), D(2025, 1, 3))

    make_briefing(home, D(2025, 3, 10), spokespeople["A"])
    make_briefing(home, D(2025, 9, 10), spokespeople["A"], spokespeople["B"])
    make_briefing(home, D(2025, 10, 10))
    make_briefing(home, D(2024, 10, 1), spokespeople["A"])

    make_case(A, D(2025, 3, 1), deadline=D(2025, 3, 20), replied=D(2025, 3, 15), days=10, rating="satisfied")
    make_case(A, D(2025, 4, 1), deadline=D(2025, 4, 20), replied=D(2025, 4, 25), days=18, rating="unsatisfied")
    make_case(A, D(2025, 12, 20), deadline=D(2026, 1, 10))  # open past its deadline
    make_case(
        A_en,
        D(2025, 5, 1),
        channel=Channel.DISCLOSURE,
        deadline=D(2025, 5, 29),
        replied=D(2025, 5, 20),
        days=13,
        rating="basically",
    )
    make_case(B, D(2025, 6, 1), channel=Channel.DISCLOSURE, deadline=D(2026, 2, 1))
    make_case(B, D(2025, 7, 1), deadline=D(2025, 7, 22), replied=D(2025, 7, 10), days=7)
    make_case(None, D(2025, 2, 1))
    make_case(A, D(2024, 6, 1), deadline=D(2024, 6, 20), replied=D(2024, 6, 10), days=5)

    survey = Survey.objects.create(title="甲局服务评议", slug="jia", department=A)
    for score, day in ((5, D(2025, 2, 1)), (4, D(2025, 5, 1)), (2, D(2025, 8, 1)), (1, D(2024, 8, 1))):
        SurveyResponse.objects.create(survey=survey, overall=score, submitted_at=at(day))
    return depts


EXPECTED = {
    "A": {
        "documents": 3,
        "major": 2,
        "major_same_day": 1,
        "major_same_day_rate": 50.0,
        "consultations": 1,
        "comments": 5,
        "outcomes_due": 2,
        "outcomes_on_time": 2,
        "letters": 3,
        "requests": 1,
        "answered": 3,
        "on_time": 2,
        "overdue": 2,
        "avg_days": 13.7,
        "satisfaction": 66.7,
        "briefings": 2,
        "survey_responses": 3,
        "survey_score": 3.67,
        "survey_satisfaction": 66.7,
    },
    "B": {
        "documents": 2,
        "major": 2,
        "major_same_day": 1,
        "major_same_day_rate": 50.0,
        "consultations": 2,
        "comments": 5,
        "outcomes_due": 3,
        "outcomes_on_time": 2,
        "letters": 1,
        "requests": 1,
        "answered": 1,
        "on_time": 1,
        "overdue": 0,
        "avg_days": 7.0,
        "satisfaction": None,
        "briefings": 1,
        "survey_responses": 0,
        "survey_score": None,
        "survey_satisfaction": None,
    },
    "none": {
        "documents": 0,
        "major": 0,
        "major_same_day": 0,
        "major_same_day_rate": None,
        "consultations": 1,
        "comments": 0,
        "outcomes_due": 1,
        "outcomes_on_time": 0,
        "letters": 1,
        "requests": 0,
        "answered": 0,
        "on_time": 0,
        "overdue": 0,
        "avg_days": None,
        "satisfaction": None,
        "briefings": 1,
        "survey_responses": 0,
        "survey_score": None,
        "survey_satisfaction": None,
    },
}


def _no_department():
    with translation.override("zh-hans"):
        return translation.gettext("No department")


NO_DEPARTMENT = _no_department()


def rows_by_name(rows):
    return {row["name"]: row for row in rows}


def test_every_figure_matches_the_seeded_year(world):
    rows = rows_by_name(dashboard.table(START, END, today=TODAY))
    assert set(rows) == {"甲局", "乙局", NO_DEPARTMENT}
    for key, name in (("A", "甲局"), ("B", "乙局"), ("none", NO_DEPARTMENT)):
        actual = {column: rows[name][column] for column in dashboard.COLUMN_KEYS}
        assert actual == EXPECTED[key], name


def test_case_figures_agree_with_direct_queries(world):
    """The same numbers again, straight from the ORM."""
    rows = rows_by_name(dashboard.table(START, END, today=TODAY))
    a_ids = [world["A"].pk, world["A_en"].pk]
    cases = Case.objects.filter(
        department__in=a_ids, received_at__gte=at(START, 0), received_at__lt=at(D(2026, 1, 1), 0)
    )
    assert rows["甲局"]["letters"] == cases.exclude(channel=Channel.DISCLOSURE).count()
    assert rows["甲局"]["requests"] == cases.filter(channel=Channel.DISCLOSURE).count()
    assert rows["甲局"]["answered"] == cases.exclude(replied_at=None).count()
    assert rows["甲局"]["on_time"] == sum(1 for c in cases if c.on_time)
    assert rows["甲局"]["overdue"] == sum(1 for c in cases if c.is_overdue(TODAY))


def test_period_limits_the_counts(world):
    rows = rows_by_name(dashboard.table(D(2025, 1, 1), D(2025, 3, 31), today=TODAY))
    assert rows["甲局"]["documents"] == 1  # p1 only
    assert rows["甲局"]["letters"] == 1
    assert rows["甲局"]["briefings"] == 1
    assert rows["甲局"]["comments"] == 5


def test_sorting(world):
    names = [r["name"] for r in dashboard.table(START, END, today=TODAY, sort="letters", descending=True)]
    assert names[0] == "甲局"
    names = [r["name"] for r in dashboard.table(START, END, today=TODAY, sort="comments")]
    assert names[0] == NO_DEPARTMENT
    # Empty rates go last whichever the direction.
    names = [r["name"] for r in dashboard.table(START, END, today=TODAY, sort="satisfaction", descending=True)]
    assert names[0] == "甲局"


# --- who sees what ---------------------------------------------------------------


@pytest.fixture
def member_a(make_user, world):
    user = make_user("member-a", roles.EDITORS)
    DepartmentMembership.objects.create(user=user, department=world["A"])
    return user


URL = "/admin/accountability/supervision/?start=2025-01-01&end=2025-12-31"


def test_department_member_sees_only_their_row(client, member_a):
    client.force_login(member_a)
    response = client.get(URL)
    assert response.status_code == 200
    names = [r["name"] for r in response.context["rows"]]
    assert names == ["甲局"]
    html = response.content.decode()
    assert "乙局" not in html and NO_DEPARTMENT not in html


def test_department_member_export_has_only_their_row(client, member_a):
    client.force_login(member_a)
    body = client.get(URL + "&format=csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body)))
    assert [line[0] for line in lines[1:]] == ["甲局"]
    workbook = load_workbook(io.BytesIO(client.get(URL + "&format=xlsx").content))
    sheet = workbook.active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["甲局"]


def test_case_handler_of_a_department_sees_that_department(client, make_user, world):
    user = make_user("handler-b", roles.CASE_HANDLERS)
    DepartmentHandler.objects.create(user=user, department=world["B"])
    client.force_login(user)
    assert [r["name"] for r in client.get(URL).context["rows"]] == ["乙局"]


def test_a_user_without_department_is_refused(client, make_user, world):
    client.force_login(make_user("nobody", roles.EDITORS))
    response = client.get(URL)
    # Wagtail's admin turns PermissionDenied into a redirect with a message.
    assert response.status_code in (302, 403)
    assert "rows" not in (response.context or {})


def test_leaders_and_administrators_see_every_row(client, make_user, superuser, world):
    leader = make_user("leader", roles.LEADERS)
    for user in (leader, superuser):
        client.force_login(user)
        names = {r["name"] for r in client.get(URL).context["rows"]}
        assert names == {"甲局", "乙局", NO_DEPARTMENT}


def test_page_renders_charts_and_sorting_links(client, superuser, world):
    client.force_login(superuser)
    response = client.get(URL + "&sort=-letters")
    html = response.content.decode()
    assert html.count("<svg") >= 6
    assert "This year" in html or "Last year" in html or "?start=" in html
    assert 'aria-sort="descending"' in html
    assert [r["name"] for r in response.context["rows"]][0] == "甲局"


def test_export_escapes_formulas(client, superuser, world):
    world["B"].name = '=HYPERLINK("http://evil")'
    world["B"].save()
    client.force_login(superuser)
    body = client.get(URL + "&format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    sheet = load_workbook(io.BytesIO(client.get(URL + "&format=xlsx").content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in names
    # numbers stay numbers
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "甲局")
    assert row[1] == 3


def test_monitor_group_exists_with_permissions(db):
    group = Group.objects.get(name="Public opinion monitors")
    assert group.permissions.filter(codename="change_opinionalert").exists()
    assert Group.objects.get(name=roles.LEADERS).permissions.filter(codename="view_all_departments").exists()


def test_export_neutralises_cells_starting_with_a_tab_or_carriage_return(client, superuser, world):
    world["B"].name = '\t=HYPERLINK("http://evil")'
    world["B"].save()
    client.force_login(superuser)
    body = client.get(URL + "&format=csv").content.decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(body)) if row]
    assert '\'\t=HYPERLINK("http://evil")' in names
