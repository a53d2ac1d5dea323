"""Demo briefings: a routine press briefing with a generated audio clip,
WebVTT captions and a timed transcript; the spokesperson directory; and one
active major incident with updates."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from cms.demo import ensure_page, ensure_snippet_translation, ensure_translation
from policies.demo import h, p
from policies.models import PolicyPage

from .models import (
    BriefingIndexPage,
    BriefingMedia,
    BriefingPage,
    BriefingPolicyLink,
    BriefingSpeaker,
    IncidentIndexPage,
    IncidentPage,
    IncidentUpdate,
    Spokesperson,
)
from .samples import spoken_wav, tone_wav, webvtt

AUDIO_TITLE = "示例市2026年第四季度例行新闻发布会（录音节选）"
CUES = [
    (0.0, 2.0, "主持人：各位记者朋友，大家上午好。"),
    (2.0, 4.0, "陈晓燕：今年已开工改造老旧小区126个。"),
    (4.0, 6.0, "市教育局：课后服务按照非营利原则收费。"),
]


def _ensure_audio():
    media = BriefingMedia.objects.filter(title=AUDIO_TITLE).first()
    if media:
        return media
    text = "。".join(cue[2].split("：", 1)[1] for cue in CUES)
    audio = spoken_wav(text) or tone_wav(seconds=6.0, frequency=330.0)
    media = BriefingMedia(title=AUDIO_TITLE, type="audio", duration=6.0, captions_language="zh-hans")
    media.file.save("demo-briefing-2026-q4.wav", ContentFile(audio), save=False)
    media.captions.save("demo-briefing-2026-q4.vtt", ContentFile(webvtt(CUES).encode("utf-8")), save=False)
    media.save()
    return media


def _ensure_spokesperson(ctx):
    zh, en = ctx["zh"], ctx["en"]
    person, _created = Spokesperson.objects.get_or_create(
        name="陈晓燕",
        locale=zh,
        defaults={
            "title": "市政府新闻办公室主任、新闻发言人",
            "department": ctx["departments"].get("SZF-BGS"),
            "contact_office": "市政府新闻办公室（市政府大楼3楼）",
            "contact_phone": "0000-12345678",
            "active_from": datetime.date(2024, 3, 1),
        },
    )
    ensure_snippet_translation(
        person,
        en,
        name="Chen Xiaoyan",
        title="Director of the Press Office and Spokesperson",
        contact_office="Press Office, City Hall, 3rd floor",
    )
    return person


def load(ctx, out):
    zh_home, en = ctx["home"], ctx["en"]
    spokesperson = _ensure_spokesperson(ctx)
    index, _created = ensure_page(
        zh_home,
        BriefingIndexPage,
        "briefings",
        title="新闻发布会",
        show_in_menus=True,
        summary="市政府例行新闻发布会、专题发布会和在线访谈。",
    )
    ensure_translation(
        index,
        en,
        title="Press briefings",
        summary="Routine and special press briefings and online interviews of the city government.",
    )
    starts = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))
    policy = PolicyPage.objects.filter(slug="after-school-services-measures", locale=ctx["zh"]).first()
    briefing, _created = ensure_page(
        index,
        BriefingPage,
        "routine-briefing-2026-q4",
        title="示例市2026年第四季度例行新闻发布会",
        kind=BriefingPage.KIND_ROUTINE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        recurrence="FREQ=MONTHLY;BYDAY=+3FR",
        venue="市政府新闻发布厅",
        summary="介绍老旧小区改造进展和中小学课后服务实施情况，并回答记者提问。",
        media=_ensure_audio(),
        speakers=[BriefingSpeaker(spokesperson=spokesperson), BriefingSpeaker(name="李华", role="市教育局副局长")],
        related_policies=[BriefingPolicyLink(policy=policy)] if policy else [],
        body=[
            h("发布内容"),
            p("市住房建设局通报老旧小区改造进展：今年已开工改造小区126个，加装电梯318部。"),
            h("答记者问"),
            p("记者：课后服务收费标准如何确定？市教育局：按照成本补偿、非营利原则确定，困难家庭学生免费。"),
        ],
        transcript=[
            ("turn", {"speaker": "主持人", "text": "各位记者朋友，大家上午好。", "time": "0:00"}),
            ("turn", {"speaker": "陈晓燕", "text": "今年已开工改造老旧小区126个，加装电梯318部。", "time": "0:02"}),
            (
                "qa",
                {
                    "asked_by": "示例日报",
                    "question": "课后服务收费标准如何确定？",
                    "answered_by": "李华",
                    "answer": "按照成本补偿、非营利原则确定，困难家庭学生免费。",
                    "time": "0:04",
                },
            ),
        ],
        transcript_complete=True,
    )
    ensure_translation(
        briefing,
        en,
        title="Shili routine press briefing, fourth quarter 2026",
        venue="Press hall of the city government",
        summary="Progress on renewing old neighbourhoods and on after-school services, with questions from the press.",
        body=[
            h("Announcements"),
            p(
                "The Housing Bureau reported that renewal of 126 neighbourhoods has begun this year and 318 lifts have been added."
            ),
            h("Questions"),
            p(
                "Q: How are after-school fees set? Education Bureau: on a non-profit, cost-covering basis; pupils from families in difficulty pay nothing."
            ),
        ],
        transcript=[
            ("turn", {"speaker": "Host", "text": "Good morning, friends from the press.", "time": "0:00"}),
            (
                "turn",
                {
                    "speaker": "Chen Xiaoyan",
                    "text": "Renewal of 126 old neighbourhoods has begun this year; 318 lifts have been added.",
                    "time": "0:02",
                },
            ),
            (
                "qa",
                {
                    "asked_by": "Shili Daily",
                    "question": "How are after-school fees set?",
                    "answered_by": "Li Hua",
                    "answer": "On a non-profit, cost-covering basis; pupils from families in difficulty pay nothing.",
                    "time": "0:04",
                },
            ),
        ],
    )
    _load_interview(ctx, index)
    _load_incident(ctx)


def _load_interview(ctx, index):
    """An upcoming online interview taking questions, one already approved."""
    import uuid

    from interactions import services

    starts = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0) + datetime.timedelta(days=7)
    interview, created = ensure_page(
        index,
        BriefingPage,
        "online-interview-after-school",
        title="在线访谈：中小学课后服务怎么办",
        kind=BriefingPage.KIND_INTERVIEW,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1, minutes=30),
        venue="示例市人民政府网站",
        summary="市教育局负责同志在线解读课后服务实施办法，回答网友提问。",
        speakers=[BriefingSpeaker(name="李华", role="市教育局副局长")],
    )
    ensure_translation(
        interview,
        ctx["en"],
        title="Online interview: after-school services",
        venue="Shili city government website",
        summary="The Education Bureau explains the after-school services measures and answers questions from the public.",
    )
    if created:
        comment, _code = services.submit_comment(
            interview,
            {
                "body": "课后服务收费标准是多少？困难家庭怎么申请减免？",
                "display_name": "网友“晨曦”",
                "consent_publish": True,
            },
            submission_key=uuid.uuid4(),
            language="zh-hans",
        )
        services.moderate([comment], "approve", None)


def _load_incident(ctx):
    zh_home, en = ctx["home"], ctx["en"]
    index, _created = ensure_page(
        zh_home,
        IncidentIndexPage,
        "incidents",
        title="突发事件",
        show_in_menus=False,
        summary="重大突发事件的首发信息和持续发布。",
    )
    ensure_translation(
        index, en, title="Emergencies", summary="First releases and continuous updates on major emergencies."
    )
    now = timezone.now()
    first = now - datetime.timedelta(hours=6)
    incident, _created = ensure_page(
        index,
        IncidentPage,
        "heavy-rain-shili-river",
        title="示例河流域强降雨应急处置",
        first_release="受强降雨影响，示例河水位超过警戒水位。市防汛指挥部已启动Ⅲ级应急响应，请沿河居民注意安全、听从转移安排。",
        first_released_at=first,
        summary="示例河流域强降雨及防汛应急处置的持续发布。",
        updates=[
            IncidentUpdate(
                posted_at=first + datetime.timedelta(hours=2),
                headline="已转移沿河群众1200人",
                text="各区已开放安置点12处，群众生活有保障。",
            ),
            IncidentUpdate(
                posted_at=first + datetime.timedelta(hours=5),
                headline="水位开始回落",
                text="截至目前，示例河水位已开始回落，主要道路恢复通行。",
                urgent=True,
            ),
        ],
    )
    ensure_translation(
        incident,
        en,
        title="Heavy rain in the Shili river basin: emergency response",
        first_release="Heavy rain has raised the Shili river above its warning level. The flood control headquarters has started a level III response; residents along the river should take care and follow evacuation instructions.",
        summary="Continuous updates on the heavy rain and flood response in the Shili river basin.",
        updates=[
            IncidentUpdate(
                posted_at=first + datetime.timedelta(hours=2),
                headline="1,200 residents moved to safety",
                text="The districts have opened 12 shelters; residents are being looked after.",
            ),
            IncidentUpdate(
                posted_at=first + datetime.timedelta(hours=5),
                headline="Water level falling",
                text="The Shili river has begun to fall and the main roads are open again.",
                urgent=True,
            ),
        ],
    )
