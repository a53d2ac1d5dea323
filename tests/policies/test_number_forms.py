"""文号 and 索引号 in the forms people really write, found through the public
search page and linked from a policy's body.

The forms come from real texts: ../shared/corpus/regulations (real State
Council and Shandong regulations) cite orders as 中华人民共和国国务院令第711号
and documents as 〔1982〕3号, and use full-width digits (２４小时); the other
forms (﹝﹞, 【】, 第N号, 號, traditional issuers, hyphenated department codes)
are those of the issue. Hypothesis writes each number in every combination."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from cms.models import Department
from policies import numbers
from policies.models import Citation, PolicyPage

from .conftest import h, p

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "regulations"

BRACKETS = ["〔〕", "[]", "［］", "()", "（）", "﹝﹞", "【】"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def corpus_texts():
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real regulations is not at {CORPUS}")
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.md"))}


# --- What the corpus holds ---------------------------------------------------------

ORDER_IN_TEXT = re.compile(r"((?:中华人民共和国)?[\u4e00-\u9fa5]{2,12}?)令第([0-9]+)号")


def test_every_order_number_in_the_corpus_is_recognised():
    """Each 「…令第N号」 of the real regulations (found here with a plain
    regular expression) is read as that order, with or without 中华人民共和国."""
    found = 0
    for name, text in corpus_texts().items():
        mentions = {m.guessed_key for m in numbers.find_mentions(text)}
        for line in text.splitlines():
            for match in ORDER_IN_TEXT.finditer(line):
                issuer = match.group(1).removeprefix("中华人民共和国")
                # The issuer is what follows the date: "2019年4月3日 中华人民共和国国务院令第711号修订"
                issuer = re.split(r"[\s\d年月日]", issuer)[-1]
                key = f"{issuer}令第{match.group(2)}号"
                assert key in mentions, f"{name}: {match.group(0)} not read as {key} ({sorted(mentions)[:5]})"
                found += 1
    assert found >= 20  # the corpus has 27


def test_the_corpus_number_without_issuer_is_not_guessed():
    """ "《关于军队参加营区外义务植树的指示》(〔1982〕3号)" names no issuer:
    no key could find the document, so it is not read as one."""
    texts = corpus_texts()
    cited = [text for text in texts.values() if "(〔1982〕3号)" in text]
    assert cited, "the corpus changed: pick another number without an issuer"
    assert not [m for m in numbers.find_mentions(cited[0]) if m.year == "1982"]


def test_full_width_digits_of_the_corpus_are_read_as_numbers():
    texts = corpus_texts()
    assert any("２４小时" in text for text in texts.values())
    assert numbers.normalise("国发〔２０１９〕５号") == "国发〔2019〕5号"


# --- Every way of writing one number -------------------------------------------------

ISSUERS = ["国发", "国办发", "示府", "示政办", "鲁政发", "国办函", "财税", "SJYJ发"]


@st.composite
def written_numbers(draw):
    issuer = draw(st.sampled_from(ISSUERS))
    year = draw(st.integers(1980, 2030))
    serial = draw(st.integers(1, 9999))
    opening, closing = draw(st.sampled_from(BRACKETS))
    space = draw(st.sampled_from(["", " ", "\u3000"]))
    digits = (lambda s: s.translate(FULL_WIDTH)) if draw(st.booleans()) else str
    di = draw(st.sampled_from(["", "第"]))
    hao = draw(st.sampled_from(["号", "號"]))
    zeros = draw(st.sampled_from(["", "0", "00"]))
    text = f"{issuer}{space}{opening}{digits(str(year))}{closing}{space}{di}{digits(zeros + str(serial))}{space}{hao}"
    return text, f"{issuer}〔{year}〕{serial}号"


@given(written_numbers())
def test_any_way_of_writing_a_document_number_gives_one_key(case):
    text, key = case
    assert numbers.normalise(text) == key
    assert numbers.document_number_key(text) == key
    mentions = numbers.find_mentions(f"根据{text}的规定")
    assert [m.guessed_key for m in mentions] == [key]
    assert mentions[0].written() == text


@given(
    issuer=st.sampled_from(["国务院", "海关总署", "国家计划委员会", "财政部"]),
    serial=st.integers(1, 999),
    nation=st.booleans(),
    style=st.sampled_from(["{i}令第{n}号", "{i}令（第{n}号）", "{i}第{n}号令", "{i}令第{n}號", "{i}令 第 {n} 号"]),
)
def test_orders_with_or_without_the_states_name(issuer, serial, nation, style):
    text = style.format(i=("中华人民共和国" if nation else "") + issuer, n=serial)
    assert numbers.normalise(text) == f"{issuer}令第{serial}号"


@pytest.mark.parametrize(
    "written, key",
    [
        ("國辦發〔2013〕100號", "国办发〔2013〕100号"),
        ("國務院令第711號", "国务院令第711号"),
        ("国家税务总局公告2019年第1号", "国家税务总局公告2019年第1号"),
        ("国家税务总局公告２０１９年第１号", "国家税务总局公告2019年第1号"),
    ],
)
def test_traditional_issuers_and_announcements(written, key):
    assert numbers.normalise(written) == key


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("SZF-BGS/2026-00001", "SZF-BGS/2026-00001"),
        ("szf-bgs/2026-00001", "SZF-BGS/2026-00001"),
        ("ＳＺＦ－ＢＧＳ／２０２６－０００１２", "SZF-BGS/2026-00012"),
        (" SZF—BGS / 2026–00001 ", "SZF-BGS/2026-00001"),
        ("11440300007542123X/2024-00012", "11440300007542123X/2024-00012"),
    ],
)
def test_index_numbers_as_typed(typed, stored):
    assert numbers.looks_like_index_number(typed)
    assert numbers.normalise_index_number(typed) == stored


# --- Through the site ----------------------------------------------------------------


@pytest.fixture
def hyphen_department(locales):
    return Department.objects.create(name="示例市人民政府办公厅", code="SZF-BGS", locale=locales["zh"])


def exact_hits(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    return html, [chunk for chunk in html.split('<li class="result exact">')[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "国办发〔2013〕100号",
        "国办发﹝2013﹞100号",
        "国办发【2013】100号",
        "国办发〔２０１３〕１００号",
        "国办发〔2013〕第100号",
        "国办发 〔2013〕 100 號",
        "國辦發[2013]100號",
    ],
)
def test_the_search_page_finds_a_document_number_in_every_form(client, make_policy, query):
    policy = make_policy("关于做好政府信息公开工作的通知", document_number="国办发[2013]100号")
    html, exact = exact_hits(client, query)
    assert len(exact) == 1 and f'href="{policy.url}"' in exact[0], html[:3000]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["国务院令第711号", "中华人民共和国国务院令第711号", "国务院第711号令", "國務院令第711號"]
)
def test_the_search_page_finds_an_order_in_every_form(client, make_policy, query):
    # Written as the corpus writes it in the regulation's header.
    policy = make_policy("中华人民共和国政府信息公开条例", document_number="中华人民共和国国务院令第711号")
    _html, exact = exact_hits(client, query)
    assert len(exact) == 1 and f'href="{policy.url}"' in exact[0]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["{n}", "{n_lower}", "{n_full}", " {n} "])
def test_the_search_page_finds_an_index_number_with_a_hyphenated_department(
    client, make_policy, hyphen_department, typed
):
    policy = make_policy("办公厅通知", issuers=[hyphen_department])
    assert policy.index_number.startswith("SZF-BGS/")
    n = policy.index_number
    query = typed.format(n=n, n_lower=n.lower(), n_full=n.translate(FULL_WIDTH).replace("/", "／"))
    _html, exact = exact_hits(client, query)
    assert len(exact) == 1 and f'href="{policy.url}"' in exact[0]


@pytest.mark.django_db
def test_citations_in_every_form_link_to_the_cited_policy(client, make_policy):
    cited = make_policy("被引用的通知", document_number="示府〔2026〕12号")
    order = make_policy("中华人民共和国政府信息公开条例", document_number="中华人民共和国国务院令第711号")
    citing = make_policy(
        "引用文件",
        body=[
            h("一、依据"),
            p("根据示府﹝2026﹞第12号、《条例》（国务院第711号令）和示府【２０２６】１２號，制定本办法。"),
            p("2019年4月3日 中华人民共和国国务院令第711号修订。"),
        ],
    )
    html = client.get(citing.url).content.decode()
    for written, target in [
        ("示府﹝2026﹞第12号", cited),
        ("示府【２０２６】１２號", cited),
        ("国务院第711号令", order),
        ("中华人民共和国国务院令第711号", order),
    ]:
        assert f'<a class="citation" href="{target.url}">{written}</a>' in html, written
    assert citing in [page.specific for page in order.cited_by()]


@pytest.mark.django_db
def test_the_migration_recomputes_keys_and_rereads_citations(make_policy):
    cited = make_policy("被引用的通知", document_number="示府﹝2026﹞12号")
    citing = make_policy("引用文件", body=[p("依据示府﹝2026﹞12号执行。")])
    # As the previous grammar left them: ﹝﹞ was not a bracket.
    PolicyPage.objects.filter(pk=cited.pk).update(document_number_key="示府﹝2026﹞12号")
    Citation.objects.filter(source=citing).delete()

    migration = importlib.import_module("policies.migrations.0006_document_number_keys")
    migration.forwards(apps, None)

    assert PolicyPage.objects.get(pk=cited.pk).document_number_key == "示府〔2026〕12号"
    assert Citation.objects.filter(source=citing, number_key="示府〔2026〕12号").exists()
