"""The site's error pages (400, 403 and CSRF, 404, 429, 500, 503): branded and
bilingual, whatever the visitor's language, with DEBUG off.

Each page says what happened and what to do in Chinese and in English (the
reader's language first), inside the site's own layout (`cms/error.html`,
extending base.html). If that layout cannot be rendered — the database is
the usual reason — the page falls back to `cms/includes/error_page.html`,
which needs nothing but the template engine (500 and 503 always use it).

The texts are written here in both languages rather than through gettext:
both are shown at once, and an error page must not depend on a compiled
catalogue."""

import datetime
import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from .limits import wait_text

logger = logging.getLogger(__name__)

ZH, EN = "zh-hans", "en"
HOME = {ZH: "/", EN: "/en/"}
GO_HOME = {ZH: "返回首页", EN: "Go to the home page"}

TEXTS = {
    "400": {
        ZH: (
            "请求无法处理",
            ["您的浏览器发送的请求不完整或格式有误，本站无法处理。请返回上一页，刷新后重试。本次提交的内容没有保存。"],
        ),
        EN: (
            "Bad request",
            [
                "Your browser sent a request this site could not understand. Go back, reload the page and try again. Nothing from this request was stored."
            ],
        ),
    },
    "403": {
        ZH: (
            "无权访问",
            ["您没有查看此页面或执行此操作的权限。如果您是本站工作人员，请先登录；如仍有疑问，请联系网站管理员。"],
        ),
        EN: (
            "Access denied",
            [
                "You do not have permission to see this page or to do this. Staff: please sign in first; if you still have a question, contact the site administrator."
            ],
        ),
    },
    "csrf": {
        ZH: (
            "表单已失效，未能提交",
            [
                "为保护您的提交安全，每个表单都带有一次性的安全标记。本次提交的安全标记缺失或已过期，因此内容没有保存。",
                "请返回上一页，复制您填写的内容，刷新页面后重新填写并提交。",
            ],
        ),
        EN: (
            "The form has expired and was not sent",
            [
                "To keep submissions safe, every form carries a one-time security token. This one was missing or had expired, so nothing was stored.",
                "Go back, copy what you typed, reload the page and send the form again.",
            ],
        ),
    },
    "csrf-cookie": {
        ZH: (
            "浏览器未允许 Cookie，表单未能提交",
            [
                "提交表单需要本站的安全 Cookie，但您的浏览器没有发送它（可能禁用了 Cookie，或处于无痕/隐私模式的严格设置），因此内容没有保存。",
                "请允许本站使用 Cookie，然后返回上一页，复制您填写的内容，刷新页面后重新提交。",
            ],
        ),
        EN: (
            "Cookies are blocked, so the form was not sent",
            [
                "Sending a form needs this site's security cookie, and your browser did not send it (cookies may be blocked, or a private window may refuse them), so nothing was stored.",
                "Allow cookies for this site, then go back, copy what you typed, reload the page and send the form again.",
            ],
        ),
    },
    "404": {
        ZH: ("页面不存在", ["您要访问的页面不存在或已被移动。可以返回首页、浏览政府信息公开目录，或搜索本站。"]),
        EN: (
            "Page not found",
            [
                "The page you asked for does not exist or has been moved. You can go to the home page, browse the disclosure catalogue or search this site."
            ],
        ),
    },
    "429": {
        ZH: (
            "提交过于频繁",
            [
                "您在短时间内提交的次数过多，本次提交没有保存。请在 {wait}后（约 {clock}）再试。",
                "此前已确认提交成功的内容不受影响。如需保留本次填写的内容，请返回上一页复制。",
            ],
        ),
        EN: (
            "Too many requests",
            [
                "You have sent too many requests in a short time, so this one was not stored. Please try again in {wait} (at about {clock}).",
                "Anything confirmed as submitted before is not affected. To keep what you typed this time, go back and copy it.",
            ],
        ),
    },
    "500": {
        ZH: (
            "系统错误",
            [
                "很抱歉，处理您的请求时出现错误。我们已记录此问题，请稍后再试。您尚未确认提交成功的内容没有保存，请稍后重新提交。"
            ],
        ),
        EN: (
            "Server error",
            [
                "Sorry, something went wrong while handling your request. The problem has been logged; please try again later. Anything not confirmed as submitted has not been stored."
            ],
        ),
    },
    "503": {
        ZH: (
            "服务暂时不可用",
            ["系统正在维护或短暂繁忙，请稍后再试。您尚未提交成功的内容不会被保存，请稍后重新提交。"],
        ),
        EN: (
            "Service temporarily unavailable",
            [
                "The service is briefly unavailable. Please try again in a minute. Anything not confirmed as submitted has not been stored; please submit it again later."
            ],
        ),
    },
}


def sections(kind, language=None, **params):
    """[{lang, title, paragraphs, home, go_home}], the reader's language first."""
    language = language or get_language() or ZH
    order = [EN, ZH] if language.startswith("en") else [ZH, EN]
    out = []
    for lang in order:
        title, paragraphs = TEXTS[kind][lang]
        values = {name: (value(lang) if callable(value) else value) for name, value in params.items()}
        out.append(
            {
                "lang": lang,
                "title": title,
                "paragraphs": [p.format(**values) for p in paragraphs],
                "home": HOME[lang],
                "go_home": GO_HOME[lang],
            }
        )
    return out


def standalone(kind, status, **params):
    """The page without the site layout (no database, no context processors)."""
    texts = sections(kind, ZH, **params)
    html = render_to_string("cms/includes/error_page.html", {"sections": texts, "status": status})
    return HttpResponse(html, status=status)


def render(request, kind, status, template="cms/error.html", **params):
    """The page inside the site layout; the standalone page if that fails."""
    context = {"error_kind": kind, "status": status, "sections": sections(kind, **params)}
    try:
        html = render_to_string(template, context, request=request)
    except Exception:
        logger.exception("Could not render the %s page in the site layout", kind)
        return standalone(kind, status, **params)
    return HttpResponse(html, status=status)


def retry_params(seconds):
    """{wait} and {clock} of the 429 texts for a wait of `seconds`."""
    at = timezone.localtime(timezone.now() + datetime.timedelta(seconds=seconds))
    today = timezone.localtime().date()

    def clock(lang):
        if at.date() == today:
            return at.strftime("%H:%M")
        return at.strftime("%m-%d %H:%M") if lang == EN else f"{at.month}月{at.day}日 {at:%H:%M}"

    return {"wait": lambda lang: wait_text(seconds, lang), "clock": clock}
