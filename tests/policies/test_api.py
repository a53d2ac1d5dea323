"""Wagtail API v2 fields of policies and interpretations."""

import datetime

from policies.models import Interpreter

from .conftest import p


def test_policy_fields(client, make_policy, make_interpretation, department, topic):
    cited = make_policy("被引", document_number="示府〔2026〕12号", published_on=datetime.date(2026, 3, 1))
    policy = make_policy(
        "接口测试文件",
        document_number="示教规[2026]3号",
        written_on=datetime.date(2026, 2, 20),
        published_on=datetime.date(2026, 3, 2),
        effective_on=datetime.date(2026, 4, 1),
        expires_on=datetime.date(2031, 3, 31),
        kind="measures",
        topics=[topic],
        is_major=True,
        live=False,
        body=[p("依据示府〔2026〕12号和国办发〔2016〕8号。")],
    )
    interpretation = make_interpretation(policy, "接口测试解读", kind="qa")
    draft_interpretation = make_interpretation(policy, "未发布的解读", live=False)
    from cms.demo import publish

    publish(policy)
    data = client.get(f"/api/v2/pages/{policy.pk}/").json()
    assert data["document_number"] == "示教规[2026]3号"
    assert data["index_number"] == "SJYJ/2026-00002"
    assert data["issuers"] == [{"id": department.pk, "code": "SJYJ", "name": "示例市教育局"}]
    assert (data["written_on"], data["published_on"], data["effective_on"], data["expires_on"]) == (
        "2026-02-20",
        "2026-03-02",
        "2026-04-01",
        "2031-03-31",
    )
    assert data["validity"] == "valid" and data["kind"] == "measures"
    assert data["topics"][0]["slug"] == "education"
    assert [(i["id"], i["kind"]) for i in data["interpretations"]] == [(interpretation.pk, "qa")]
    assert data["interpretations"][0]["url"].endswith(interpretation.url)
    assert draft_interpretation.pk not in [i["id"] for i in data["interpretations"]]
    assert [c["id"] for c in data["cites"]] == [cited.pk]
    assert data["external_citations"] == ["国办发〔2016〕8号"]
    cited_data = client.get(f"/api/v2/pages/{cited.pk}/").json()
    assert [c["id"] for c in cited_data["cited_by"]] == [policy.pk]


def test_interpretation_fields(client, make_policy, make_interpretation):
    policy = make_policy("政策", document_number="示府〔2026〕70号")
    interpretation = make_interpretation(policy, "专家解读", kind="expert")
    Interpreter.objects.create(page=interpretation, name="张明", title="教授", organisation="示例大学")
    data = client.get(f"/api/v2/pages/{interpretation.pk}/").json()
    assert data["kind"] == "expert"
    assert data["policy"]["id"] == policy.pk and data["policy"]["document_number"] == "示府〔2026〕70号"
    assert data["policy"]["index_number"] == policy.index_number
    assert data["interpreters"] == [{"name": "张明", "title": "教授", "organisation": "示例大学"}]


def test_listing_fields_by_request(client, make_policy):
    make_policy("列表字段", document_number="示府〔2026〕71号")
    data = client.get(
        "/api/v2/pages/?type=policies.PolicyPage&fields=document_number,index_number,validity,cited_by"
    ).json()
    item = data["items"][0]
    assert item["document_number"] == "示府〔2026〕71号" and item["validity"] == "valid" and item["cited_by"] == []
