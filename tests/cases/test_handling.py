"""Handling in the admin: triage, assignment, a reply approved by a second
person, internal notes, supervision of overdue cases, the schedule."""

import datetime
import re

import pytest
from django.urls import reverse
from django_q.models import Schedule

from interactions.cases import services
from interactions.cases.models import Case, Channel, DepartmentHandler, Status, Supervision
from interactions.cases.seeding import SUPERVISION_SCHEDULE

D = datetime.date


def test_reply_needs_a_second_person(make_case, handler, reviewer, department, mailoutbox, run_on_commit):
    with run_on_commit():
        case, _code, _pw = make_case()
        services.assign(case, department, handler)
        services.draft_reply(case, handler, "已转交区住建局处理。")
    assert case.status == Status.REVIEW and case.replied_at is None
    assert not [m for m in mailoutbox if case.reply in m.body]  # nothing sent yet
    with pytest.raises(services.CaseError):
        services.approve_reply(case, handler)  # the author cannot approve
    services.return_reply(case, reviewer, "请写明处理时限。")
    assert case.status == Status.ASSIGNED
    services.draft_reply(case, handler, "已转交区住建局处理，10个工作日内完成维修。")
    with run_on_commit():
        services.approve_reply(case, reviewer)
    case.refresh_from_db()
    assert case.status == Status.REPLIED and case.reply_approved_by == reviewer and case.reply_drafted_by == handler
    assert case.working_days_taken is not None
    assert [m for m in mailoutbox if case.reply in m.body and case.contact_email in m.to]
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["received", "accepted", "assigned", "reply_drafted", "reply_returned", "reply_drafted", "replied"]
    assert all(e.actor for e in case.events.exclude(kind="received"))


def test_department_handlers_draft_their_departments_replies(make_case, handler, reviewer, department, make_user):
    member = make_user("member", "Case handlers")
    DepartmentHandler.objects.create(department=department, user=member)
    case, _code, _pw = make_case()
    services.assign(case, department, handler)  # central triage assigns…
    with pytest.raises(services.CaseError):
        services.draft_reply(case, handler, "答复")  # …but does not draft for the department
    services.draft_reply(case, member, "答复")
    services.approve_reply(case, handler)  # a second person, from triage, approves
    case.refresh_from_db()
    assert (case.reply_drafted_by, case.reply_approved_by) == (member, handler)


def test_disclosure_outcome_and_legal_ground(make_case, handler, reviewer, department):
    case, _code, _pw = make_case(channel=Channel.DISCLOSURE, requester_type="natural")
    services.assign(case, department, handler)
    with pytest.raises(services.CaseError):
        services.draft_reply(case, handler, "不予公开。")  # no outcome
    with pytest.raises(services.CaseError):
        services.draft_reply(case, handler, "不予公开。", outcome="not_disclosed")  # no ground
    services.draft_reply(
        case, handler, "属于国家秘密，不予公开。", outcome="not_disclosed", legal_ground="state_secret"
    )
    services.approve_reply(case, reviewer)
    case.refresh_from_db()
    assert (case.outcome, case.legal_ground) == ("not_disclosed", "state_secret")


def test_admin_views_need_the_case_handlers_group(client, editor, make_case):
    case, _code, _pw = make_case()
    client.force_login(editor)
    assert client.get(reverse("cases_admin:index")).status_code in (302, 403)
    assert client.get(reverse("cases_admin:detail", args=[case.pk])).status_code in (302, 403)


def test_handling_through_the_admin(client, make_case, supervisor, reviewer, department):
    handler = supervisor  # the central office triages and, for a department without handlers, drafts
    case, _code, _pw = make_case()
    client.force_login(handler)
    assert client.get(reverse("cases_admin:index")).status_code == 200
    page = client.get(reverse("cases_admin:detail", args=[case.pk]))
    assert page.status_code == 200 and case.contact_phone in page.content.decode()
    action = lambda name, **data: client.post(reverse("cases_admin:action", args=[case.pk, name]), data)  # noqa: E731
    action("accept")
    action("assign", department=department.pk)
    action("note", text="已电话联系来信人")
    action("draft", reply="道路已修复。")
    case.refresh_from_db()
    assert case.status == Status.REVIEW
    action("approve")  # the author: refused
    case.refresh_from_db()
    assert case.status == Status.REVIEW
    DepartmentHandler.objects.create(department=department, user=reviewer)  # the department's own handler
    client.force_login(reviewer)
    assert "approve-reply" in client.get(reverse("cases_admin:detail", args=[case.pk])).content.decode()
    action("approve")
    case.refresh_from_db()
    assert case.status == Status.REPLIED and case.reply_approved_by == reviewer
    note = case.events.get(kind="note")
    assert not note.public and note.actor == handler


def test_hotline_case_entered_by_staff(client, handler, category, department):
    client.force_login(handler)
    # The form carries its submission key (a signed hidden field): a case is
    # entered from a form that was shown, so a double click is one case.
    form = client.get(reverse("cases_admin:create")).content.decode()
    started = re.search(r'name="started" value="([^"]*)"', form).group(1)
    response = client.post(
        reverse("cases_admin:create"),
        {
            "channel": "hotline",
            "category": category.pk,
            "subject": "噪音扰民",
            "body": "夜间施工噪音。",
            "contact_name": "赵六",
            "contact_phone": "13700000000",
            "department": department.pk,
            "received_at": "2026-11-02 09:30:00",
            "started": started,
        },
    )
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.channel == Channel.HOTLINE and case.created_by == handler and case.status == Status.ASSIGNED
    assert services.lookup(response.context["code"], response.context["password"]) == case


def test_attachment_download_only_for_handlers(client, make_case, supervisor, editor):
    handler = supervisor
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    case, _code, _pw = make_case(attachments=[(upload, "application/pdf")])
    attachment = case.attachments.get()
    url = reverse("cases_admin:attachment", args=[attachment.pk])
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    client.force_login(handler)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    # Not under MEDIA_ROOT, so never served as a public upload.
    from django.conf import settings

    assert not str(attachment.file.path).startswith(str(settings.MEDIA_ROOT))


def test_supervision_flags_due_soon_and_escalates_overdue(
    make_case, handler, department, make_user, mailoutbox, run_on_commit
):
    member = make_user("dept-handler", "Case handlers")
    DepartmentHandler.objects.create(department=department, user=member)
    case, _code, _pw = make_case(received=D(2026, 3, 2))  # due 3/23
    services.assign(case, department, handler)
    quiet = services.supervise(today=D(2026, 3, 10))
    assert quiet == {"due_soon": 0, "overdue": 0}
    with run_on_commit():
        assert services.supervise(today=D(2026, 3, 19)) == {"due_soon": 1, "overdue": 0}  # 3 working days left
    assert services.supervise(today=D(2026, 3, 19)) == {"due_soon": 0, "overdue": 0}  # flagged once
    assert any(member.email in m.to and "3" in m.subject for m in mailoutbox)
    mailoutbox.clear()
    with run_on_commit():
        assert services.supervise(today=D(2026, 3, 24)) == {"due_soon": 0, "overdue": 1}
    case.refresh_from_db()
    assert case.supervision == Supervision.OPEN and case.overdue_notified_at
    assert any(member.email in m.to for m in mailoutbox)
    assert case.events.filter(kind="supervision_opened", public=True).exists()
    assert services.supervise(today=D(2026, 3, 25))["overdue"] == 0
    assert list(Case.objects.filter(supervision=Supervision.OPEN)) == [case]
    services.resolve_supervision(case, handler, "已约谈承办单位")
    case.refresh_from_db()
    assert case.supervision == Supervision.RESOLVED


def test_paused_and_replied_cases_are_not_escalated(make_case, handler, reviewer, department):
    paused, _c, _p = make_case(received=D(2026, 3, 2))
    services.request_correction(paused, handler, "请补充地址", on=D(2026, 3, 3))
    replied, _c, _p = make_case(received=D(2026, 3, 2))
    services.assign(replied, department, handler)
    services.draft_reply(replied, handler, "答复")
    services.approve_reply(replied, reviewer)
    assert services.supervise(today=D(2026, 6, 1)) == {"due_soon": 0, "overdue": 0}


def test_supervision_schedule_is_seeded(db):
    schedule = Schedule.objects.get(name=SUPERVISION_SCHEDULE)
    assert schedule.func == "interactions.cases.services.supervise"
    from django.utils.module_loading import import_string

    assert callable(import_string(schedule.func))


def test_supervision_queue_in_admin(client, make_case, supervisor, department):
    case, _code, _pw = make_case(received=D(2026, 3, 2))
    services.open_supervision(case, "领导批示督办")
    client.force_login(supervisor)
    response = client.get(reverse("cases_admin:index") + "?filter=supervision")
    assert list(response.context["page_obj"]) == [case]


def test_dashboard_alerts_administrators_about_missing_schedules(client, make_case, superuser, handler):
    make_case(received=D(2026, 12, 28))
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2027" in html and reverse("wagtailsnippets_cases_holidayschedule:add") in html


def test_holiday_schedule_admin_recomputes(client, make_case, superuser):
    case, _code, _pw = make_case(received=D(2026, 12, 28))
    assert case.deadline_provisional
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailsnippets_cases_holidayschedule:add"),
        {"year": "2027", "holidays": "2027-01-01..2027-01-03", "workdays": "", "source": ""},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.deadline_provisional


def test_demo_cases_load_idempotently(db, client):
    import io

    from home.demo import load_skeleton
    from interactions.cases import demo

    ctx = load_skeleton(io.StringIO())
    out = io.StringIO()
    demo.load(ctx, out)
    count = Case.objects.count()
    assert count >= 6 and "DEMO2026GK" in out.getvalue()
    demo.load(ctx, io.StringIO())
    assert Case.objects.count() == count
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"received", "assigned", "correction", "review", "replied"} <= statuses
    assert Case.objects.filter(supervision=Supervision.OPEN).exists()


def test_admin_pages_render(client, make_case, supervisor):
    case, _code, _pw = make_case()
    client.force_login(supervisor)
    for url in (
        reverse("cases_admin:create"),
        reverse("cases_admin:detail", args=[case.pk]),
        reverse("wagtailadmin_home"),
    ):
        assert client.get(url).status_code == 200
    for key in ("open", "triage", "mine", "review", "extension", "supervision", "overdue", "provisional", "all"):
        assert client.get(reverse("cases_admin:index"), {"filter": key, "q": "道路"}).status_code == 200
