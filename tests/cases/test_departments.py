"""One department per department (issue 20, defect 6): a department's
translations are offered once in the hotline form and counted once in the
statistics."""

import csv
import datetime
import io
import re

from django.urls import reverse

from interactions.cases import services, stats
from interactions.cases.models import Case

D = datetime.date


def department_options(html, name="department"):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [label.strip() for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)]


def test_the_hotline_form_offers_each_department_once(client, supervisor, department, other_department, category):
    client.force_login(supervisor)
    options = department_options(client.get(reverse("cases_admin:create")).content.decode())
    assert sorted(options) == sorted(["示例市教育局", "示例市卫生健康委员会"])


def test_the_hotline_form_in_english_names_departments_in_english(
    client, supervisor, department, other_department, category
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(supervisor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(supervisor)
    options = department_options(client.get(reverse("cases_admin:create")).content.decode())
    assert sorted(options) == sorted(["Shili Education Bureau", "示例市卫生健康委员会"])


def test_a_case_is_filed_against_the_department_not_a_translation(make_case, supervisor, department, locales):
    english_row = department.get_translation(locales["en"])
    case, _c, _p = make_case(department=english_row)
    assert case.department == department
    other, _c, _p = make_case()
    services.assign(other, english_row, supervisor)
    assert Case.objects.get(pk=other.pk).department == department


def test_statistics_count_a_department_once(client, home, make_case, supervisor, department, locales):
    english_row = department.get_translation(locales["en"])
    chinese, _c, _p = make_case(received=D(2026, 3, 2))
    english, _c, _p = make_case(received=D(2026, 3, 3))
    services.assign(chinese, department, supervisor)
    services.assign(english, department, supervisor)
    Case.objects.filter(pk=english.pk).update(department=english_row)  # an older case, or one entered elsewhere
    rows = stats.month_rows(2026, today=D(2026, 3, 10))
    assert [(row["department"], row["month"], row["received"]) for row in rows] == [(department, 3, 2)]
    html = client.get(reverse("cases:statistics"), {"year": 2026}).content.decode()
    table = html[html.index('id="stats-table"') :]
    assert table.count("示例市教育局") == 1
    lines = list(
        csv.reader(io.StringIO(client.get(reverse("cases:statistics_csv"), {"year": 2026}).content.decode("utf-8-sig")))
    )
    assert [line[:3] for line in lines[1:]] == [["示例市教育局", "2026-03", "2"]]
