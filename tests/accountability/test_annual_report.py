"""The annual report's tables reconcile with the database for a seeded year."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowState

from accountability.models import AnnualReportIndexPage, AnnualReportPage
from accountability.report import REQUEST_ROWS, request_figures
from cms.workflow.seeding import WORKFLOW_NAME
from interactions.cases.models import Case, Channel, LegalGround, Outcome, RequesterType

from .conftest import D, at, make_case, make_interpretation, make_policy

NATURAL, ORG = RequesterType.NATURAL_PERSON, RequesterType.ORGANISATION

# (requester, received, replied, outcome, legal ground)
REQUESTS = [
    (NATURAL, D(2024, 12, 20), D(2025, 1, 10), Outcome.DISCLOSED, ""),  # carried in, answered
    (ORG, D(2024, 12, 25), D(2026, 1, 5), Outcome.PARTLY_DISCLOSED, ""),  # carried in and out
    (NATURAL, D(2024, 11, 1), D(2024, 11, 20), Outcome.DISCLOSED, ""),  # finished last year
    (NATURAL, D(2025, 2, 1), D(2025, 2, 20), Outcome.DISCLOSED, ""),
    (NATURAL, D(2025, 3, 1), D(2025, 3, 20), Outcome.DISCLOSED, ""),
    (ORG, D(2025, 3, 5), D(2025, 3, 25), Outcome.DISCLOSED, ""),
    (NATURAL, D(2025, 4, 1), D(2025, 4, 22), Outcome.PARTLY_DISCLOSED, ""),
    (NATURAL, D(2025, 5, 1), D(2025, 5, 20), Outcome.NOT_DISCLOSED, LegalGround.STATE_SECRET),
    (ORG, D(2025, 5, 2), D(2025, 5, 21), Outcome.NOT_DISCLOSED, LegalGround.THIRD_PARTY),
    (ORG, D(2025, 5, 3), D(2025, 5, 22), Outcome.NOT_DISCLOSED, LegalGround.THIRD_PARTY),
    (NATURAL, D(2025, 6, 1), D(2025, 6, 10), Outcome.NOT_DISCLOSED, LegalGround.PROCESS),
    (NATURAL, D(2025, 7, 1), D(2025, 7, 10), Outcome.NOT_EXIST, ""),
    (ORG, D(2025, 7, 2), D(2025, 7, 11), Outcome.NOT_REMIT, ""),
    (NATURAL, D(2025, 8, 1), D(2025, 8, 10), Outcome.NOT_PROCESSED, ""),
    (NATURAL, D(2025, 9, 1), D(2025, 9, 10), Outcome.OTHER, ""),
    ("", D(2025, 10, 1), D(2025, 10, 10), Outcome.DISCLOSED, ""),  # no type recorded: a natural person
    (NATURAL, D(2025, 12, 10), None, "", ""),  # carried to next year
    (ORG, D(2025, 12, 20), D(2026, 1, 8), Outcome.DISCLOSED, ""),  # carried to next year
    (NATURAL, D(2026, 1, 2), None, "", ""),  # next year's
]


@pytest.fixture
def seeded_year(home, depts):
    A, A_en, B = depts["A"], depts["A_en"], depts["B"]
    for n, (who, received, replied, outcome, ground) in enumerate(REQUESTS):
        make_case(
            A_en if n % 5 == 0 else A,
            received,
            channel=Channel.DISCLOSURE,
            replied=replied,
            requester_type=who,
            outcome=outcome,
            legal_ground=ground,
        )
    # Another office's request and a letter: not in A's table.
    make_case(
        B,
        D(2025, 3, 1),
        channel=Channel.DISCLOSURE,
        replied=D(2025, 3, 5),
        requester_type=NATURAL,
        outcome=Outcome.DISCLOSED,
    )
    make_case(A, D(2025, 3, 1), replied=D(2025, 3, 5))

    make_policy(home, [A], D(2025, 2, 1), kind="regulation")
    make_policy(home, [A], D(2025, 3, 1), kind="normative")
    make_policy(home, [A, B], D(2023, 3, 1), kind="normative")
    make_policy(home, [A], D(2022, 3, 1), kind="normative", validity="repealed", expires_on=D(2025, 6, 1))
    make_policy(home, [A], D(2020, 3, 1), kind="regulation", validity="expired", expires_on=D(2024, 6, 1))
    notice = make_policy(home, [A], D(2025, 4, 1), kind="notice")
    make_policy(home, [B], D(2025, 4, 1), kind="normative")
    make_interpretation(home, notice, D(2025, 4, 1))
    return depts


def in_scope(office_ids):
    return Case.objects.filter(channel=Channel.DISCLOSURE, department__in=office_ids)


def test_request_table_reconciles_with_the_database(seeded_year):
    A, A_en = seeded_year["A"], seeded_year["A_en"]
    figures = request_figures(2025, A)
    cases = in_scope([A.pk, A_en.pk])
    start, end = at(D(2025, 1, 1), 0), at(D(2026, 1, 1), 0)
    answered = cases.filter(replied_at__gte=start, replied_at__lt=end)

    def split(queryset):
        org = queryset.filter(requester_type=ORG).count()
        return {"natural": queryset.count() - org, "organisation": org, "total": queryset.count()}

    assert figures["new"] == split(cases.filter(received_at__gte=start, received_at__lt=end))
    assert figures["carried_in"] == split(cases.filter(received_at__lt=start).exclude(replied_at__lt=start))
    assert figures["carried_out"] == split(cases.filter(received_at__lt=end).exclude(replied_at__lt=end))
    assert figures["total"] == split(answered)
    # Every statutory outcome type, one by one.
    assert figures["disclosed"] == split(answered.filter(outcome=Outcome.DISCLOSED))
    assert figures["partly"] == split(answered.filter(outcome=Outcome.PARTLY_DISCLOSED))
    assert figures["withheld"] == split(answered.filter(outcome=Outcome.NOT_DISCLOSED))
    for ground in LegalGround.values:
        assert figures["ground:" + ground] == split(
            answered.filter(outcome=Outcome.NOT_DISCLOSED, legal_ground=ground)
        ), ground
    assert figures["not_exist"] == split(answered.filter(outcome=Outcome.NOT_EXIST))
    assert figures["not_remit"] == split(answered.filter(outcome=Outcome.NOT_REMIT))
    assert figures["unable"] == split(answered.filter(outcome__in=[Outcome.NOT_EXIST, Outcome.NOT_REMIT]))
    assert figures["not_processed"] == split(answered.filter(outcome=Outcome.NOT_PROCESSED))
    assert figures["other"] == split(answered.filter(outcome__in=[Outcome.OTHER, ""]))
    # And the figures by hand, so a shared mistake cannot hide.
    assert figures["new"] == {"natural": 10, "organisation": 5, "total": 15}
    assert figures["carried_in"] == {"natural": 1, "organisation": 1, "total": 2}
    assert figures["total"] == {"natural": 10, "organisation": 4, "total": 14}
    assert figures["carried_out"] == {"natural": 1, "organisation": 2, "total": 3}
    assert figures["ground:third_party"] == {"natural": 0, "organisation": 2, "total": 2}


def test_new_plus_carried_in_equals_answered_plus_carried_out(seeded_year):
    for office in (seeded_year["A"], seeded_year["B"], None):
        f = request_figures(2025, office)
        assert f["new"]["total"] + f["carried_in"]["total"] == f["total"]["total"] + f["carried_out"]["total"]
        leaves = ["disclosed", "partly", "withheld", "unable", "not_processed", "other"]
        assert sum(f[row]["total"] for row in leaves) == f["total"]["total"]


def test_whole_government_counts_every_office(seeded_year):
    f = request_figures(2025, None)
    assert (
        f["new"]["total"]
        == Case.objects.filter(
            channel=Channel.DISCLOSURE, received_at__gte=at(D(2025, 1, 1), 0), received_at__lt=at(D(2026, 1, 1), 0)
        ).count()
    )


@pytest.fixture
def report_index(home):
    index = AnnualReportIndexPage(title="政府信息公开工作年度报告", slug="annual-reports")
    home.add_child(instance=index)
    return index


def make_report(report_index, office, **fields):
    page = AnnualReportPage(
        title="甲局2025年政府信息公开工作年度报告", slug="2025-jia", year=2025, office=office, live=False, **fields
    )
    report_index.add_child(instance=page)
    page.save_revision()
    return AnnualReportPage.objects.get(pk=page.pk)


def test_report_page_tables(seeded_year, report_index):
    report = make_report(report_index, seeded_year["A"], rec_upheld=2, rec_corrected=1, lit_direct_pending=1)
    tables = report.tables()
    rows = {row["key"]: row["values"] for row in tables["request_rows"]}
    assert rows["new"] == [10, 5, 15]
    assert rows["ground:state_secret"] == [1, 0, 1]
    assert rows["carried_out"] == [1, 2, 3]
    assert [key for key, *_rest in REQUEST_ROWS] == [row["key"] for row in tables["request_rows"]]
    proactive = {row["label"]: row["values"] for row in tables["proactive_rows"]}
    assert proactive["规章"] == [1, 0, 1]  # the expired one ended in 2024
    assert proactive["行政规范性文件"] == [1, 1, 2]
    other = {item["label"]: item["value"] for item in tables["proactive_other"]}
    assert other["其他主动公开政策文件（本年发布）"] == 1
    assert other["政策解读（本年发布）"] == 1
    review = {row["label"]: row["values"] for row in tables["review_rows"]}
    assert review["行政复议"] == [2, 1, 0, 0, 3]
    assert review["行政诉讼（未经复议直接起诉）"] == [0, 0, 0, 1, 1]


def test_figures_are_frozen_when_recalculation_is_off(seeded_year, report_index):
    report = make_report(report_index, seeded_year["A"])
    report.recalculate = False
    report.save_revision()
    make_case(seeded_year["A"], D(2025, 6, 6), channel=Channel.DISCLOSURE, requester_type=NATURAL)
    report.save_revision()
    assert AnnualReportPage.objects.get(pk=report.pk).figures["requests"]["new"]["total"] == 15
    report.recalculate = True
    report.save_revision()
    assert report.figures["requests"]["new"]["total"] == 16


def test_report_is_reviewed_through_the_workflow_then_published(seeded_year, report_index, superuser, client):
    WorkflowPage.objects.get_or_create(
        page=report_index, defaults={"workflow": Workflow.objects.get(name=WORKFLOW_NAME)}
    )
    report = make_report(report_index, seeded_year["A"])
    workflow = report.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW_NAME
    state = workflow.start(report, superuser)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not Page.objects.get(pk=report.pk).live
    # The approved revision is what goes live, with its figures.
    revision = report.latest_revision
    revision.publish(user=superuser)
    published = AnnualReportPage.objects.get(pk=report.pk)
    assert published.live and published.figures["requests"]["new"]["total"] == 15

    html = client.get(published.url).content.decode()
    assert "三、收到和处理政府信息公开申请情况" in html
    assert "四、结转下年度继续办理" in html

    response = client.get(published.url + "xlsx/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {row[0]: row[1:4] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert cells["一、本年新收政府信息公开申请数量"] == (10, 5, 15)
    assert cells["　　1.属于国家秘密"] == (1, 0, 1)
    assert cells["　（七）总计"] == (10, 4, 14)
    assert "五、存在的主要问题及改进情况" in cells


def test_publishing_keeps_the_reviewed_figures(seeded_year, report_index, superuser):
    report = make_report(report_index, seeded_year["A"])
    approved = report.latest_revision
    # A late case arrives between the review and the publication.
    make_case(seeded_year["A"], D(2025, 6, 6), channel=Channel.DISCLOSURE, requester_type=NATURAL)
    approved.publish(user=superuser)
    assert AnnualReportPage.objects.get(pk=report.pk).figures["requests"]["new"]["total"] == 15


def test_english_report_uses_english_labels(seeded_year, report_index, locales):
    report = make_report(report_index, seeded_year["A"])
    english = report.copy_for_translation(locales["en"], copy_parents=True).specific
    tables = english.tables()
    assert tables["request_columns"] == ["Natural persons", "Legal persons or other organisations", "Total"]
    assert tables["request_rows"][0]["label"] == "1. New requests received this year"
    assert tables["request_rows"][0]["values"] == [10, 5, 15]


def test_year_must_be_sensible(report_index):
    page = AnnualReportPage(title="x", slug="x", year=timezone.localdate().year + 1)
    with pytest.raises(Exception, match="year"):
        page.full_clean()


def test_the_current_year_report_cannot_be_published_on_any_path(report_index, superuser, client):
    """The annual-report gate, on the edit page's Publish button (the path
    that used to skip page rules)."""
    this_year = timezone.localdate().year
    page = AnnualReportPage(title=f"{this_year}年度报告", slug=f"{this_year}-early", year=this_year, live=False)
    report_index.add_child(instance=page)
    page.save_revision()
    with pytest.raises(Exception, match=str(this_year + 1)):
        AnnualReportPage.objects.get(pk=page.pk).get_latest_revision().publish()
    from tests.workflow.helpers import edit_form_data

    client.force_login(superuser)
    data = edit_form_data(client, page)
    data["action-publish"] = "1"
    html = client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True).content.decode()
    assert f"{this_year + 1}" in html
    assert not AnnualReportPage.objects.get(pk=page.pk).live
