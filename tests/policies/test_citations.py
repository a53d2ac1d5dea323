"""Document numbers in a body link to the cited document; the cited document
lists its citing pages; unknown numbers are external citations."""

from cms.demo import publish
from policies import numbers
from policies.models import PolicyPage

from .conftest import h, p


def test_bracket_styles_normalise_to_one_key():
    keys = {
        numbers.normalise(n)
        for n in [
            "国办发〔2013〕100号",
            "国办发[2013]100号",
            "国办发［2013］100号",
            "国办发（2013）100号",
            " 国办发 〔2013〕 100 号",
        ]
    }
    assert keys == {"国办发〔2013〕100号"}
    assert numbers.normalise("") == ""


def test_document_number_is_stored_as_written_and_looked_up_normalised(make_policy):
    policy = make_policy(document_number="示府[2026]12号")
    assert policy.document_number == "示府[2026]12号"
    assert PolicyPage.objects.get(document_number_key="示府〔2026〕12号").pk == policy.pk


def test_citations_link_both_ways(client, make_policy, interp_index, make_interpretation):
    cited = make_policy("被引用的通知", document_number="示府〔2026〕12号")
    citing = make_policy(
        "引用文件",
        body=[
            h("一、依据"),
            p(
                "根据《被引用的通知》（示府[2026]12号）和《国务院办公厅关于全面推进政务公开工作的意见》（国办发〔2016〕8号），制定本办法。"
            ),
        ],
    )
    html = client.get(citing.url).content.decode()
    assert f'<a class="citation" href="{cited.url}">示府[2026]12号</a>' in html
    assert "国办发〔2016〕8号" in html and 'href="">国办发' not in html
    assert '<ul class="external-citations"><li>国办发〔2016〕8号</li></ul>' in html

    cited_html = client.get(cited.url).content.decode()
    assert '<h2 id="cited-by-h">' in cited_html
    assert f'href="{citing.url}">引用文件</a>' in cited_html

    # An interpretation citing the number shows up too.
    interpretation = make_interpretation(cited, body=[p("解读示府〔2026〕12号文件。")])
    assert interpretation in [page.specific for page in cited.cited_by()]


def test_citation_of_a_document_added_later_starts_linking(make_policy):
    citing = make_policy("先发布的文件", body=[p("按照示教规〔2026〕3号执行。")])
    assert citing.outgoing_citations() == ([], ["示教规〔2026〕3号"])
    later = make_policy("后发布的文件", document_number="示教规〔2026〕3号")
    assert citing.outgoing_citations() == ([later], [])
    assert list(later.cited_by()) == [citing.page_ptr.specific]


def test_drafts_neither_cite_nor_are_cited(client, make_policy):
    make_policy("草稿被引用", document_number="示府〔2026〕40号", live=False)
    citing = make_policy("引用草稿", body=[p("依据示府〔2026〕40号。")])
    assert citing.outgoing_citations() == ([], ["示府〔2026〕40号"])
    draft_citing = make_policy("草稿引用", body=[p("依据示府〔2026〕41号。")], live=False)
    target = make_policy("目标", document_number="示府〔2026〕41号")
    assert target.cited_by() == []
    assert draft_citing.pk not in [page.pk for page in target.cited_by()]
    assert "草稿被引用" not in client.get(citing.url).content.decode()


def test_citations_follow_the_live_revision(make_policy):
    target = make_policy("目标文件", document_number="示府〔2026〕50号")
    citing = make_policy("会修改的文件", body=[p("依据示府〔2026〕50号。")])
    assert [page.pk for page in target.cited_by()] == [citing.pk]
    citing.body = [p("不再引用任何文件。")]
    citing.save_revision()  # a draft change does not count
    assert [page.pk for page in target.cited_by()] == [citing.pk]
    publish(citing)
    assert target.cited_by() == []
