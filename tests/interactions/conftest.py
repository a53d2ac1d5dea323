"""Fixtures for consultations and comments: a consultation open now, with a
draft of numbered sections, and a moderator in the real group."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from cms import roles
from cms.demo import publish
from interactions import services
from interactions.forms import new_form_token
from interactions.models import Comment, ConsultationIndexPage, ConsultationPage
from policies.demo import h, p


@pytest.fixture(autouse=True)
def _comment_settings(settings, tmp_path):
    settings.INTERACTIONS_MIN_FILL_SECONDS = 0
    settings.INTERACTIONS_COMMENT_RATE = "1000/m"
    settings.INTERACTIONS_PRIVATE_ROOT = tmp_path / "private"
    cache.clear()
    yield
    cache.clear()


def make_consultation(home, slug="dog-rules", *, opens=-1, closes=30, **fields):
    index = ConsultationIndexPage.objects.child_of(home).first()
    if index is None:
        index = ConsultationIndexPage(title="意见征集", slug="consultations")
        home.add_child(instance=index)
        publish(index)
    now = timezone.now()
    page = ConsultationPage(
        title=fields.pop("title", "《养犬管理条例（征求意见稿）》征求意见"),
        slug=slug,
        opens_at=now + datetime.timedelta(days=opens),
        closes_at=now + datetime.timedelta(days=closes),
        draft_text=[
            h("总则"),
            p("为了规范养犬行为。"),
            h("养犬登记"),
            p("养犬应当登记。"),
            h("法律责任"),
            p("违反规定的，予以处罚。"),
        ],
        **fields,
    )
    index.add_child(instance=page)
    publish(page)
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def consultation(home):
    return make_consultation(home)


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", roles.COMMENT_MODERATORS)


def form_data(**overrides):
    data = {
        "body": "建议明确大型犬的认定标准。",
        "display_name": "张三",
        "region": "示例市",
        "contact_email": "",
        "contact_phone": "",
        "consent_publish": "on",
        "website": "",
        "token": new_form_token(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post_comment(client, page, **overrides):
    return client.post(page.url + "comment/", form_data(**overrides))


def add_comment(page, body="一条意见", *, status=Comment.PENDING, consent=True, **fields):
    """A stored comment, through the real submission service."""
    import uuid

    data = {"body": body, "display_name": fields.pop("display_name", ""), "region": "", "consent_publish": consent}
    data.update(fields)
    comment, _code = services.submit_comment(page, data, submission_key=uuid.uuid4())
    if status != Comment.PENDING:
        Comment.objects.filter(pk=comment.pk).update(status=status, published_at=timezone.now())
        comment.refresh_from_db()
    return comment
