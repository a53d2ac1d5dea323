"""A seeded year (2025) of activity for two departments, built from real
models: policies with issuers and interpretations, consultations with
comments and outcomes, briefings with spokespeople, letters and disclosure
requests, survey answers. Pages are put live with fixed publication times
(the publication gates are the policies and briefings apps' business)."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from wagtail.models import Page

from briefings.models import BriefingIndexPage, BriefingPage, BriefingSpeaker, Spokesperson
from cms.demo import ensure_snippet_translation
from cms.models import Department
from interactions.cases.models import Case, Channel
from interactions.models import Comment, ConsultationIndexPage, ConsultationOutcome, ConsultationPage
from policies.demo import h, p
from policies.models import InterpretationIndexPage, InterpretationPage, PolicyIndexPage, PolicyPage

TZ = ZoneInfo("Asia/Shanghai")
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def go_live(parent, page, when):
    page.live = False
    parent.add_child(instance=page)
    Page.objects.filter(pk=page.pk).update(
        live=True, first_published_at=when, last_published_at=when, has_unpublished_changes=False
    )
    return page.__class__.objects.get(pk=page.pk)


def index(home, model, slug):
    page = model.objects.child_of(home).first()
    if page is None:
        page = go_live(home, model(title=slug, slug=slug), at(D(2020, 1, 1)))
    return page


_counter = {"n": 0}


def _slug(prefix):
    _counter["n"] += 1
    return f"{prefix}-{_counter['n']}"


def make_policy(home, issuers, published, *, major=False, kind="normative", live=True, **fields):
    parent = index(home, PolicyIndexPage, "policies")
    page = PolicyPage(
        title=_slug("文件"),
        slug=_slug("policy"),
        published_on=published,
        is_major=major,
        kind=kind,
        body=[h("一、总则"), p("正文。")],
        live=False,
        **fields,
    )
    parent.add_child(instance=page)
    page.issuers.set(issuers)
    page.save()
    if live:
        Page.objects.filter(pk=page.pk).update(
            live=True, first_published_at=at(published, 9), last_published_at=at(published, 9)
        )
    else:
        Page.objects.filter(pk=page.pk).update(live=False)
    return PolicyPage.objects.get(pk=page.pk)


def make_interpretation(home, policy, published):
    parent = index(home, InterpretationIndexPage, "interpretations")
    return go_live(
        parent, InterpretationPage(title=_slug("解读"), slug=_slug("interp"), policy=policy), at(published, 9)
    )


def make_consultation(home, opens, closes, *, policy=None, outcome=None, department=None):
    parent = index(home, ConsultationIndexPage, "consultations")
    fields = {"draft_policy": policy} if policy else {"draft_text": [h("总则"), p("草案。")]}
    if department is not None:
        fields["department"] = department
    page = go_live(
        parent,
        ConsultationPage(
            title=_slug("征求意见"), slug=_slug("consultation"), opens_at=at(opens), closes_at=at(closes), **fields
        ),
        at(opens),
    )
    if outcome:
        ConsultationOutcome.objects.create(page=page, summary="结果", published_at=at(outcome))
    return page


def add_comments(page, *days, text="建议加强管理。"):
    Comment.objects.bulk_create(
        [
            Comment(
                page_id=page.pk,
                body=text,
                public_body=text,
                submission_key=uuid.uuid4(),
                tracking_digest=uuid.uuid4().hex + uuid.uuid4().hex,
                submitted_at=at(day),
                status=Comment.PUBLISHED,
            )
            for day in days
        ]
    )


def make_briefing(home, starts, *spokespeople, kind=BriefingPage.KIND_ROUTINE):
    parent = index(home, BriefingIndexPage, "briefings")
    page = go_live(
        parent, BriefingPage(title=_slug("发布会"), slug=_slug("briefing"), starts_at=at(starts), kind=kind), at(starts)
    )
    for person in spokespeople:
        BriefingSpeaker.objects.create(page=page, spokesperson=person)
    return page


def make_case(
    department,
    received,
    *,
    channel=Channel.LETTER,
    deadline=None,
    replied=None,
    days=None,
    rating="",
    text=None,
    **fields,
):
    return Case.objects.create(
        channel=channel,
        subject=(text or "来信")[:50],
        body=text or "来信内容",
        contact_name="张三",
        tracking_digest=uuid.uuid4().hex + uuid.uuid4().hex,
        password_hash="!",
        department=department,
        received_at=at(received) if isinstance(received, datetime.date) else received,
        deadline=deadline,
        replied_at=at(replied, 15) if replied else None,
        working_days_taken=days,
        status="replied" if replied else "assigned",
        rating=rating,
        **fields,
    )


@pytest.fixture
def depts(locales):
    a = Department.objects.create(name="甲局", code="JIA", locale=locales["zh"])
    a_en, _created = ensure_snippet_translation(a, locales["en"], name="Bureau A")
    b = Department.objects.create(name="乙局", code="YI", locale=locales["zh"])
    return {"A": a, "A_en": a_en, "B": b}


@pytest.fixture
def spokespeople(depts, locales):
    return {
        "A": Spokesperson.objects.create(name="王甲", title="新闻发言人", department=depts["A"], locale=locales["zh"]),
        "B": Spokesperson.objects.create(name="李乙", title="新闻发言人", department=depts["B"], locale=locales["zh"]),
    }
