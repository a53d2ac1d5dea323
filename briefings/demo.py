"""A demo press briefing."""

import datetime

from django.utils import timezone

from cms.demo import ensure_page, ensure_translation
from policies.demo import h, p

from .models import BriefingIndexPage, BriefingPage


def load(ctx, out):
    zh_home, en = ctx["home"], ctx["en"]
    index, _created = ensure_page(zh_home, BriefingIndexPage, "briefings", title="新闻发布会", show_in_menus=True, summary="市政府例行新闻发布会、专题发布会和在线访谈。")
    ensure_translation(index, en, title="Press briefings", summary="Routine and special press briefings and online interviews of the city government.")
    starts = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))
    briefing, _created = ensure_page(
        index,
        BriefingPage,
        "routine-briefing-2026-q4",
        title="示例市2026年第四季度例行新闻发布会",
        starts_at=starts,
        venue="市政府新闻发布厅",
        summary="介绍老旧小区改造进展和中小学课后服务实施情况，并回答记者提问。",
        body=[h("发布内容"), p("市住房建设局通报老旧小区改造进展：今年已开工改造小区126个，加装电梯318部。"), h("答记者问"), p("记者：课后服务收费标准如何确定？市教育局：按照成本补偿、非营利原则确定，困难家庭学生免费。")],
    )
    ensure_translation(
        briefing,
        en,
        title="Shili routine press briefing, fourth quarter 2026",
        venue="Press hall of the city government",
        summary="Progress on renewing old neighbourhoods and on after-school services, with questions from the press.",
        body=[h("Announcements"), p("The Housing Bureau reported that renewal of 126 neighbourhoods has begun this year and 318 lifts have been added."), h("Questions"), p("Q: How are after-school fees set? Education Bureau: on a non-profit, cost-covering basis; pupils from families in difficulty pay nothing.")],
    )
