"""A demo public consultation, open for a month from the day it is loaded."""

import datetime

from django.utils import timezone

from cms.demo import ensure_page, ensure_translation
from policies.demo import h, p

from .models import ConsultationIndexPage, ConsultationPage


def load(ctx, out):
    zh_home, en = ctx["home"], ctx["en"]
    index, _created = ensure_page(zh_home, ConsultationIndexPage, "consultations", title="意见征集", show_in_menus=True, summary="重大行政决策草案公开征求社会公众意见。")
    ensure_translation(index, en, title="Public consultations", summary="Draft decisions open for public comment.")
    now = timezone.now()
    consultation, _created = ensure_page(
        index,
        ConsultationPage,
        "dog-management-regulations-draft",
        title="《示例市养犬管理条例（征求意见稿）》公开征求意见",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=30),
        summary="为规范养犬行为、保障公民健康和人身安全，现将条例草案全文公布，征求社会各界意见。",
        body=[h("一、征求意见的主要内容"), p("养犬登记、犬只免疫、文明养犬行为规范、禁养犬只目录。"), h("二、意见反馈方式"), p("可通过本页面在线提交意见，或发送电子邮件至 yangquan@shili.gov.example。")],
    )
    ensure_translation(
        consultation,
        en,
        title="Public consultation on the draft Shili Dog Management Regulations",
        summary="The full draft is published for comment to make dog ownership safer for everyone.",
        body=[h("1. What the draft covers"), p("Registration, vaccination, rules for responsible ownership, and the list of prohibited breeds."), h("2. How to comment"), p("Comment on this page, or e-mail yangquan@shili.gov.example.")],
    )
