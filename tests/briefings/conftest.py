"""Factories for the briefings tests: real pages under the shared home page,
real media rows with generated files."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from briefings.models import (
    BriefingIndexPage,
    BriefingMedia,
    BriefingPage,
    IncidentIndexPage,
    IncidentPage,
    Spokesperson,
)
from briefings.samples import FAKE_MP4, tone_wav, webvtt
from cms.demo import ensure_page


@pytest.fixture(autouse=True)
def _english_messages():
    # Assertions read English messages whatever the compiled catalogue holds.
    with translation.override("en"):
        yield


@pytest.fixture
def admin_en(superuser):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    return superuser


CAPTIONS = webvtt([(0, 1.5, "各位记者朋友，大家上午好。"), (1.5, 3, "现在开始发布。")])


@pytest.fixture
def briefing_index(home):
    return ensure_page(home, BriefingIndexPage, "briefings", title="新闻发布会")[0]


@pytest.fixture
def incident_index(home):
    return ensure_page(home, IncidentIndexPage, "incidents", title="突发事件")[0]


@pytest.fixture(autouse=True)
def _root_collection(db):
    # A transactional test elsewhere may have flushed the reused database,
    # root collection included (tests/conftest.py restores pages, not collections);
    # media, images and documents need it.
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture
def make_media(db):
    def make(kind="audio", *, captions=False, content=None, name=None):
        media = BriefingMedia(title=f"{kind} recording", type=kind)
        if content is None:
            content = tone_wav(2.0) if kind == "audio" else FAKE_MP4
        name = name or ("clip.wav" if kind == "audio" else "clip.mp4")
        media.file.save(name, ContentFile(content), save=False)
        if captions:
            media.captions.save("clip.vtt", ContentFile(CAPTIONS.encode()), save=False)
        media.save()
        return media

    return make


def full_transcript():
    return [
        ("turn", {"speaker": "主持人", "text": "各位记者朋友，大家上午好。", "time": "0:00"}),
        ("turn", {"speaker": "发言人", "text": "现在开始发布。", "time": "1:15"}),
        (
            "qa",
            {
                "asked_by": "示例日报",
                "question": "收费标准？",
                "answered_by": "市教育局",
                "answer": "非营利。",
                "time": "",
            },
        ),
    ]


@pytest.fixture
def make_briefing(briefing_index):
    def make(slug="briefing", *, live=True, **fields):
        fields.setdefault("title", "例行新闻发布会")
        fields.setdefault("starts_at", timezone.now() - datetime.timedelta(days=1))
        return ensure_page(briefing_index, BriefingPage, slug, live=live, **fields)[0]

    return make


@pytest.fixture
def make_incident(incident_index):
    def make(slug="flood", *, live=True, **fields):
        fields.setdefault("title", "示例河洪水")
        fields.setdefault("first_release", "今晨示例河水位超过警戒线，沿河居民请注意安全。")
        return ensure_page(incident_index, IncidentPage, slug, live=live, **fields)[0]

    return make


@pytest.fixture
def spokesperson(locales, department):
    return Spokesperson.objects.create(
        name="王明",
        title="新闻发言人",
        department=department,
        contact_office="市政府新闻办",
        locale=locales["zh"],
        active_from=datetime.date(2025, 1, 1),
    )
