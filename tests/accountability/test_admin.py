"""The admin screens open for the roles that use them; the annual report is
created and edited through Wagtail's page editor."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text

from accountability.models import AnnualReportIndexPage, AnnualReportPage
from cms import roles
from interactions.cases.models import Channel, RequesterType

from .conftest import D, make_case


@pytest.fixture
def report_index(home):
    index = AnnualReportIndexPage(title="政府信息公开工作年度报告", slug="annual-reports")
    home.add_child(instance=index)
    return index


def test_report_created_in_the_page_editor(client, superuser, report_index, depts):
    make_case(depts["A"], D(2025, 3, 1), channel=Channel.DISCLOSURE, requester_type=RequesterType.NATURAL_PERSON)
    client.force_login(superuser)
    url = f"/admin/pages/add/accountability/annualreportpage/{report_index.pk}/"
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert all(target.startswith(url) for target, _status in response.redirect_chain)  # not bounced to the dashboard
    data = nested_form_data(
        {
            "title": "甲局2025年政府信息公开工作年度报告",
            "slug": "2025",
            "year": 2025,
            "office": depts["A"].pk,
            "recalculate": "on",
            "overview": rich_text("<p>总体情况。</p>"),
            "summary": "",
            "licensing_decisions": 12,
            "penalty_decisions": 3,
            "enforcement_decisions": 0,
            "fees_amount": "0",
            "problems": rich_text("<p>问题。</p>"),
            "other_matters": rich_text(""),
            **{
                f"{group}_{result}": 0
                for group in ("rec", "lit_direct", "lit_after")
                for result in ("upheld", "corrected", "other", "pending")
            },
            "rec_upheld": 2,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    report = AnnualReportPage.objects.get(slug="2025")
    assert not report.live
    assert report.figures["requests"]["new"]["total"] == 1
    assert report.tables()["review_rows"][0]["values"] == [2, 0, 0, 0, 2]
    assert client.get(f"/admin/pages/{report.pk}/edit/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/accountability/survey/",
        "/admin/snippets/accountability/departmentmembership/",
        "/admin/settings/accountability/monitoringsettings/",
        "/admin/accountability/supervision/",
        "/admin/accountability/alerts/",
    ],
)
def test_site_administrators_open_every_screen(client, make_user, url, db):
    client.force_login(make_user("siteadmin", roles.SITE_ADMINISTRATORS))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert all(target.startswith(url) for target, _status in response.redirect_chain)  # not bounced to the dashboard


def test_leader_sees_dashboard_and_alerts_menu(client, make_user):
    client.force_login(make_user("leader", roles.LEADERS))
    html = client.get("/admin/").content.decode()
    assert "/admin/accountability/supervision/" in html
    assert "/admin/accountability/alerts/" in html


def test_editor_sees_neither_menu(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "/admin/accountability/supervision/" not in html
    assert "/admin/accountability/alerts/" not in html
