"""Department scope (issue 20, defect 11): a handler sees and acts on their
own departments' cases only, over every case URL of the admin; supervisors
and superusers see all."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from interactions.cases import admin_urls, services
from interactions.cases.admin_views import ACTIONS
from interactions.cases.models import Case

# Form data that would make each action succeed on a case in its state.
ACTION_DATA = {
    "assign": lambda world: {"department": world["other"].pk},
    "correction": lambda world: {"text": "请补充", "days": 15},
    "correction_received": lambda world: {"text": "已补充"},
    "extension": lambda world: {"days": 5, "reason": "需要协调"},
    "draft": lambda world: {"reply": "答复"},
    "return": lambda world: {"text": "退回"},
    "note": lambda world: {"text": "备注"},
    "supervise": lambda world: {"text": "督办"},
    "resolve": lambda world: {"text": "已办结"},
}


@pytest.fixture
def world(make_case, department, other_department, locales, dept_handler, supervisor, superuser):
    english_row = department.get_translation(locales["en"])
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 private", content_type="application/pdf")
    ours, _c, _p = make_case(
        subject="我们部门的来信", contact_phone="13900000001", attachments=[(pdf, "application/pdf")]
    )
    ours_en, _c, _p = make_case(subject="filed against the English row", contact_phone="13900000002")
    theirs, _c, _p = make_case(subject="别的部门的来信", contact_phone="13900000003", contact_address="幸福路88号")
    pdf2 = SimpleUploadedFile("theirs.pdf", b"%PDF-1.4 theirs", content_type="application/pdf")
    theirs_file, _c, _p = make_case(subject="别的部门的附件", attachments=[(pdf2, "application/pdf")])
    new, _c, _p = make_case(subject="尚未分办的来信", contact_phone="13900000004")
    services.assign(ours, department, supervisor)
    services.assign(ours_en, department, supervisor)
    Case.objects.filter(pk=ours_en.pk).update(department=english_row)  # filed before defect 6 was fixed
    services.assign(theirs, other_department, supervisor)
    services.assign(theirs_file, other_department, supervisor)
    return {
        "handler": dept_handler("edu-handler", department),
        "other_handler": dept_handler("health-handler", other_department),
        "supervisor": supervisor,
        "superuser": superuser,
        "ours": [ours, ours_en],
        "theirs": [theirs, theirs_file],
        "new": new,
        "other": other_department,
    }


def listed(client, **params):
    return {
        case.subject
        for case in client.get(reverse("cases_admin:index"), {"filter": "all", **params}).context["page_obj"]
    }


def exported(client, **params):
    response = client.get(reverse("cases_admin:export"), {"filter": "all", **params})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return {row[2] for row in list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]}


def test_a_handler_lists_and_exports_only_their_departments_cases(client, world):
    client.force_login(world["handler"])
    mine = {case.subject for case in world["ours"]}
    assert listed(client) == mine
    assert listed(client, q="来信") == {"我们部门的来信"}
    assert exported(client) == mine
    for key in ("open", "triage", "mine", "review", "extension", "supervision", "overdue", "provisional"):
        assert listed(client, filter=key) <= mine


@pytest.mark.parametrize("who", ["supervisor", "superuser"])
def test_supervisors_and_superusers_see_every_case(client, world, who):
    client.force_login(world[who])
    everything = set(Case.objects.values_list("subject", flat=True))
    assert listed(client) == everything == exported(client)
    for case in [*world["theirs"], world["new"]]:
        assert client.get(reverse("cases_admin:detail", args=[case.pk])).status_code == 200


def test_another_departments_case_does_not_exist_for_a_handler(client, world):
    client.force_login(world["handler"])
    for case in world["ours"]:
        page = client.get(reverse("cases_admin:detail", args=[case.pk]))
        assert page.status_code == 200 and case.contact_phone in page.content.decode()
    for case in [*world["theirs"], world["new"]]:
        page = client.get(reverse("cases_admin:detail", args=[case.pk]))
        assert page.status_code == 404
        assert case.contact_phone not in page.content.decode() and case.subject not in page.content.decode()
    theirs_file = world["theirs"][1].attachments.get()
    response = client.get(reverse("cases_admin:attachment", args=[theirs_file.pk]))
    assert response.status_code == 404
    assert not world["theirs"][1].events.filter(detail__contains="scan").exists()
    own_file = world["ours"][0].attachments.get()
    response = client.get(reverse("cases_admin:attachment", args=[own_file.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 private"


def snapshot(case):
    case.refresh_from_db()
    return model_to_dict(case), case.events.count(), case.attachments.count()


@pytest.mark.parametrize("action", ACTIONS)
def test_no_action_reaches_another_departments_case(client, world, action):
    client.force_login(world["handler"])
    data = ACTION_DATA.get(action, lambda w: {})(world)
    for case in [*world["theirs"], world["new"]]:
        before = snapshot(case)
        response = client.post(reverse("cases_admin:action", args=[case.pk, action]), data)
        assert response.status_code == 404, (action, case.subject)
        assert snapshot(case) == before, action


def test_a_handler_acts_on_their_own_case(client, world):
    client.force_login(world["handler"])
    case = world["ours"][1]  # filed against the department's English row
    client.post(reverse("cases_admin:action", args=[case.pk, "note"]), {"text": "已电话联系"})
    client.post(reverse("cases_admin:action", args=[case.pk, "draft"]), {"reply": "已处理。"})
    case.refresh_from_db()
    assert case.status == "review" and case.reply_drafted_by == world["handler"]
    assert case.events.filter(kind="note", actor=world["handler"]).exists()


def test_the_dashboard_counts_only_the_handlers_cases(client, world):
    for case in [*world["ours"][:1], *world["theirs"]]:
        services.open_supervision(case, "领导批示")
    client.force_login(world["handler"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "督办中：1" in html or "Under supervision: 1" in html


def test_every_case_url_of_the_admin_is_covered_here():
    # A new case URL must be added to the tests above.
    assert {pattern.name for pattern in admin_urls.urlpatterns} == {
        "index",
        "create",
        "export",
        "detail",
        "action",
        "attachment",
    }
