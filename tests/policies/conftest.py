"""Real policy and interpretation pages under a real home page."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import translation

from cms.demo import publish
from policies.models import InterpretationIndexPage, InterpretationPage, PolicyIndexPage, PolicyPage
from tests.workflow.helpers import login, people, section  # noqa: F401 - fixtures for the review through the admin


def h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level, "anchor": ""}}


def p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


@pytest.fixture
def policy_index(home):
    index = PolicyIndexPage(title="政策文件", slug="policies")
    home.add_child(instance=index)
    publish(index)
    return PolicyIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def interp_index(home):
    index = InterpretationIndexPage(title="政策解读", slug="interpretations")
    home.add_child(instance=index)
    publish(index)
    return InterpretationIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def make_policy(policy_index, department):
    counter = {"n": 0}

    def make(title=None, *, live=True, issuers=None, topics=(), parent=None, **fields):
        counter["n"] += 1
        fields.setdefault("body", [h("一、总则"), p("正文。")])
        page = PolicyPage(title=title or f"测试文件{counter['n']}", slug=f"policy-{counter['n']}", live=False, **fields)
        (parent or policy_index).add_child(instance=page)
        page.issuers.set(issuers if issuers is not None else [department])
        page.topics.set(list(topics))
        page.save()
        if live:
            publish(page)
        else:
            page.save_revision()
        return PolicyPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_interpretation(interp_index):
    counter = {"n": 0}

    def make(policy, title=None, *, live=True, **fields):
        counter["n"] += 1
        page = InterpretationPage(
            title=title or f"解读{counter['n']}", slug=f"interp-{counter['n']}", live=False, policy=policy, **fields
        )
        interp_index.add_child(instance=page)
        if live:
            publish(page)
        else:
            page.save_revision()
        return InterpretationPage.objects.get(pk=page.pk)

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The listing caches its filter options; page ids repeat between tests.
    cache.clear()


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages raised outside a request (model validation, publication rules,
    the importer) are checked in English; pages are checked in either language."""
    with translation.override("en"):
        yield


def either(text, english, chinese):
    return english in text or chinese in text


@pytest.fixture
def today():
    return datetime.date.today()
