"""Publication only with consent and with personal data masked; statistics
equal to counts computed here; the CSV export."""

import csv
import datetime
import io
import statistics as pystats

import pytest
from django.urls import reverse

from interactions.cases import services, stats
from interactions.cases.models import Case, Rating
from tests.cases.conftest import at

D = datetime.date
VALID_ID = "11010519491231002X"  # checksum-valid (GB 11643 example)
INVALID_ID = "110105194912310021"  # same digits, wrong check character


def answer(case, handler, reviewer, department, reply, on=None, publish=True):
    """Reply (drafted by `handler`, approved by `reviewer`) and, with consent,
    have the reviewer approve the public copy as previewed."""
    services.assign(case, department, handler)
    services.draft_reply(case, handler, reply)
    services.approve_reply(case, reviewer, now=at(on) if on else None)
    case.refresh_from_db()
    if publish and case.consent_publish:
        services.publish_answer(case, reviewer, services.public_copy_digest(case))
        case.refresh_from_db()
    return case


def test_only_consented_answers_are_published(client, home, make_case, handler, reviewer, department):
    consented, _c, _p = make_case(subject="同意公开的来信", consent_publish=True)
    private, _c, _p = make_case(subject="不同意公开的来信", consent_publish=False)
    pending, _c, _p = make_case(subject="尚未答复的来信", consent_publish=True)
    withheld, _c, _p = make_case(subject="被撤下的来信", consent_publish=True)
    for case in (consented, private, withheld):
        answer(case, handler, reviewer, department, "答复内容")
    withheld.withhold_publication = True
    withheld.save()
    html = client.get(reverse("cases:answers")).content.decode()
    assert "同意公开的来信" in html
    assert "不同意公开的来信" not in html and "尚未答复的来信" not in html and "被撤下的来信" not in html
    assert client.get(reverse("cases:answer", args=[consented.pk])).status_code == 200
    for hidden in (private, pending, withheld):
        assert client.get(reverse("cases:answer", args=[hidden.pk])).status_code == 404


def test_published_answers_are_masked(client, home, make_case, handler, reviewer, department):
    body = f"我叫张三丰，身份证号{VALID_ID}，电话13800138000，邮箱zhang@example.test。编号{INVALID_ID}不是身份证。"
    case, _c, _p = make_case(body=body, consent_publish=True)
    answer(case, handler, reviewer, department, "张三丰先生：请拨打0755-83001234联系我们。", on=D(2026, 3, 10))
    html = client.get(reverse("cases:answer", args=[case.pk])).content.decode()
    for secret in (VALID_ID, "13800138000", "zhang@example.test", "张三丰", "83001234"):
        assert secret not in html
    assert INVALID_ID in html  # not an ID number: left alone
    assert "张**" in html
    assert "示例市教育局" in html
    # The search reads the masked text only: personal data finds nothing.
    for secret in ("13800138000", VALID_ID, "zhang@example", "张三丰"):
        assert client.get(reverse("cases:answers"), {"q": secret}).context["items"] == []
    assert len(client.get(reverse("cases:answers"), {"q": "身份证号"}).context["items"]) == 1


def test_answers_are_searchable(client, home, make_case, handler, reviewer, department, other_department):
    a, _c, _p = make_case(subject="关于学校食堂的建议", consent_publish=True)
    b, _c, _p = make_case(subject="关于医院停车的问题", consent_publish=True)
    answer(a, handler, reviewer, department, "已转学校整改。")
    answer(b, handler, reviewer, other_department, "已增加车位。")
    found = client.get(reverse("cases:answers"), {"q": "食堂"}).context["items"]
    assert [item["case"] for item in found] == [a]
    found = client.get(reverse("cases:answers"), {"department": other_department.pk}).context["items"]
    assert [item["case"] for item in found] == [b]
    found = client.get(reverse("cases:answers"), {"q": "车位"}).context["items"]
    assert [item["case"] for item in found] == [b]


@pytest.fixture
def year_of_cases(make_case, handler, reviewer, department, other_department):
    """Cases in March and April 2026, in two departments, in various states."""
    plan = [
        # received, department, replied on, rating
        (D(2026, 3, 2), department, D(2026, 3, 6), Rating.SATISFIED),  # 4 days
        (D(2026, 3, 3), department, D(2026, 3, 31), Rating.UNSATISFIED),  # late (due 3/24)
        (D(2026, 3, 4), department, D(2026, 3, 12), Rating.BASICALLY),  # 6 days
        (D(2026, 3, 5), department, None, None),  # open, overdue by June
        (D(2026, 3, 9), other_department, D(2026, 3, 10), None),  # 1 day
        (D(2026, 4, 1), department, D(2026, 4, 3), Rating.SATISFIED),  # 2 days
        (D(2026, 4, 2), other_department, None, None),  # open
    ]
    cases = []
    for received, dept, replied, rating in plan:
        case, _c, _p = make_case(received=received)
        if replied:
            answer(case, handler, reviewer, dept, "答复", on=replied)
            if rating:
                services.rate(case, rating)
        else:
            services.assign(case, dept, handler)
        cases.append(Case.objects.get(pk=case.pk))
    return cases


def expected_rows(cases, today):
    rows = {}
    for case in cases:
        key = (case.department_id, case.received_on.month)
        rows.setdefault(key, []).append(case)
    result = {}
    for key, items in rows.items():
        replied = [c for c in items if c.replied_at]
        days = [c.working_days_taken for c in replied]
        rated = [c for c in items if c.rating]
        result[key] = {
            "received": len(items),
            "replied": len(replied),
            "on_time": len([c for c in replied if c.replied_on <= c.deadline]),
            "average_days": round(pystats.mean(days), 1) if days else None,
            "median_days": pystats.median(days) if days else None,
            "overdue": len(
                [
                    c
                    for c in items
                    if (c.replied_on and c.replied_on > c.deadline) or (not c.replied_at and today > c.deadline)
                ]
            ),
            "satisfaction": round(100 * len([c for c in rated if c.rating != "unsatisfied"]) / len(rated), 1)
            if rated
            else None,
        }
    return result


def test_statistics_equal_counts_computed_here(year_of_cases, department):
    today = D(2026, 6, 1)
    rows = stats.month_rows(2026, today=today)
    got = {
        (r["department"].pk, r["month"]): {
            k: r[k]
            for k in ("received", "replied", "on_time", "average_days", "median_days", "overdue", "satisfaction")
        }
        for r in rows
    }
    assert got == expected_rows(year_of_cases, today)
    march = got[(department.pk, 3)]
    # Spelled out once, so a shared mistake in both computations would show.
    assert march == {
        "received": 4,
        "replied": 3,
        "on_time": 2,
        "average_days": pytest.approx(march["average_days"]),
        "median_days": 6,
        "overdue": 2,
        "satisfaction": 66.7,
    }
    assert [c.working_days_taken for c in year_of_cases[:3]] == [4, 20, 6]


def test_statistics_page_and_csv(client, home, year_of_cases):
    response = client.get(reverse("cases:statistics"), {"year": 2026})
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and 'id="stats-table"' in html
    response = client.get(reverse("cases:statistics_csv"), {"year": 2026})
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(lines) == 1 + 4  # header + (dept, month) rows
    assert sum(int(line[2]) for line in lines[1:]) == len(year_of_cases)


def test_csv_cells_cannot_start_formulas(client, home, locales, make_case):
    from cms.models import Department

    evil = Department.objects.create(name='=HYPERLINK("http://x")', code="EVIL", locale=locales["zh"])
    case, _c, _p = make_case(received=D(2026, 5, 5))
    case.department = evil
    case.save()
    content = client.get(reverse("cases:statistics_csv"), {"year": 2026}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in content


@pytest.mark.parametrize("name", ['\t=HYPERLINK("http://x")', "\r=1+1"])
def test_csv_cells_starting_with_a_tab_or_carriage_return_are_neutralised(client, home, locales, make_case, name):
    from cms.models import Department

    evil = Department.objects.create(name=name, code="EVIL", locale=locales["zh"])
    case, _c, _p = make_case(received=D(2026, 5, 5))
    case.department = evil
    case.save()
    content = client.get(reverse("cases:statistics_csv"), {"year": 2026}).content.decode("utf-8-sig")
    departments = [line[0] for line in csv.reader(io.StringIO(content))]
    assert "'" + name in departments
