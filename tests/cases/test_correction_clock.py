"""The statutory clock for 补正 (issue 20, defect 7), 条例第三十条.

The correction notice states a deadline (CASES_CORRECTION_DAYS working days,
15 by default, or what the handler sets); the term restarts on receipt of
the correction; a request left uncorrected past its deadline is closed as
withdrawn by the daily django-q2 job, with a notice to the applicant, and
counted in the annual report's 逾期不补正 row."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.module_loading import import_string
from django_q.models import Schedule

from accountability.report import request_figures
from interactions.cases import services
from interactions.cases.models import Case, Channel, Outcome, Status
from interactions.cases.seeding import CORRECTION_SCHEDULE
from interactions.cases.workdays import add_working_days

D = datetime.date


@pytest.fixture
def request_case(make_case):
    case, code, password = make_case(Channel.DISCLOSURE, received=D(2026, 3, 2), requester_type="natural")
    return case, code, password


def open_case(client, code, password):
    response = client.post(reverse("cases:lookup"), {"code": code, "password": password})
    assert response.status_code == 302
    return client.get(reverse("cases:case")).content.decode()


def ask_for_correction(staff, case, **data):
    response = staff.post(
        reverse("cases_admin:action", args=[case.pk, "correction"]), {"text": "请补充所需信息的文号。", **data}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    return case


def citizen_mails(mailoutbox, case):
    return [m for m in mailoutbox if case.contact_email in m.to]


def test_the_correction_notice_states_a_deadline(client, request_case, supervisor, mailoutbox, run_on_commit, settings):
    case, code, password = request_case
    staff = client.__class__()
    staff.force_login(supervisor)
    with run_on_commit():
        ask_for_correction(staff, case)
    due = add_working_days(D.today(), 15).date
    assert case.status == Status.CORRECTION and case.correction_due == due
    # The applicant reads the date on the lookup page and in the e-mail.
    html = open_case(client, code, password)
    assert due.isoformat() in re.search(r'id="case-correction-due">([^<]*)<', html).group(1)
    assert "withdrawn" in html or "视为放弃" in html or "撤回" in html
    mail = citizen_mails(mailoutbox, case)[-1]
    assert due.isoformat() in mail.body and "请补充所需信息的文号" in mail.body

    # Configurable: the setting, and per request in the form.
    settings.CASES_CORRECTION_DAYS = 10
    other, _c, _p = services.create_case(
        channel=Channel.DISCLOSURE, subject="另一申请", body="内容", contact_name="王五", contact_phone="13700000000"
    )
    assert ask_for_correction(staff, other).correction_due == add_working_days(D.today(), 10).date
    third, _c, _p = services.create_case(
        channel=Channel.DISCLOSURE, subject="第三个申请", body="内容", contact_name="王五", contact_phone="13700000000"
    )
    assert ask_for_correction(staff, third, days="30").correction_due == add_working_days(D.today(), 30).date


def test_the_term_restarts_on_receipt_of_the_correction(client, request_case, handler):
    case, code, password = request_case
    # Received Mon 3/2 (deadline 3/30); correction requested Thu 3/5, answered Mon 3/16 on the lookup page.
    assert case.deadline == D(2026, 3, 30)
    services.request_correction(case, handler, "请补充文号。", on=D(2026, 3, 5))
    open_case(client, code, password)
    case.refresh_from_db()
    assert case.deadline is None
    services.receive_correction(case, "文号为示府〔2026〕1号。", on=D(2026, 3, 16))
    case.refresh_from_db()
    # The full 20 working days from 3/16: 3/17-20, 23-27, 30-31, 4/1-3, 4/7-10, 13 (4/6 清明).
    assert case.deadline == add_working_days(D(2026, 3, 16), 20).date == D(2026, 4, 14)
    html = open_case(client, code, password)
    assert "2026-04-14" in re.search(r'id="case-deadline">([^<]*)<', html).group(1)


def test_an_uncorrected_request_is_closed_as_withdrawn_by_the_daily_job(
    client, request_case, make_case, handler, mailoutbox, run_on_commit
):
    case, code, password = request_case
    answered, _c, _p = make_case(Channel.DISCLOSURE, received=D(2026, 3, 2), requester_type="organisation")
    for item in (case, answered):
        services.request_correction(item, handler, "请补充文号。", on=D(2026, 3, 5))
        item.refresh_from_db()
    services.receive_correction(answered, "文号为示府〔2026〕1号。", on=D(2026, 3, 20))
    assert case.correction_due == D(2026, 3, 26)  # 15 working days after 3/5

    job = Schedule.objects.get(name=CORRECTION_SCHEDULE)
    assert job.schedule_type == Schedule.DAILY and job.repeats == -1
    run = import_string(job.func)
    with run_on_commit():
        assert run(today=D(2026, 3, 26)) == 0  # the last day is still the applicant's
        assert run(today=D(2026, 3, 27)) == 1
        assert run(today=D(2026, 3, 28)) == 0  # once
    case.refresh_from_db()
    answered.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at and case.outcome == Outcome.NO_CORRECTION
    assert answered.status == Status.ACCEPTED  # corrected in time: still being handled

    # The applicant's timeline and e-mail say so.
    html = open_case(client, code, password)
    assert re.search(r'id="case-status">([^<]*)<', html).group(1) == str(case.get_status_display())
    timeline = re.search(r'id="case-timeline">(.*?)</ol>', html, re.S).group(1)
    assert "2026-03-26" in timeline
    assert "Rate the reply" not in html and 'name="rating"' not in html
    mail = citizen_mails(mailoutbox, case)[-1]
    assert "2026-03-26" in mail.body and case.reference in mail.subject

    # The annual report counts it under 其他处理 → 逾期不补正.
    figures = request_figures(case.closed_at.year)
    assert figures["other:no_correction"]["natural"] == 1
    assert figures["other"]["total"] >= 1
    assert figures["total"]["total"] == Case.objects.filter(outcome=Outcome.NO_CORRECTION).count()


def test_the_applicant_hears_in_the_language_they_wrote_in(
    client, home_en, category, old_token, handler, mailoutbox, run_on_commit
):
    response = client.post(
        "/en/cases/letter/",
        {
            "category": category.pk,
            "subject": "Bus shelter",
            "body": "The bus stop on Jianshe Road has no shelter.",
            "contact_name": "Li Si",
            "contact_email": "lisi@example.test",
            "started": old_token,
            "website": "",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.language == "en"
    with run_on_commit():  # the handler works in the Chinese admin
        services.request_correction(case, handler, "请说明具体站点。")
    mail = [m for m in mailoutbox if "lisi@example.test" in m.to][-1]
    assert "Please send your correction by" in mail.body and case.reference in mail.subject
    assert "Follow your case at" in mail.body
