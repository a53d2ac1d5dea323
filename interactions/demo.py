"""Demo consultations: one open (with published, pending, flagged, campaign
and rejected comments) and one concluded with a published outcome."""

import datetime
import uuid

from django.utils import timezone

from cms.demo import ensure_page, ensure_translation
from policies.demo import h, p

from . import services
from .models import Comment, ConsultationIndexPage, ConsultationOutcome, ConsultationPage, RejectReason

DRAFT = [
    h("第一章 总则"),
    p("第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会秩序，制定本条例。"),
    h("第二章 养犬登记"),
    p("第八条 本市实行养犬登记制度。未经登记，任何单位和个人不得养犬。"),
    h("第三章 养犬行为规范"),
    p("第十五条 携犬出户时，应当为犬只束犬链，由完全民事行为能力人牵领。"),
    h("第四章 法律责任"),
    p("第三十条 违反本条例第十五条规定的，由公安机关处五百元以上一千元以下罚款。"),
]
DRAFT_EN = [
    h("Chapter 1 General provisions"),
    p("Article 1. These Regulations govern dog ownership to protect public health and safety."),
    h("Chapter 2 Registration"),
    p("Article 8. Dogs must be registered."),
    h("Chapter 3 Responsible ownership"),
    p("Article 15. Dogs must be leashed in public."),
    h("Chapter 4 Penalties"),
    p("Article 30. Breaches of Article 15 are fined 500 to 1,000 yuan."),
]

CAMPAIGN = "我坚决反对将金毛列入禁养犬只目录。金毛性格温顺，只要主人依法登记、文明牵引，就不会对他人造成危险。建议删除相关规定。{}"

COMMENTS = [
    # (body, name, region, section, status, disposition)
    (
        "建议明确“大型犬”的认定标准，按体高还是体重，应当在附件中列明。",
        "王先生",
        "东城区",
        "sec-2",
        "published",
        "adopted",
    ),
    (
        "第十五条要求束犬链，建议同时规定犬链长度不超过1.5米，便于执行。",
        "",
        "西城区",
        "sec-3",
        "published",
        "partly_adopted",
    ),
    (
        "罚款五百元起步偏高，建议首次违规以教育为主。我的电话13800138000，欢迎回访。",
        "李女士",
        "南山区",
        "sec-4",
        "published",
        "not_adopted",
    ),
    ("建议小区设置犬只便溺收集箱，由物业定期清理。", "热心市民", "", "", "pending", ""),
    ("养犬登记能否在网上办理？希望不要让我们跑腿。", "赵", "北区", "sec-2", "pending", ""),
    ("这里是广告：低价出售名犬，联系微信 xxx。", "", "", "", "rejected", ""),
]


def load(ctx, out):
    zh_home, en = ctx["home"], ctx["en"]
    index, _created = ensure_page(
        zh_home,
        ConsultationIndexPage,
        "consultations",
        title="意见征集",
        show_in_menus=True,
        summary="重大行政决策草案公开征求社会公众意见。",
    )
    ensure_translation(index, en, title="Public consultations", summary="Draft decisions open for public comment.")
    now = timezone.now()
    consultation, created = ensure_page(
        index,
        ConsultationPage,
        "dog-management-regulations-draft",
        title="《示例市养犬管理条例（征求意见稿）》公开征求意见",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=30),
        summary="为规范养犬行为、保障公民健康和人身安全，现将条例草案全文公布，征求社会各界意见。",
        body=[
            h("一、征求意见的主要内容"),
            p("养犬登记、犬只免疫、文明养犬行为规范、禁养犬只目录。"),
            h("二、意见反馈方式"),
            p("可通过本页面在线提交意见，或发送电子邮件至 yangquan@shili.gov.example。"),
        ],
        draft_text=DRAFT,
        questions=[
            {"type": "question", "value": {"question": "您认为禁养犬只目录应当包括哪些犬种？"}},
            {"type": "question", "value": {"question": "对养犬登记的办理方式有何建议？"}},
        ],
        contact_channels="<p>电子邮件：yangquan@shili.gov.example；信函：示例市公安局（邮编 100000），请在信封上注明“养犬条例意见”。</p>",
        use_of_comments="<p>我们将逐条研究收到的意见，征求意见结束后30日内公布意见采纳情况及理由。</p>",
    )
    ensure_translation(
        consultation,
        en,
        title="Public consultation on the draft Shili Dog Management Regulations",
        summary="The full draft is published for comment to make dog ownership safer for everyone.",
        body=[
            h("1. What the draft covers"),
            p("Registration, vaccination, rules for responsible ownership, and the list of prohibited breeds."),
            h("2. How to comment"),
            p("Comment on this page, or e-mail yangquan@shili.gov.example."),
        ],
        draft_text=DRAFT_EN,
        questions=[{"type": "question", "value": {"question": "Which breeds, if any, should be prohibited?"}}],
        contact_channels="<p>E-mail yangquan@shili.gov.example, or write to the Shili Public Security Bureau.</p>",
        use_of_comments="<p>Every comment is read; within 30 days of closing we publish what was adopted and why.</p>",
    )
    moderator = ctx.get("users", {}).get("moderator")
    if not Comment.objects.filter(page=consultation).exists():
        add_demo_comments(consultation, moderator)
        out.write("  comments: published, pending, flagged, campaign and rejected\n")

    concluded, created = ensure_page(
        index,
        ConsultationPage,
        "parks-opening-hours-draft",
        title="《示例市公园开放时间调整方案（征求意见稿）》公开征求意见",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
        summary="拟将市属公园夏季开放时间延长至22时。",
        draft_text=[
            h("调整内容"),
            p("夏季（5月至10月）开放时间调整为6时至22时。"),
            h("实施时间"),
            p("自2026年5月1日起施行。"),
        ],
        use_of_comments="<p>意见采纳情况已于征求意见结束后公布。</p>",
    )
    if created or not ConsultationOutcome.objects.filter(page=concluded).exists():
        add_concluded_outcome(concluded, moderator)
        out.write("  a concluded consultation with its outcome\n")


def _submit(page, body, name="", region="", section=""):
    comment, _code = services.submit_comment(
        page,
        {"body": body, "display_name": name, "region": region, "consent_publish": True, "section": section},
        submission_key=uuid.uuid4(),
        language="zh-hans",
    )
    return comment


def add_demo_comments(page, moderator):
    reasons = list(RejectReason.objects.filter(active=True))
    for body, name, region, section, status, disposition in COMMENTS:
        comment = _submit(page, body, name, region, section)
        if status == "published":
            services.moderate([comment], "approve", moderator)
        elif status == "rejected" and reasons:
            services.moderate([comment], "reject", moderator, reason=reasons[-2] if len(reasons) > 1 else reasons[0])
        if disposition:
            services.set_disposition(
                [comment], disposition, moderator, note="" if disposition != "not_adopted" else "罚款幅度与上位法一致。"
            )
    campaign = [
        _submit(page, CAMPAIGN.format(tail), "", region, "sec-3")
        for tail, region in [("", "东城区"), ("谢谢！", "西城区"), ("请采纳。", "北区"), ("——一位养犬人", "")]
    ]
    services.moderate(campaign[:3], "approve", moderator)
    flagged = _submit(page, "身份证号11010519491231002X的邻居天天遛狗不牵绳，建议严查。", "匿名", "", "sec-3")
    flagged.add_flag("演示：含有他人个人信息")
    flagged.save(update_fields=["flagged", "flag_reasons"])


def add_concluded_outcome(page, moderator):
    texts = [
        ("支持延长开放时间，晚上散步更方便。", Comment.ADOPTED, ""),
        ("建议夜间加强照明和巡逻。", Comment.PARTLY, "照明将在2026年内完成改造。"),
        ("延长到22时会影响周边居民休息。", Comment.NOT_ADOPTED, "已要求22时前停止广场舞等高噪声活动。"),
        ("建议公园增加停车位。", Comment.OUT_OF_SCOPE, "停车设施不属于本方案调整范围，已转交有关部门。"),
    ]
    for body, disposition, note in texts:
        comment = _submit(page, body, "市民", "", "")
        services.moderate([comment], "approve", moderator)
        services.set_disposition([comment], disposition, moderator, note=note)
    outcome, _created = ConsultationOutcome.objects.get_or_create(page=page)
    outcome.summary = "征求意见期间共收到意见4条。经研究，采纳1条，部分采纳1条，未采纳1条，1条不属于本方案范围。调整后的方案已于2026年5月1日起施行。"
    outcome.save()
    outcome.publish(moderator)
