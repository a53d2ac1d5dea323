"""Near-duplicate campaign comments are grouped, all kept and counted, and
shown publicly as one text with "N similar comments"."""

from interactions import screening, services
from interactions.models import Comment, CommentCluster

from .conftest import add_comment

TEMPLATE = (
    "我坚决反对将{breed}列入禁养犬只目录。{breed}性格温顺，只要主人依法登记、文明牵引，"
    "就不会对他人造成危险。建议删除草案第十二条中关于{breed}的规定，改为加强养犬人的责任管理。{sign}"
)
VARIANTS = [
    {"breed": "金毛", "sign": ""},
    {"breed": "金毛", "sign": "——一位市民"},
    {"breed": "金毛", "sign": "谢谢！！"},
    {"breed": "金毛", "sign": "  请采纳。"},
    {"breed": "金毛", "sign": "（朝阳区居民）"},
]
DIFFERENT = [
    "建议在社区设置更多的犬只便溺收集箱，并定期清理。",
    "草案第二十条的罚款金额偏低，难以起到震慑作用，建议提高到两千元。",
    "希望增加流浪犬收容的财政投入，并公开收容所的运营情况。",
]


def test_templated_comments_form_one_cluster(consultation):
    campaign = [add_comment(consultation, TEMPLATE.format(**v)) for v in VARIANTS]
    # Whitespace, punctuation, case and full-width forms do not matter either.
    campaign.append(add_comment(consultation, TEMPLATE.format(breed="金毛", sign="").replace("，", ",  ").upper()))
    others = [add_comment(consultation, text) for text in DIFFERENT]
    clusters = {c.cluster_id for c in campaign}
    assert len(clusters) == 1
    cluster = CommentCluster.objects.get(pk=clusters.pop())
    assert cluster.size == len(campaign)
    assert len({c.cluster_id for c in others}) == len(others)
    assert not ({c.cluster_id for c in others} & {cluster.pk})
    # All are kept and counted.
    assert Comment.objects.filter(page=consultation).count() == len(campaign) + len(others)


def test_a_different_breed_is_a_similar_campaign_text(consultation):
    a = add_comment(consultation, TEMPLATE.format(breed="金毛", sign=""))
    b = add_comment(consultation, TEMPLATE.format(breed="拉布拉多", sign=""))
    assert a.cluster_id == b.cluster_id


def test_clusters_do_not_cross_consultations(consultation, home):
    from .conftest import make_consultation

    other = make_consultation(home, "other")
    a = add_comment(consultation, TEMPLATE.format(**VARIANTS[0]))
    b = add_comment(other, TEMPLATE.format(**VARIANTS[0]))
    assert a.cluster_id != b.cluster_id


def test_public_page_shows_one_text_with_similar_count(client, consultation, moderator):
    campaign = [add_comment(consultation, TEMPLATE.format(**v)) for v in VARIANTS]
    single = add_comment(consultation, DIFFERENT[0])
    pending_variant = add_comment(consultation, TEMPLATE.format(breed="金毛", sign="再次呼吁"))
    services.moderate(campaign + [single], "approve", moderator)
    response = client.get(consultation.url)
    listed = list(response.context["comment_page"])
    assert len(listed) == 2
    lead = next(c for c in listed if c.cluster_id == campaign[0].cluster_id)
    assert lead.pk == campaign[0].pk
    assert lead.similar_count == len(VARIANTS) - 1  # the pending one is not counted publicly
    html = response.content.decode()
    assert html.count("性格温顺") == 1
    assert "4" in html and ("similar" in html or "类似" in html)
    assert pending_variant.cluster_id == lead.cluster_id
    # Counts still count every comment.
    assert response.context["counts"]["received"] == len(VARIANTS) + 2


def test_minhash_bands_agree_for_near_duplicates():
    a = screening.shingles(TEMPLATE.format(**VARIANTS[0]))
    b = screening.shingles(TEMPLATE.format(**VARIANTS[2]))
    assert screening.jaccard(a, b) > 0.8
    assert set(screening.band_keys(screening.minhash(a))) & set(screening.band_keys(screening.minhash(b)))
