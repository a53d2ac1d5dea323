"""The demo's generated year reaches the dashboard, the alerts and a draft report."""

import pytest
from django.utils import timezone

from accountability import dashboard
from accountability.models import AnnualReportPage, OpinionAlert, SurveyResponse


@pytest.mark.slow
def test_demo_has_a_year_of_activity(demo_site, client):
    today = timezone.localdate()
    rows = dashboard.table(today.replace(year=today.year - 1, month=1, day=1), today)
    assert sum(r["letters"] for r in rows) > 300
    assert sum(r["requests"] for r in rows) > 100
    assert sum(r["answered"] for r in rows) > 300
    assert all(r["satisfaction"] is not None for r in rows if r["letters"] > 50)
    assert SurveyResponse.objects.count() > 100
    assert OpinionAlert.objects.filter(status="open").exists()
    assert OpinionAlert.objects.filter(status="responded").exists() or OpinionAlert.objects.count() <= 2

    report = AnnualReportPage.objects.get(year=today.year - 1)
    assert not report.live
    requests = report.figures["requests"]
    assert requests["new"]["total"] > 100
    assert (
        requests["new"]["total"] + requests["carried_in"]["total"]
        == requests["total"]["total"] + requests["carried_out"]["total"]
    )
    assert report.get_workflow() is not None

    client.force_login(_admin())
    assert client.get("/admin/accountability/supervision/").status_code == 200
    assert client.get("/admin/accountability/alerts/").status_code == 200
    assert client.get(f"/admin/pages/{report.pk}/edit/preview/").status_code in (200, 405)

    # Running the loader again changes nothing.
    from django.core.management import call_command

    before = SurveyResponse.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert SurveyResponse.objects.count() == before


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")
