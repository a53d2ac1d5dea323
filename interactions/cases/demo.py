"""A handful of demo cases in different states: new, assigned, paused for a
correction, extended, under review, replied and rated, overdue under
supervision. The tracking codes are printed so the lookup can be tried."""

import datetime

from django.utils import timezone

from . import services
from .models import Case, Category, Channel, DepartmentHandler

DEMO_PASSWORD = "DEMO2026GK"


def _received(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


def _case(out, subject, channel, days_ago, **fields):
    existing = Case.objects.filter(subject=subject).first()
    if existing:
        return existing, False
    category = None if channel == Channel.DISCLOSURE else Category.objects.order_by("sort_order").first()
    case, code, _password = services.create_case(
        channel=channel, received_at=_received(days_ago), category=category, subject=subject, **fields
    )
    # A known password makes the demo lookup easy to try.
    from django.contrib.auth.hashers import make_password

    Case.objects.filter(pk=case.pk).update(password_hash=make_password(DEMO_PASSWORD))
    out.write(f"  case {case.reference}: code {code} password {DEMO_PASSWORD}  ({subject})\n")
    return case, True


def load(ctx, out):
    departments, users = ctx["departments"], ctx["users"]
    handler, approver = users.get("handler"), users.get("admin")
    education, housing = departments.get("SJYJ"), departments.get("SZJJ")
    # The demo handler handles both departments' cases (a handler sees only their departments').
    for department in (education, housing):
        if handler and department:
            DepartmentHandler.objects.get_or_create(department=department, user=handler)
    contact = {"contact_name": "示例市民", "contact_phone": "13800000000", "contact_email": "citizen@example.test"}

    _case(
        out,
        "建议延长市图书馆周末开放时间",
        Channel.LETTER,
        1,
        body="希望市图书馆周末开放到晚上九点。",
        consent_publish=True,
        **contact,
    )

    case, created = _case(
        out,
        "学校周边道路交通安全问题",
        Channel.LETTER,
        4,
        body="实验小学门口上下学时段车辆拥堵，存在安全隐患。",
        consent_publish=True,
        **contact,
    )
    if created:
        services.assign(case, education, handler)

    case, created = _case(
        out,
        "申请公开2025年老旧小区改造项目清单",
        Channel.DISCLOSURE,
        6,
        body="请公开2025年本市老旧小区改造项目清单及资金安排。",
        requester_type="natural",
        **contact,
    )
    if created:
        services.assign(case, housing, handler)
        services.request_correction(case, handler, "请说明所需信息的具体区域范围。")

    case, created = _case(
        out,
        "申请公开学区划分依据",
        Channel.DISCLOSURE,
        10,
        body="请公开2026年小学学区划分的依据文件。",
        requester_type="natural",
        **contact,
    )
    if created:
        services.assign(case, education, handler)
        services.request_extension(case, handler, 15, "需征求区教育局意见。")
        services.decide_extension(case, approver, approve=True)

    case, created = _case(
        out, "小区垃圾清运不及时", Channel.HOTLINE, 3, body="（热线记录）幸福小区垃圾两天未清运。", **contact
    )
    if created:
        services.assign(case, housing, handler)
        services.draft_reply(case, handler, "已督促物业每日清运，并安排执法人员跟踪检查。")

    case, created = _case(
        out,
        "幼儿园收费标准咨询",
        Channel.LETTER,
        12,
        body="请问公办幼儿园保育教育费标准是多少？我的电话13912345678。",
        consent_publish=True,
        **contact,
    )
    if created:
        services.assign(case, education, handler)
        services.draft_reply(
            case, handler, "公办幼儿园保育教育费按市发展改革委核定标准收取，详见市教育局网站收费公示栏目。"
        )
        services.approve_reply(case, approver)
        # A second person (not the reply's author) approves the masked public copy.
        services.publish_answer(case, approver, services.public_copy_digest(case))
        services.rate(case, "satisfied", "答复清楚。")

    case, created = _case(
        out,
        "申请公开某项目环评报告",
        Channel.DISCLOSURE,
        40,
        body="请公开滨河路项目环境影响评价报告全文。",
        requester_type="organisation",
        organisation="示例环保协会",
        **contact,
    )
    if created:
        services.assign(case, housing, handler)
        services.supervise()
