"""A small bilingual corpus, indexed through the real publish → queue path,
searched on the database backend (SQLite or PostgreSQL, whichever the run
uses) and on OpenSearch (the osmem in-memory server)."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from modelsearch.backends import get_search_backend

from cms.demo import publish
from search.engines import engine_settings

POLICY_BODY = "为进一步做好网络舆情监测和回应工作，推进政务公开，现将有关事项通知如下。"


@pytest.fixture(autouse=True)
def _fresh_synonym_cache():
    # The test database rolls back without delete signals: drop cached groups.
    from search import synonyms

    synonyms.clear_cache()
    yield
    synonyms.clear_cache()


def body(text):
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}])


def add(parent, page, live=True, issuers=()):
    page.live = live
    if issuers:
        page.issuers = list(issuers)
    parent.add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def opensearch_settings(osmem_clone):
    # A generous timeout: the test machine may be busy.
    return {"default": {**engine_settings("opensearch3", osmem_clone.url, "gk", analyzer="cjk"), "TIMEOUT": 30}}


@pytest.fixture(params=["database", "opensearch"])
def engine(request, settings):
    """The search engine under test; OpenSearch tests are marked `opensearch`."""
    if request.param == "opensearch":
        request.applymarker(pytest.mark.opensearch)
        settings.WAGTAILSEARCH_BACKENDS = request.getfixturevalue("opensearch_settings")
        # Create the index with our analysis settings before anything is indexed.
        call_command("update_index", stdout=open("/dev/null", "w"))
    else:
        settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
    return request.param


def refresh(engine_name):
    if engine_name == "opensearch":
        get_search_backend().refresh_indexes()


@pytest.fixture
def corpus(engine, home, home_en, department, other_department, topic, locales, django_capture_on_commit_callbacks):
    from briefings.models import BriefingIndexPage, BriefingPage
    from interactions.models import ConsultationIndexPage, ConsultationPage
    from policies.models import InterpretationIndexPage, InterpretationPage, PolicyIndexPage, PolicyPage

    now = timezone.now()
    pages = {}
    with django_capture_on_commit_callbacks(execute=True):
        policies = add(home, PolicyIndexPage(title="政策文件", slug="policies"))
        interpretations = add(home, InterpretationIndexPage(title="政策解读", slug="interpretations"))
        briefings = add(home, BriefingIndexPage(title="新闻发布会", slug="briefings"))
        consultations = add(home, ConsultationIndexPage(title="意见征集", slug="consultations"))

        notice = PolicyPage(
            title="关于做好政府信息公开工作的通知",
            slug="notice",
            document_number="国办发〔2013〕100号",
            summary="部署政府信息公开重点工作。",
            body=body(POLICY_BODY),
        )
        notice.topics = [topic]
        pages["notice"] = add(policies, notice, issuers=[department])

        insurance = PolicyPage(
            title="关于基本医疗保险门诊报销的实施办法",
            slug="insurance",
            document_number="示政办〔2024〕7号",
            summary="明确门诊费用报销比例。",
            body=body("参保人员门诊费用按规定报销。"),
        )
        pages["insurance"] = add(policies, insurance, issuers=[other_department])

        pages["interpretation"] = add(
            interpretations,
            InterpretationPage(
                title="一图读懂信息公开通知", slug="reading", policy=pages["notice"], body=body("图解要点：主动公开。")
            ),
        )
        pages["briefing"] = add(
            briefings,
            BriefingPage(
                title="数据开放新闻发布会",
                slug="open-data",
                starts_at=now - datetime.timedelta(days=3),
                summary="发布 Open Data 平台 2024 年成果。",
                body=body("介绍开放数据平台。"),
            ),
        )
        pages["consultation"] = add(
            consultations,
            ConsultationPage(
                title="关于舆情回应办法的意见征集",
                slug="opinion",
                opens_at=now - datetime.timedelta(days=1),
                closes_at=now + datetime.timedelta(days=20),
                body=body("欢迎社会各界提出意见。"),
                draft_text=body("第一条 为规范舆情回应工作，制定本办法。"),
            ),
        )
        pages["draft"] = add(
            policies,
            PolicyPage(title="独角兽产业扶持办法（草案）", slug="draft", body=body("独角兽企业认定。")),
            live=False,
        )

        en_policies = add(home_en, PolicyIndexPage(title="Policies", slug="policies", locale=locales["en"]))
        pages["english"] = add(
            en_policies,
            PolicyPage(
                title="Regulations on Open Government Information",
                slug="regulations",
                locale=locales["en"],
                summary="How the government publishes information proactively.",
                body=body("Citizens may request government information."),
            ),
            issuers=[department.get_translation(locales["en"])],
        )
    refresh(engine)
    return pages
