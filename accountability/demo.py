"""Demo: a generated year and a bit of activity (from 1 January last year to
today) so the supervision dashboard, the public-opinion alerts and a draft
annual report for last year show real-looking figures.

Fast on purpose: rows are bulk-created, a seeded random generator keeps the
figures the same on every run, and a marker case makes the loader idempotent."""

import datetime
import hashlib
import random
import uuid
from bisect import bisect_right

from django.utils import timezone
from wagtail.models import Page, Workflow, WorkflowPage

from cms.demo import ensure_page, ensure_translation

from .models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    DepartmentMembership,
    OpinionAlert,
    ResponseKind,
    Survey,
    SurveyResponse,
)

MARKER = hashlib.sha256(b"accountability-demo-0").hexdigest()

# (subject, text) by theme; the theme words are what monitoring picks up.
LETTERS = [
    ("小区停水", "我们小区已经停水两天，供水公司没有提前通知，老人孩子生活很不方便，请尽快恢复供水。"),
    ("夜间施工噪音", "附近工地夜间施工噪音很大，影响居民休息，请督促施工单位遵守夜间施工规定。"),
    ("学位申请", "孩子今年上小学，学区学位紧张，想了解积分入学的具体规则和申请时间。"),
    ("医保报销", "异地就医的医保报销流程很复杂，材料要求不清楚，希望简化手续。"),
    ("公交线路调整", "公交线路调整后，我们社区到地铁站没有直达公交，出行很不方便。"),
    ("老旧小区改造", "老旧小区改造工程进度缓慢，道路开挖后长期没有恢复，雨天积水严重。"),
    ("停车收费", "医院周边停车收费标准过高，而且没有公示收费依据。"),
    ("垃圾分类", "小区垃圾分类投放点太少，垃圾桶经常满溢，气味很大。"),
]
REQUESTS = [
    ("申请公开征收补偿方案", "申请公开本村集体土地征收补偿安置方案及批准文件。"),
    ("申请公开财政预算", "申请公开2025年度部门预算中公务接待费的明细。"),
    ("申请公开环评报告", "申请公开垃圾焚烧发电项目的环境影响评价报告全文。"),
    ("申请公开学校规划", "申请公开新建学校的选址规划和建设时间表。"),
]
COMMENTS = [
    "建议明确大型犬的认定标准，并公布犬种目录。",
    "养犬登记费用应当降低，鼓励依法登记。",
    "建议增加夜间遛狗的牵绳要求。",
    "希望增设宠物公园，方便市民遛狗。",
    "对违规养犬的处罚力度应当加大。",
    "建议社区设立犬只粪便收集箱。",
]
QUESTIONS = [
    "今年新增学位有多少？",
    "医保异地结算什么时候全面推开？",
    "老旧小区改造资金从哪里来？",
    "停水事件的原因调查清楚了吗？",
]
SPIKE_DAYS_AGO = 45  # a water cut becomes the talk of the town

# Policy documents the departments issued over the period: (department code,
# kind, title, document number, days after 1 January last year, repealed?).
POLICIES = [
    ("SZF-BGS", "regulation", "示例市行政规范性文件管理办法", "示例市人民政府令第12号", 40, False),
    ("SZF-BGS", "normative", "示例市人民政府工作规则", "示府〔{y}〕3号", 70, False),
    ("SFGW", "normative", "示例市政府定价目录", "示发改规〔{y}〕1号", 95, False),
    ("SFGW", "normative", "关于优化营商环境的若干措施", "示发改规〔{y}〕4号", 200, False),
    ("SJYJ", "normative", "关于进一步规范义务教育阶段招生入学工作的通知", "示教规〔{y}〕2号", 120, False),
    ("SJYJ", "normative", "示例市中小学课后服务管理办法", "示教规〔{y}〕5号", 250, False),
    ("SWJW", "normative", "示例市家庭医生签约服务管理办法", "示卫健规〔{y}〕1号", 150, False),
    ("SWJW", "normative", "关于加强基层医疗卫生机构药品配备使用的通知", "示卫健规〔{y}〕3号", 300, False),
    ("SZJJ", "regulation", "示例市住宅专项维修资金管理办法", "示例市人民政府令第15号", 180, False),
    ("SZJJ", "normative", "示例市老旧小区改造实施细则", "示建规〔{y}〕2号", 330, False),
    ("SZJJ", "normative", "示例市城镇燃气管理规定（试行）", "示建规〔{y}〕1号", 20, True),
    ("SJYJ", "normative", "示例市校外培训机构管理办法", "示教规〔{y}〕7号", 420, False),
    ("SWJW", "normative", "示例市院前医疗急救管理办法", "示卫健规〔{y}〕4号", 470, False),
]


def _digest(n):
    return hashlib.sha256(f"accountability-demo-{n}".encode()).hexdigest()


def _at(day, rng, start_hour=8, end_hour=20):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(rng.randint(start_hour, end_hour - 1), rng.randint(0, 59)))
    )


def load(ctx, out):
    from interactions.cases.models import Case, Channel, LegalGround, Outcome, Rating, RequesterType

    if Case.objects.filter(tracking_digest=MARKER).exists():
        out.write("accountability: demo activity already loaded\n")
        return
    started = timezone.now()
    rng = random.Random(2025)
    today = timezone.localdate()
    first = datetime.date(today.year - 1, 1, 1)
    departments = list(ctx["departments"].values())
    handler_departments = departments[1:]

    # --- letters and disclosure requests -------------------------------------------
    from interactions.cases.workdays import Calendar

    # Working days once for the whole span; deadlines are then list arithmetic.
    calendar = Calendar()
    workdays, day = [], first
    while day <= today + datetime.timedelta(days=90):
        if calendar.is_workday(day)[0]:
            workdays.append(day)
        day += datetime.timedelta(days=1)

    def add_working_days(start, count):
        return workdays[min(bisect_right(workdays, start) + count - 1, len(workdays) - 1)]

    cases, n = [], 0
    day = first
    spike_day = today - datetime.timedelta(days=SPIKE_DAYS_AGO)
    while day <= today:
        letters = rng.choice([0, 1, 1, 2, 2, 3]) + (9 if day == spike_day else 0)
        for i in range(letters):
            subject, body = LETTERS[0] if (day == spike_day and i >= letters - 9) else rng.choice(LETTERS)
            cases.append((Channel.LETTER, subject, body, day))
        if rng.random() < 0.45:
            subject, body = rng.choice(REQUESTS)
            cases.append((Channel.DISCLOSURE, subject, body, day))
        day += datetime.timedelta(days=1)
    rows = []
    outcomes = (
        [Outcome.DISCLOSED] * 6
        + [Outcome.PARTLY_DISCLOSED] * 2
        + [Outcome.NOT_DISCLOSED, Outcome.NOT_EXIST, Outcome.NOT_REMIT, Outcome.NOT_PROCESSED, Outcome.OTHER]
    )
    for channel, subject, body, day in cases:
        received = _at(day, rng)
        term = 20 if channel == Channel.DISCLOSURE else 15
        deadline = add_working_days(day, term)
        age = (today - day).days
        case = Case(
            channel=channel,
            subject=subject,
            body=body,
            contact_name="演示市民",
            tracking_digest=MARKER if n == 0 else _digest(n),
            password_hash="!",  # noqa: S106 - "!" is Django's unusable password
            department=rng.choice(handler_departments),
            received_at=received,
            term_days=term,
            deadline=deadline,
            status="assigned",
        )
        n += 1
        if channel == Channel.DISCLOSURE:
            case.requester_type = RequesterType.ORGANISATION if rng.random() < 0.3 else RequesterType.NATURAL_PERSON
        if age > 30 or (age > 5 and rng.random() < 0.5):
            taken = (
                rng.choice([3, 5, 7, 8, 10, 12, 13, 14, term - 1, term, term + 3]) if rng.random() < 0.95 else term + 8
            )
            replied = add_working_days(day, max(1, taken))
            if replied <= today:
                case.replied_at = _at(replied, rng, 9, 18)
                case.working_days_taken = taken
                case.status = "replied"
                case.reply = "经核实，已按规定办理。"
                if channel == Channel.DISCLOSURE:
                    case.outcome = rng.choice(outcomes)
                    if case.outcome == Outcome.NOT_DISCLOSED:
                        case.legal_ground = rng.choice(LegalGround.values)
                if rng.random() < 0.6:
                    case.rating = rng.choices(Rating.values, weights=[7, 2, 1])[0]
                    case.rated_at = case.replied_at + datetime.timedelta(days=2)
        rows.append(case)
    Case.objects.bulk_create(rows, batch_size=500)

    # --- consultation comments and interview questions ----------------------------
    from briefings.models import BriefingPage
    from interactions.models import Comment, ConsultationPage

    now = timezone.now()
    comments = []
    for page in ConsultationPage.objects.filter(locale=ctx["zh"]):
        end = min(page.closes_at, now)
        span = (end - page.opens_at).total_seconds()
        for _i in range(rng.randint(8, 25) if span > 0 else 0):
            text = rng.choice(COMMENTS)
            comments.append(
                _comment(page, text, page.opens_at + datetime.timedelta(seconds=rng.uniform(0, span)), n := n + 1)
            )
    for page in BriefingPage.objects.filter(locale=ctx["zh"], kind=BriefingPage.KIND_INTERVIEW):
        for _i in range(rng.randint(5, 12)):
            when = min(page.starts_at, now) - datetime.timedelta(hours=rng.uniform(1, 72))
            comments.append(_comment(page, rng.choice(QUESTIONS), when, n := n + 1))
    Comment.objects.bulk_create(comments, batch_size=500)

    # --- social evaluation ----------------------------------------------------------------
    responses = []
    for dept in departments[1:4]:
        survey, _created = Survey.objects.get_or_create(
            slug=f"service-{dept.code.lower()}",
            defaults={
                "title": f"{dept.short_name or dept.name}服务满意度评议",
                "department": dept,
                "intro": "请为我们的政务公开和办事服务打分，答卷匿名。",
            },
        )
        day = first
        while day <= today:
            if rng.random() < 0.3:
                responses.append(
                    SurveyResponse(
                        survey=survey,
                        submitted_at=_at(day, rng),
                        overall=rng.choices([5, 4, 3, 2, 1], weights=[5, 4, 2, 1, 1])[0],
                        timeliness=rng.choice([5, 4, 4, 3, None]),
                        clarity=rng.choice([5, 4, 3, None]),
                    )
                )
            day += datetime.timedelta(days=1)
    SurveyResponse.objects.bulk_create(responses, batch_size=500)

    # --- who sees which department ---------------------------------------------------
    users = ctx["users"]
    for username, dept in (("reviewer", departments[2]), ("editor", departments[2]), ("handler", departments[4])):
        if username in users:
            DepartmentMembership.objects.get_or_create(user=users[username], department=dept)

    # --- public-opinion monitoring: analyse everything, grade the older alerts ----------
    from .monitoring import backfill

    alerts = backfill(first, today)
    response_page = BriefingPage.objects.live().filter(locale=ctx["zh"]).first() or ctx["home"]
    for alert in OpinionAlert.objects.filter(day__lt=today - datetime.timedelta(days=10)).order_by("day")[
        : max(0, len(alerts) - 2)
    ]:
        alert.level = 2 if alert.count > 8 else 1
        alert.status = OpinionAlert.RESPONDED
        alert.response_kind = rng.choice(ResponseKind.values)
        alert.response_page = Page.objects.get(pk=response_page.pk)
        alert.note = "已通过新闻发布会回应关切。"
        alert.graded_by = users.get("leader")
        alert.graded_at = alert.resolved_at = alert.created_at = timezone.make_aware(
            datetime.datetime.combine(alert.day, datetime.time(18))
        )
        alert.save()
    OpinionAlert.objects.filter(status=OpinionAlert.OPEN).update(
        created_at=timezone.now() - datetime.timedelta(hours=30)
    )

    # --- policy documents issued over the period (published through the real gates) ---
    _policies(ctx, first, today, out)

    # --- the annual report: index (reviewed through the workflow) and last year's draft --
    index, _created = ensure_page(
        ctx["home"],
        AnnualReportIndexPage,
        "annual-reports",
        title="政府信息公开工作年度报告",
        summary="依据《中华人民共和国政府信息公开条例》第五十条，每年1月31日前公布上一年度政府信息公开工作年度报告。",
    )
    ensure_translation(index, ctx["en"], title="Annual reports on government information disclosure")
    workflow = Workflow.objects.filter(active=True).order_by("pk").first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    year = today.year - 1
    ensure_page(
        index,
        AnnualReportPage,
        f"{year}",
        live=False,
        title=f"示例市{year}年政府信息公开工作年度报告",
        year=year,
        overview=f"<p>{year}年，示例市坚持以公开为常态、不公开为例外，围绕政策解读、政民互动和依申请公开规范办理，持续提升政府信息公开质量。</p>",
        licensing_decisions=1286,
        penalty_decisions=342,
        enforcement_decisions=27,
        fees_amount=0,
        rec_upheld=3,
        rec_corrected=1,
        rec_other=0,
        rec_pending=1,
        lit_direct_upheld=2,
        lit_direct_pending=1,
        problems="<p>一是部分部门政策解读形式较为单一；二是依申请公开答复的说理性有待加强。下一步将加强业务培训，推行答复文书范本。</p>",
        other_matters="<p>本年度未收取信息处理费。</p>",
    )
    seconds = (timezone.now() - started).total_seconds()
    out.write(
        f"accountability: {len(rows)} cases, {len(comments)} comments/questions, {len(responses)} survey answers, "
        f"{OpinionAlert.objects.count()} alerts, draft report {year} ({seconds:.1f}s)\n"
    )


def _comment(page, text, when, n):
    from interactions.models import Comment

    return Comment(
        page_id=page.pk,
        body=text,
        public_body=text,
        submission_key=uuid.uuid5(uuid.NAMESPACE_URL, f"acc-demo-{n}"),
        tracking_digest=_digest(f"c{n}"),
        submitted_at=when,
        status=Comment.PUBLISHED,
        consent_publish=True,
        published_at=when,
        moderated_at=when,
        disposition=Comment.ADOPTED if n % 3 else Comment.PARTLY,
    )


def _policies(ctx, first, today, out):
    from cms.demo import publish
    from policies.demo import h, p
    from policies.models import PolicyIndexPage, PolicyPage

    index = PolicyIndexPage.objects.filter(locale=ctx["zh"]).first()
    if index is None:
        return
    for n, (code, kind, title, number, offset, repealed) in enumerate(POLICIES):
        published = first + datetime.timedelta(days=offset)
        dept = ctx["departments"].get(code)
        if published > today or dept is None or PolicyPage.objects.filter(slug=f"acc-demo-{n}").exists():
            continue
        page = PolicyPage(
            title=title,
            slug=f"acc-demo-{n}",
            kind=kind,
            published_on=published,
            written_on=published - datetime.timedelta(days=7),
            effective_on=published + datetime.timedelta(days=30),
            document_number=number.format(y=published.year),
            summary=f"{dept.short_name or dept.name}发布的{title}。",
            body=[
                h("第一章 总则"),
                p("为规范相关工作，根据有关法律法规，结合本市实际，制定本办法。"),
                h("第二章 附则"),
                p("本办法自发布之日起施行。"),
            ],
            live=False,
        )
        if repealed:
            page.validity = "repealed"
            page.expires_on = first + datetime.timedelta(days=offset + 200)
        index.add_child(instance=page)
        page.issuers.set([dept])
        page.save()
        try:
            publish(page)
        except Exception as error:
            out.write(f"  policy {title} left as a draft: {error}\n")
