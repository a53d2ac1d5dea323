"""`import_policy` on clean, messy and bad plain-text documents."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from policies.models import PolicyPage

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def health_department(other_department):
    return other_department  # 示例市卫生健康委员会, code SWJW


def run(*args):
    out = StringIO()
    call_command("import_policy", *[str(a) for a in args], stdout=out)
    return out.getvalue().strip().splitlines()


def headings(page):
    return [(b.value["level"], b.value["text"]) for b in page.body if b.block_type == "heading"]


def test_clean_document(policy_index, health_department):
    lines = run(SAMPLES / "clean_measures.txt")
    page = PolicyPage.objects.get()
    assert lines[-1] == page.get_url() == "/policies/doc-2026-5/"
    assert page.title == "示例市公共场所控制吸烟管理办法"
    assert page.document_number == "示府规〔2026〕5号"
    assert str(page.written_on) == "2026-04-09"
    assert list(page.issuers.all()) == [health_department]
    assert page.kind == "measures"
    assert not page.live and page.index_number == ""
    assert headings(page) == [
        ("h2", "一、总体要求"),
        ("h2", "二、禁止吸烟场所"),
        ("h3", "（一）室内公共场所"),
        ("h3", "（二）室外区域"),
        ("h4", "1. 学校"),
        ("h4", "2. 医院"),
        ("h2", "三、监督管理"),
    ]
    paragraphs = [b.value.source for b in page.body if b.block_type == "paragraph"]
    assert paragraphs[0] == "<p>各区人民政府，市政府各委、办、局：</p>"
    assert (
        paragraphs[-1] == "<p>示例市卫生健康委员会<br/>2026年4月9日</p>"
    )  # <br> alone broke the editor (html_to_contentstate)


def test_notice_wrapped_flattened_document(policy_index, locales):
    from cms.models import Department

    office = Department.objects.create(name="示例市人民政府办公室", code="SZF-BGS", locale=locales["zh"])
    run(SAMPLES / "notice_wrapped_flattened.txt", "--publish")
    page = PolicyPage.objects.get()
    assert page.title == "示例市人民政府办公室关于印发示例市政策解读工作办法的通知"
    assert page.document_number == "示府办〔2026〕33号"
    assert str(page.written_on) == "2026-06-02"
    assert list(page.issuers.all()) == [office]
    assert page.kind == "measures"
    assert page.live and page.index_number.startswith("SZF-BGS/")
    assert headings(page) == [
        ("h2", "示例市政策解读工作办法"),
        ("h3", "一、总则"),
        ("h4", "（一）适用范围"),
        ("h4", "（二）基本原则"),
        ("h3", "二、解读方式"),
        ("h4", "（一）文字解读"),
        ("h4", "（二）图解和视频"),
        ("h4", "1．图解应当简明"),
        ("h4", "2．视频时长一般不超过5分钟"),
        ("h3", "三、附则"),
    ]
    text = " ".join(b.value.source for b in page.body if b.block_type == "paragraph")
    assert "<p>本办法适用于市政府及其部门制发的政策文件。</p>" in text
    assert "\u3000" not in text and "  " not in text
    # The body's citation of 示府〔2026〕12号 is recorded (external here).
    assert page.outgoing_citations() == ([], ["示府〔2026〕12号"])


def test_joint_document_with_crlf_bom_two_line_title_and_chinese_date(policy_index, department, health_department):
    lines = run(SAMPLES / "joint_crlf_bom.txt")
    page = PolicyPage.objects.get()
    assert lines[-1] == "/policies/doc-2026-18/", lines
    assert page.title == "示例市教育局 示例市卫生健康委员会关于加强中小学生近视防控工作的意见"
    assert page.document_number == "示教发［2026］18号"
    assert page.document_number_key == "示教发〔2026〕18号"
    assert str(page.written_on) == "2026-04-01"
    assert set(page.issuers.all()) == {department, health_department}
    assert ("h3", "（一）保障户外活动时间") in headings(page)


def test_department_option_and_parent_option(policy_index, department):
    lines = run(SAMPLES / "clean_measures.txt", "--parent", "/policies/", "--department", "SJYJ", "--publish")
    page = PolicyPage.objects.get()
    assert list(page.issuers.all()) == [department]
    assert page.index_number.startswith("SJYJ/")
    assert lines[-1] == page.get_url()


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("empty.txt", "The file is empty"),
        ("blank_lines.txt", "The file is empty"),
        ("gbk_encoded.txt", "not UTF-8"),
        ("no_title.txt", "No title found"),
        ("no_title_web_junk.txt", "No title found"),
        ("missing.txt", "no such file"),
    ],
)
def test_bad_input_gives_a_clear_error_and_creates_nothing(policy_index, sample, message):
    before = PolicyPage.objects.count()
    with pytest.raises(CommandError, match=message):
        run(SAMPLES / sample)
    assert PolicyPage.objects.count() == before


def test_refused_publication_creates_nothing(policy_index):
    # No department matches the signature and none is given: no index number possible.
    with pytest.raises(CommandError, match="issuing authority"):
        run(SAMPLES / "clean_measures.txt", "--publish")
    assert PolicyPage.objects.count() == 0


def test_unknown_parent_or_department(policy_index):
    with pytest.raises(CommandError, match="No policy index page"):
        run(SAMPLES / "clean_measures.txt", "--parent", "/nowhere/")
    with pytest.raises(CommandError, match="No department"):
        run(SAMPLES / "clean_measures.txt", "--department", "NOPE")
    assert PolicyPage.objects.count() == 0
