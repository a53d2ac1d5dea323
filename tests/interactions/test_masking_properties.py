"""Personal data is masked however it is typed (issue 20, defect 2).

Hypothesis writes each kind of personal data the ways people type it:
spaces, dashes, dots and full-width separators inside digit runs, full-width
digits and letters, zero-width characters, glued to letters or Chinese, a
full-width ＠, non-ASCII local parts, internationalised domains, labelled
QQ/WeChat ids, postal addresses in free text. Each test asserts the exact
public copy: the personal data replaced, everything around it as typed.
The regression corpus (tests/security/personal_data_corpus.json) holds real
spellings; ordinary numbers (articles, budgets, dates, hotlines) stay.

Through `interactions.screening.mask_personal_data`, the name every public
copy of a comment went through before the shared module existed, so these
tests ran on the old code too (they failed there: see the commit)."""

import datetime

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from interactions.screening import mask_personal_data as mask
from tests.security.personal_data_corpus import ORDINARY, PERSONAL, leaked

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
REGIONS = ["110105", "110108", "110101", "310104", "440305", "510107"]
SEPARATORS = [" ", "-", "－", " - ", ".", "\u3000", "—", "\u200b"]
CONTEXT_BEFORE = ["", "身份证", "身份证号：", "证件号码 ", "abc", "我的号码是", "ID:"]
CONTEXT_AFTER = ["", "。", "，谢谢", "号", "def", " 已提交"]


def full_width(text, which):
    """Full-width forms of the characters at the positions `which` picks."""
    return (
        "".join(FULL_WIDTH.get(ch, ch) if pick else ch for ch, pick in zip(text, which, strict=False))
        + text[len(which) :]
    )


@st.composite
def id_numbers(draw):
    region = draw(st.sampled_from(REGIONS))
    birth = draw(st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2012, 12, 31)))
    serial = draw(st.integers(min_value=0, max_value=999))
    body = f"{region}{birth:%Y%m%d}{serial:03d}"
    number = body + ric.calc_check_digit(body + "0")
    assume(ric.is_valid(number))  # the county existed in the birth year (stdnum's table)
    if number.endswith("X") and draw(st.booleans()):
        number = number[:-1] + "x"
    return number


@st.composite
def spaced(draw, digits, groupings):
    """`digits` cut into one of `groupings` (group lengths), joined by separators."""
    sizes = draw(st.sampled_from(groupings))
    assert sum(sizes) == len(digits)
    groups, at = [], 0
    for size in sizes:
        groups.append(digits[at : at + size])
        at += size
    separator = draw(st.sampled_from(SEPARATORS))
    text = separator.join(groups)
    return full_width(text, draw(st.lists(st.booleans(), max_size=len(text))))


ID_GROUPINGS = [(18,), (6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2), (3, 3, 4, 4, 4), (6, 8, 3, 1), (2, 4, 8, 4)]


@PROPERTY
@given(number=id_numbers(), data=st.data())
@example(number="11010519491231002X", data=None)
def test_id_numbers_are_masked_in_every_spacing(number, data):
    if data is None:  # the explicit example: 110105 19491231 002X after a label
        typed, before, after = "110105 19491231 002X", "身份证号：", "。"
    else:
        typed = data.draw(spaced(number, ID_GROUPINGS))
        before, after = data.draw(st.sampled_from(CONTEXT_BEFORE)), data.draw(st.sampled_from(CONTEXT_AFTER))
    public = mask(before + typed + after)
    assert public == before + "*" * len(typed) + after
    assert not leaked(public, number)


@PROPERTY
@given(number=id_numbers())
def test_numbers_failing_the_checksum_are_left_alone(number):
    wrong = number[:-1] + ("0" if number[-1] in "Xx" else "X" if number[-1] == "9" else str(int(number[-1]) + 1))
    assert not ric.is_valid(wrong)
    text = f"预算编号 {wrong} 不是身份证号"
    assert mask(text) == text


@st.composite
def mobiles(draw):
    return "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))


MOBILE_GROUPINGS = [(11,), (3, 4, 4), (3, 8), (3, 3, 5)]
PHONE_BEFORE = ["", "手机", "电话：", "联系我", "abc", "Tel ", "或者打"]
PHONE_AFTER = ["", "。", "，谢谢", "def", " 联系"]


@PROPERTY
@given(number=mobiles(), data=st.data())
def test_mobile_numbers_are_masked_spaced_glued_and_full_width(number, data):
    typed = data.draw(spaced(number, MOBILE_GROUPINGS))
    prefix = data.draw(st.sampled_from(["", "+86 ", "+86-", "0086 ", "＋８６ "]))
    typed = prefix + typed
    before, after = data.draw(st.sampled_from(PHONE_BEFORE)), data.draw(st.sampled_from(PHONE_AFTER))
    public = mask(before + typed + after)
    assert public == before + "*" * len(typed) + after
    assert not leaked(public, number)


AREA_CODES = ["010", "020", "021", "0755", "0571", "028"]


@PROPERTY
@given(
    area=st.sampled_from(AREA_CODES),
    local=st.from_regex(r"[2-8][0-9]{7}", fullmatch=True),
    layout=st.sampled_from(["{a}-{l}", "{a} {l}", "{a}－{l}", "({a}){l}", "{a}{l}", "{a}-{l4}-{l8}", "+86-{a1}-{l}"]),
    before=st.sampled_from(["座机", "电话：", "办公电话 ", "固话"]),
)
def test_landline_numbers_with_their_area_code_are_masked(area, local, layout, before):
    typed = layout.format(a=area, l=local, l4=local[:4], l8=local[4:], a1=area[1:])
    public = mask(before + typed + "，工作日可打")
    assert not leaked(public, area[1:] + local)
    assert public.startswith(before) and public.endswith("，工作日可打")


LOCALS = st.one_of(
    st.from_regex(r"[a-z][a-z0-9]{1,10}(\.[a-z0-9]{1,6})?", fullmatch=True),
    st.sampled_from(["张三", "王小明", "müller", "чен", "李.四"]),
)
DOMAINS = st.sampled_from(
    ["example.com", "example.com.cn", "qq.com", "例子.中国", "bücher.de", "xn--fsqu00a.xn--fiqs8s", "пример.рф"]
)


@PROPERTY
@given(
    local=LOCALS,
    domain=DOMAINS,
    at=st.sampled_from(["@", "＠", " @ "]),
    widen=st.booleans(),
    before=st.sampled_from(["邮箱 ", "邮箱：", "mail me at ", "请回复到 ", "E-mail: "]),
)
def test_email_addresses_are_masked_in_every_form(local, domain, at, widen, before):
    typed = local + at + domain
    if widen:
        typed = full_width(typed, [True] * len(typed))
    public = mask(before + typed + " 谢谢")
    assert public == before + "*" * len(typed) + " 谢谢"
    assert not leaked(public, local + "@" + domain)


QQ_LABELS = ["QQ", "qq", "扣扣", "ＱＱ"]
WECHAT_LABELS = ["微信", "VX", "vx", "wechat", "WeChat", "威信", "wx"]
LABEL_GLUE = ["：", ":", " ", "是", "号是", "号：", "号码：", "号 ", "号为"]


@PROPERTY
@given(
    label=st.sampled_from(QQ_LABELS),
    glue=st.sampled_from(LABEL_GLUE),
    number=st.from_regex(r"[1-9][0-9]{4,10}", fullmatch=True),
    widen=st.booleans(),
)
def test_labelled_qq_numbers_are_masked(label, glue, number, widen):
    typed = full_width(number, [widen] * len(number))
    public = mask(f"加我{label}{glue}{typed}，晚上在线")
    assert public == f"加我{label}{glue}" + "*" * len(typed) + "，晚上在线"


@PROPERTY
@given(
    label=st.sampled_from(WECHAT_LABELS),
    glue=st.sampled_from(LABEL_GLUE),
    wechat_id=st.from_regex(r"[a-zA-Z][a-zA-Z0-9_\-]{5,18}[a-zA-Z0-9]", fullmatch=True),
)
def test_labelled_wechat_ids_are_masked(label, glue, wechat_id):
    public = mask(f"加我{label}{glue}{wechat_id}，晚上在线")
    assert public == f"加我{label}{glue}" + "*" * len(wechat_id) + "，晚上在线"


DISTRICTS = ["示例市幸福区", "广东省深圳市南山区", "示例县", "北京市朝阳区", "示例市和平区"]
STREET_NAMES = ["幸福", "人民", "解放", "中山", "建设", "和平", "科技园", "长江"]


@PROPERTY
@given(
    lead=st.sampled_from(["我家住在", "住址：", "地址是", "家住", ""]),
    district=st.sampled_from(DISTRICTS),
    street=st.sampled_from(STREET_NAMES),
    road=st.sampled_from(["路", "街", "大道", "大街"]),
    number=st.integers(min_value=1, max_value=999),
    unit=st.sampled_from(["", "3栋2单元501室", "5栋", "2单元301室", "-1-201"]),
)
def test_addresses_in_free_text_are_masked_to_the_district(lead, district, street, road, number, unit):
    address = f"{street}{road}{number}号{unit}"
    public = mask(f"{lead}{district}{address}，门口很吵")
    assert public == f"{lead}{district}****，门口很吵"


@pytest.mark.parametrize("entry", PERSONAL, ids=[f"{e['kind']}-{i}" for i, e in enumerate(PERSONAL)])
def test_regression_corpus_of_real_spellings(entry):
    public = mask(entry["text"])
    assert not leaked(public, entry["secret"]), public
    assert public == entry["masked"]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_left_alone(text):
    assert mask(text) == text
