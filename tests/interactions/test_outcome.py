import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from interactions import services
from interactions.models import Comment, ConsultationOutcome, ConsultationPage, RejectReason

from .conftest import add_comment


@pytest.fixture
def closed(consultation):
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=30), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    return ConsultationPage.objects.get(pk=consultation.pk)


def test_outcome_cannot_be_published_while_a_comment_lacks_a_disposition(closed, moderator):
    a = add_comment(closed, "意见甲")
    b = add_comment(closed, "意见乙完全不同的内容")
    c = add_comment(closed, "违规内容丙")
    services.moderate([a, b], "approve", moderator)
    services.moderate([c], "reject", moderator, reason=RejectReason.objects.first())
    outcome = ConsultationOutcome.objects.create(page=closed, summary="共收到意见3条。")
    services.set_disposition([a], Comment.ADOPTED, moderator)
    with pytest.raises(ValidationError):
        outcome.publish(moderator)
    assert outcome.blocking_comments().get() == Comment.objects.get(pk=b.pk)
    with pytest.raises(ValidationError):  # "not adopted" needs a reason
        services.set_disposition([b], Comment.NOT_ADOPTED, moderator)
    services.set_disposition([Comment.objects.get(pk=b.pk)], Comment.NOT_ADOPTED, moderator, note="与上位法冲突")
    outcome.publish(moderator)  # rejected comments need no disposition
    assert outcome.published_at
    assert ConsultationPage.objects.get(pk=closed.pk).status == "concluded"


def test_pending_comments_block_the_outcome(closed, moderator):
    add_comment(closed, "还没审核")
    outcome = ConsultationOutcome.objects.create(page=closed, summary="x")
    with pytest.raises(ValidationError):
        outcome.publish(moderator)


def test_outcome_cannot_be_published_before_closing(consultation, moderator):
    outcome = ConsultationOutcome.objects.create(page=consultation, summary="x")
    with pytest.raises(ValidationError):
        outcome.publish(moderator)


def test_cluster_disposition_and_published_counts(client, closed, moderator):
    campaign_text = "建议删除草案第十二条关于大型犬禁养的规定，改为加强养犬人责任管理，谢谢{}"
    campaign = [add_comment(closed, campaign_text.format("！" * i)) for i in range(4)]
    other = add_comment(closed, "希望增加流浪犬收容的财政投入")
    scope = add_comment(closed, "小区停车位不够用")
    services.moderate(campaign + [other, scope], "approve", moderator)
    services.set_disposition([campaign[0]], Comment.PARTLY, moderator, note="部分采纳", whole_cluster=True)
    services.set_disposition([other], Comment.ADOPTED, moderator)
    services.set_disposition([scope], Comment.OUT_OF_SCOPE, moderator)
    outcome = ConsultationOutcome.objects.create(page=closed, summary="感谢各位市民的意见。")
    outcome.publish(moderator)
    counts = {code: n for code, _label, n in outcome.disposition_counts()}
    assert counts == {"adopted": 1, "partly_adopted": 4, "not_adopted": 0, "out_of_scope": 1}
    response = client.get(closed.url)
    html = response.content.decode()
    assert "感谢各位市民的意见" in html
    assert response.context["disposition_counts"] == outcome.disposition_counts()
    assert 'data-disposition="partly_adopted"><th scope="row">' in html
    # Each published comment shows its disposition.
    assert html.count('class="comment-disposition"') == 3  # campaign lead + 2 others
    assert "部分采纳" in html


def test_outcome_admin_view_gate(client, closed, moderator):
    add_comment(closed, "还没审核")
    client.force_login(moderator)
    url = reverse("interactions_admin:outcome", args=[closed.pk])
    response = client.post(url, {"summary": "总结", "publish": "1"}, follow=True)
    assert response.status_code == 200
    assert not ConsultationOutcome.objects.get(page=closed).published_at
    services.moderate(Comment.objects.all(), "approve", moderator)
    services.set_disposition(Comment.objects.all(), Comment.ADOPTED, moderator)
    client.post(url, {"summary": "总结", "publish": "1"})
    assert ConsultationOutcome.objects.get(page=closed).published_at


def test_dispositions_are_not_shown_before_the_outcome(client, closed, moderator):
    comment = add_comment(closed, "意见")
    services.moderate([comment], "approve", moderator)
    services.set_disposition([comment], Comment.ADOPTED, moderator)
    assert 'class="comment-disposition"' not in client.get(closed.url).content.decode()
