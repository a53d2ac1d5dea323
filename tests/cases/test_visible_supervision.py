"""Visible supervision (issue 20, defect 8) and citizens hear back.

An unsatisfied citizen's rating opens 督办; resolving it through the case
screen puts the result on the citizen's timeline and in an e-mail, may give
a new answer, and lets the citizen rate again. Every step the citizen's
timeline shows is e-mailed to them too."""

import re

import pytest
from django.urls import reverse

from interactions.cases import services
from interactions.cases.models import Supervision


@pytest.fixture
def replied(make_case, supervisor, reviewer, department):
    case, code, password = make_case(contact_email="citizen@example.test")
    services.assign(case, department, supervisor)
    services.draft_reply(case, supervisor, "已转交有关部门。")
    services.approve_reply(case, reviewer)
    return case, code, password


def citizen_page(client, code, password):
    client.post(reverse("cases:lookup"), {"code": code, "password": password})
    return client.get(reverse("cases:case")).content.decode()


def timeline(html):
    return re.search(r'id="case-timeline">(.*?)</ol>', html, re.S).group(1)


def to_citizen(mailoutbox):
    return [m for m in mailoutbox if "citizen@example.test" in m.to]


def test_resolving_supervision_is_visible_to_the_citizen_who_can_rate_again(
    client, replied, supervisor, mailoutbox, run_on_commit
):
    case, code, password = replied
    citizen_page(client, code, password)
    assert client.post(reverse("cases:rate"), {"rating": "unsatisfied", "comment": "没有解决。"}).status_code == 302
    case.refresh_from_db()
    assert case.supervision == Supervision.OPEN

    staff = client.__class__()
    staff.force_login(supervisor)
    detail = staff.get(reverse("cases_admin:detail", args=[case.pk])).content.decode()
    assert 'name="new_reply"' in detail
    with run_on_commit():
        response = staff.post(
            reverse("cases_admin:action", args=[case.pk, "resolve"]),
            {"text": "经督办，区城管局已于本周完成修复。", "new_reply": "道路已于11月20日修复完毕，欢迎监督。"},
        )
    assert response.status_code == 302

    html = citizen_page(client, code, password)
    entries = timeline(html)
    assert "经督办，区城管局已于本周完成修复。" in entries  # a public timeline entry
    assert "道路已于11月20日修复完毕" in re.search(r'id="case-reply">(.*?)</div>', html, re.S).group(1)
    assert 'name="rating"' in html  # may rate again
    mails = to_citizen(mailoutbox)
    assert any("经督办，区城管局已于本周完成修复。" in m.body for m in mails)
    assert any("道路已于11月20日修复完毕" in m.body for m in mails)

    assert client.post(reverse("cases:rate"), {"rating": "satisfied"}).status_code == 302
    case.refresh_from_db()
    assert case.rating == "satisfied" and case.supervision == Supervision.RESOLVED
    html = citizen_page(client, code, password)
    assert 'name="rating"' not in html
    # Both ratings stay on the timeline.
    assert case.events.filter(kind="rated").count() == 2


def test_a_resolution_must_say_what_happened(client, replied, supervisor):
    case, _code, _password = replied
    services.open_supervision(case, "逾期")
    staff = client.__class__()
    staff.force_login(supervisor)
    staff.post(reverse("cases_admin:action", args=[case.pk, "resolve"]), {"text": ""})
    case.refresh_from_db()
    assert case.supervision == Supervision.OPEN


def test_every_step_on_the_citizens_timeline_is_emailed(
    client, make_case, supervisor, reviewer, department, mailoutbox, run_on_commit
):
    with run_on_commit():
        case, code, password = make_case(contact_email="citizen@example.test", consent_publish=True)
        services.assign(case, department, supervisor)
        services.request_correction(case, supervisor, "请补充具体位置。")
        services.receive_correction(case, "人民路12号门前。")
        services.request_extension(case, supervisor, 5, "需现场勘查。")
        services.decide_extension(case, reviewer, approve=True)
        services.draft_reply(case, supervisor, "已安排维修。")
        services.approve_reply(case, reviewer)
        services.publish_answer(case, reviewer, services.public_copy_digest(case))
        services.rate(case, "basically")
        services.close(case, supervisor)
    html = citizen_page(client, code, password)
    steps = re.findall(r"<li><time[^>]*>[^<]*</time>\s*([^:<]+)", timeline(html))
    mails = to_citizen(mailoutbox)
    shown = [step.strip() for step in steps]
    # The receipt is told by the intake (code and password); every later step by its own e-mail.
    assert len(mails) == len(shown) - 1 - 1  # minus the receipt, minus "accepted" told with "assigned"
    for event in case.public_timeline():
        if event.kind in ("received", "accepted"):
            continue
        assert any(str(event.get_kind_display()) in m.body for m in mails) or any(
            case.reply in m.body for m in mails if event.kind == "replied"
        ), event.kind
