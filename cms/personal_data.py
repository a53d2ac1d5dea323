"""Personal data in citizen text: found the way people type it, masked, and
shown to the moderator where it was found.

One module for every public copy of citizen text (comments, interview
questions, letters and their answers, and whatever reads those copies:
pages, search snippets, feeds, the API, exports). It knows nothing of the
apps that use it: callers pass the names to reduce and the strings a
moderator masked by hand.

* `find(text, names=(), extra=())` -> [Span]: what to mask, as offsets into
  `text` itself (not into a normalised copy), merged and in order.
* `mask(text, ...)` -> the public copy.
* `highlight(text, spans)` -> escaped HTML of the original with each span in
  <mark> and a label for screen readers.

Detection runs on a normalised copy (`normalise`): NFKC per character
(full-width digits, letters, ＠ and punctuation become ASCII), any decimal
digit becomes 0-9, zero-width and other format characters are dropped, every
space becomes " ". Each normalised character keeps the index of the original
character it came from, so spans map back exactly.

What is found:

* ID-card numbers (GB 11643, `stdnum.cn.ric` checksum and birth date) in any
  spacing: groups of digits separated by spaces, dashes, dots or brackets,
  glued to letters or Chinese, with x/X. Numbers that fail the checksum are
  left alone (budgets, document numbers).
* Mobile numbers (1[3-9] + 9 digits, with or without +86/0086/86), landline
  numbers with their area code (validated by libphonenumber), anything
  `phonenumbers.PhoneNumberMatcher` finds, and short local numbers after a
  label (电话, 座机, Tel…).
* E-mail addresses: ＠ or @ (or "(at)", "[at]"), Unicode local parts,
  internationalised domains (例子.中国, bücher.de, punycode), 。 as a dot.
* QQ numbers and WeChat ids after their label (QQ, 扣扣, 微信, VX, wechat…).
* Postal addresses in free text: from the street, village or building on
  (路/街/巷/号, 小区/栋/单元/室, 村/组); what comes before, up to the
  district or county, stays readable: 示例市幸福区幸福路12号3栋 →
  示例市幸福区****.
* `names`: each name keeps its first character (张三丰 → 张**).
* `extra`: exact strings (compared after normalisation) masked wherever they
  occur.

A run of digits is only ever cut at its group boundaries: "13800138000
13912345678" is two phone numbers, a 20-digit reference is nothing.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum.cn import ric

MASK = "*"
ADDRESS_MASK = "****"

ID, PHONE, EMAIL, QQ, WECHAT, ADDRESS, NAME, MANUAL = (
    "id",
    "phone",
    "email",
    "qq",
    "wechat",
    "address",
    "name",
    "manual",
)
KIND_LABELS = {
    ID: _("ID number"),
    PHONE: _("phone number"),
    EMAIL: _("e-mail address"),
    QQ: _("QQ number"),
    WECHAT: _("WeChat ID"),
    ADDRESS: pgettext_lazy("personal data", "postal address"),
    NAME: pgettext_lazy("personal data", "name"),
    MANUAL: _("masked by a moderator"),
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kinds: tuple = field(default=())

    @property
    def kind(self):
        return self.kinds[0] if self.kinds else MANUAL

    def label(self):
        return ", ".join(str(KIND_LABELS.get(k, k)) for k in self.kinds)


# --- Normalisation -------------------------------------------------------------

# Characters that NFKC leaves alone and that need no other change: ASCII,
# CJK punctuation (、。〃…) and the unified ideographs. Everything else is
# looked at one character at a time.
# Common full-width punctuation (，：；！？) is kept as typed too: no detector
# reads it, and labels accept both colons.
_PLAIN = re.compile(r"[\t\n\r\x20-\x7e\u3001-\u3035\u4e00-\u9fff\uff01\uff0c\uff1a\uff1b\uff1f]+")
_SPACE = " "


def _normalise_char(ch):
    category = unicodedata.category(ch)
    if category == "Cf" or ch == "\u00ad":  # zero-width, bidi marks, soft hyphen
        return ""
    if ch.isspace():
        return _SPACE
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", ch)
    return _SPACE if folded.isspace() else folded


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: list  # origin[i]: index in the original of normalised character i
    length: int  # length of the original

    def original_span(self, start, end):
        """The original [start, end) of normalised [start, end)."""
        if start >= end:
            return start, start
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        # An original character that expanded (㈠ → (一)) is masked whole.
        return first, last


def normalise(text):
    out, origin = [], []
    position = 0
    for match in _PLAIN.finditer(text):
        for index in range(position, match.start()):
            piece = _normalise_char(text[index])
            out.append(piece)
            origin.extend([index] * len(piece))
        out.append(match.group())
        origin.extend(range(match.start(), match.end()))
        position = match.end()
    for index in range(position, len(text)):
        piece = _normalise_char(text[index])
        out.append(piece)
        origin.extend([index] * len(piece))
    return Normalised("".join(out), origin, len(text))


def fold(text):
    """Normalised and case-folded text (for comparisons such as manual masks)."""
    return normalise(text or "").text.casefold()


def digits_only(text):
    """The digits (and X) of `text` after normalisation, e.g. for tests and
    for comparing a number however it was spaced."""
    return "".join(ch for ch in normalise(text).text.upper() if ch.isdigit() or ch == "X")


# --- Numbers: ID cards and phones ------------------------------------------------

# Digits in groups separated by up to three of: spaces, dashes, dots, brackets.
_SEPARATORS = " \\-\u2010-\u2015\u2212.()"
_RUN = re.compile(rf"[0-9]+(?:[{_SEPARATORS}]{{1,3}}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_SEPARATOR = re.compile(rf"[{_SEPARATORS}]")
_MOBILE = re.compile(r"(?:0086|86)?1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[1-9][0-9]{8,10}")
_INTERNATIONAL_LANDLINE = re.compile(r"(?:0086|86)[1-9][0-9]{8,10}")
_MAX_WINDOW_DIGITS = 20

_PHONE_LABEL = re.compile(
    r"(?:电话|手机|手机号|座机|固话|联系方式|联系电话|热线|tel|phone|mobile|call)(?:号码|号)?\s*(?:是|为)?\s*[:：]?\s*$",
    re.IGNORECASE,
)
_QQ_LABEL = re.compile(r"(?<![a-z])(?:qq|扣扣|企鹅)(?:号码|号)?\s*(?:是|为)?\s*[:：]?\s*$", re.IGNORECASE)
_LABEL_LOOKBACK = 16


def _valid_id(digits):
    try:
        return ric.is_valid(digits)
    except Exception:
        return False


def _is_phone(digits, plus):
    if _MOBILE.fullmatch(digits):
        return True
    candidates = []
    if _LANDLINE.fullmatch(digits):
        candidates.append(digits)
    if _INTERNATIONAL_LANDLINE.fullmatch(digits) or (plus and digits.startswith("86")):
        candidates.append("+" + digits.removeprefix("00"))
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, "CN")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def _number_spans(norm):
    text = norm.text
    spans = []
    for run in _RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group()) for m in _GROUP.finditer(run.group())]
        end = run.end()
        # The check character X may follow the digits after the same
        # separators the digits are grouped by ("… 053 - X").
        tail_x = None
        after = end
        while after < len(text) and after - end < 3 and _SEPARATOR.fullmatch(text[after]):
            after += 1
        if after < len(text) and text[after] in "Xx":
            tail_x = after + 1
        plus = run.start() > 0 and text[run.start() - 1] == "+"
        found_in_run = False
        i = 0
        while i < len(groups):
            matched = None
            digits = ""
            windows = []
            for j in range(i, len(groups)):
                if j - 1 > i and len(groups[j - 1][2]) < 2:
                    break  # "1 3 5 7 9 …" is a list of numbers, not one number
                digits += groups[j][2]
                if len(digits) > _MAX_WINDOW_DIGITS:
                    break
                windows.append((j, digits))
            for j, digits in reversed(windows):  # the longest window first
                start, stop = groups[i][0], groups[j][1]
                last_group = j == len(groups) - 1
                if len(digits) == 17 and last_group and tail_x and _valid_id(digits + "X"):
                    matched = (start, tail_x, ID, j)
                elif len(digits) == 18 and _valid_id(digits):
                    matched = (start, stop, ID, j)
                elif _is_phone(digits, plus and i == 0):
                    matched = (start - 1 if plus and i == 0 else start, stop, PHONE, j)
                if matched:
                    break
            if matched:
                spans.append(Span(matched[0], matched[1], (matched[2],)))
                found_in_run = True
                i = matched[3] + 1
            else:
                i += 1
        if not found_in_run:
            before = text[max(0, run.start() - _LABEL_LOOKBACK) : run.start()]
            count = sum(len(g[2]) for g in groups)
            if 5 <= count <= 12 and _QQ_LABEL.search(before):
                spans.append(Span(run.start(), run.end(), (QQ,)))
            elif 7 <= count <= 12 and _PHONE_LABEL.search(before):
                spans.append(Span(run.start(), run.end(), (PHONE,)))
    return spans


_LONG_NUMBER = re.compile(r"[0-9](?:[^0-9\n]{0,3}[0-9]){6}")


def _matcher_spans(norm, found):
    """libphonenumber's own matcher, for layouts the runs above do not read.
    It costs about 0.2 ms per number it parses: it only sees what is left
    once the spans already found are blanked out, and only runs when some
    seven digits are still close together."""
    chars = list(norm.text)
    for span in found:
        chars[span.start : span.end] = " " * (span.end - span.start)
    rest = "".join(chars)
    if not _LONG_NUMBER.search(rest):
        return []
    return [Span(m.start, m.end, (PHONE,)) for m in phonenumbers.PhoneNumberMatcher(rest, "CN")]


# --- E-mail addresses ----------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LETTERS = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_LABEL = rf"[0-9{_LETTERS}{_CJK}](?:[0-9{_LETTERS}{_CJK}\-]{{0,62}})"
_DOT = r"(?:\.|。|\s?[\(\[]dot[\)\]]\s?)"
# Chinese top-level domains people use; Latin, Greek and Cyrillic ones by letters.
_CJK_TLDS = "中国|中國|公司|网络|網絡|网址|网店|在线|商城|商店|商标|集团|我爱你|手机|政务|公益|移动|游戏|企业|娱乐|购物|信息|广东|香港|台湾|台灣|澳门|新加坡|佛山|时尚|微博|中文网|联通"
_TLD = rf"(?:xn--[a-z0-9\-]{{2,59}}|[{_LETTERS}]{{2,24}}(?![0-9{_LETTERS}\-])|(?:{_CJK_TLDS}))"
_DOMAIN = re.compile(rf"(?:{_LABEL}{_DOT})+{_TLD}", re.IGNORECASE)
_BARE_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62})(?![A-Za-z0-9\-])")
_AT = re.compile(r"\s?(?:@|[\(\[\{<]\s?at\s?[\)\]\}>])\s?|#", re.IGNORECASE)
_LOCAL_ASCII = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-'!$&*=?^`{|}~")
_LOCAL_STOP = re.compile(r".*(?:邮箱|信箱|邮件|电邮|地址|是|为|到|至|发|给|:|：)")
_MAX_CJK_LOCAL = 8


def _is_cjk(ch):
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _local_start(text, at):
    """Where the local part ending at `at` starts, or None."""
    i = at
    if i > 0 and _is_cjk(text[i - 1]):
        # Chinese characters, and the dots or underscores between them (李.四@…).
        while i > 0 and at - i < _MAX_CJK_LOCAL:
            if _is_cjk(text[i - 1]) or (text[i - 1] in "._-" and i >= 2 and _is_cjk(text[i - 2])):
                i -= 1
            else:
                break
        stop = _LOCAL_STOP.match(text, i, at)
        if stop:
            i = stop.end()
        return i if i < at else None
    while i > 0 and (text[i - 1] in _LOCAL_ASCII or (text[i - 1].isalnum() and not _is_cjk(text[i - 1]))):
        i -= 1
    while i < at and text[i] in ".-'":
        i += 1
    return i if i < at else None


def _email_spans(norm):
    text = norm.text
    spans = []
    for at in _AT.finditer(text):
        start = _local_start(text, at.start())
        if start is None:
            continue
        domain = _DOMAIN.match(text, at.end())
        if domain is None and at.group() != "#" and text[start] in _LOCAL_ASCII:
            domain = _BARE_DOMAIN.match(text, at.end())  # zhang@example: no TLD typed
        if domain is None:
            continue
        if at.group() == "#" and not re.search(r"\.(?:com|cn|net|org)$", domain.group(), re.IGNORECASE):
            continue  # a hashtag, not "#" written for "@"
        spans.append(Span(start, domain.end(), (EMAIL,)))
    return spans


# --- QQ and WeChat ids after their label ---------------------------------------------

_WECHAT = re.compile(
    r"(?<![a-z])(?:微信|威信|薇信|v信|vx|wx|wechat|weixin)(?:号码|号|id)?\s*(?:是|为)?\s*[:：]?\s*"
    r"([A-Za-z][A-Za-z0-9_\-]{5,19}(?![A-Za-z0-9_\-])|[0-9][0-9 \-]{3,18}[0-9])",
    re.IGNORECASE,
)


_WXID = re.compile(r"(?<![A-Za-z0-9_])wxid_[A-Za-z0-9_\-]{4,30}", re.IGNORECASE)


def _labelled_spans(norm):
    spans = [Span(m.start(1), m.end(1), (WECHAT,)) for m in _WECHAT.finditer(norm.text)]
    return spans + [Span(m.start(), m.end(), (WECHAT,)) for m in _WXID.finditer(norm.text)]


# --- Postal addresses ------------------------------------------------------------------

_HAN = "\u4e00-\u9fff"
_NUM = r"(?:[0-9]+|[一二三四五六七八九十百零〇两]+)"
_ROAD = r"(?:大街|大道|胡同|路|街|巷|弄)"
_PLACE = r"(?:小区|花园|公寓|大厦|大楼|广场|新村|家园|苑|社区|村)"
_UNIT = r"(?:号楼|号院|栋|幢|座|单元|楼|层|室|户|号|组)"
_TAIL = (
    rf"(?:[\s\-]?(?:[{_HAN}A-Za-z0-9]{{0,10}}?(?:[A-Za-z]?[0-9]+[A-Za-z]?{_UNIT}|[一二三四五六七八九十]+(?:号楼|栋|幢|单元|室)|[A-Za-z]座)"
    r"|[0-9]+(?![0-9])))*"
)
_ADDRESS = re.compile(
    "(?:"
    + "|".join(
        [
            # 幸福路12号(3栋2单元501室)
            rf"[{_HAN}A-Za-z0-9]{{1,8}}?{_ROAD}{_NUM}(?:号|弄|巷)(?![线文令])",
            # 阳光小区5栋(2单元301)
            rf"[{_HAN}A-Za-z0-9]{{1,8}}?{_PLACE}[A-Za-z]?[0-9]+[A-Za-z]?{_UNIT}",
            # 5栋2单元301室 on its own
            r"[0-9]+(?:号楼|栋|幢)[0-9]+(?:单元|层|楼|室|号)",
        ]
    )
    + ")"
    + _TAIL
)
# What stays readable in front of the street: everything up to the last
# district (or higher) name, or up to the last word that cannot be part of a
# street name.
_DISTRICT_END = re.compile(r".*(?:省|自治区|市|自治州|州|盟|地区|区|县|旗)")
# 和 is left out: it starts place names (和平路, 和平镇).
_NOT_A_NAME = re.compile(r".*(?:住在|住址|地址|家住|位于|在|是|为|于|的|与|及|到|从|近|旁|对面|门口)")


def _address_spans(norm):
    text = norm.text
    spans = []
    for match in _ADDRESS.finditer(text):
        start, end = match.start(), match.end()
        head = re.search(rf"{_ROAD}|{_PLACE}|{_NUM}", text[start:end])
        name_end = start + (head.start() if head else 0)
        # Up to the district stays readable; below it (town, village,
        # street) is masked. Without a district, the street's name starts
        # after the last word that cannot be part of it (住在, 是…).
        cut = _DISTRICT_END.match(text, start, name_end) or _NOT_A_NAME.match(text, start, name_end)
        if cut:
            start = max(start, cut.end())
        if start < end:
            spans.append(Span(start, end, (ADDRESS,)))
    return spans


# --- Names and manual masks ----------------------------------------------------------


def _occurrences(haystack, needle):
    if not needle:
        return
    index = haystack.find(needle)
    while index >= 0:
        yield index
        index = haystack.find(needle, index + len(needle))


def _string_spans(norm, strings, kind, keep_first=False):
    spans = []
    folded = norm.text.casefold()
    # casefold can change lengths (ß → ss): only compare where it did not.
    same_length = len(folded) == len(norm.text)
    haystack = folded if same_length else norm.text
    for value in strings:
        needle = normalise(value or "").text.strip()
        if same_length:
            needle = needle.casefold()
        if len(needle) < (2 if keep_first else 1):
            continue
        for index in _occurrences(haystack, needle):
            spans.append(Span(index + (1 if keep_first else 0), index + len(needle), (kind,)))
    return spans


# --- Putting it together ---------------------------------------------------------------


def _merge(spans):
    merged = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start >= span.end:
            continue
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            kinds = last.kinds + tuple(k for k in span.kinds if k not in last.kinds)
            merged[-1] = Span(last.start, max(last.end, span.end), kinds)
        else:
            merged.append(span)
    return merged


def find(text, names=(), extra=()):
    """The spans of `text` to mask, in original offsets, merged and sorted."""
    if not text:
        return []
    norm = normalise(text)
    found = _number_spans(norm)
    found += _matcher_spans(norm, found)
    found += (
        _email_spans(norm)
        + _labelled_spans(norm)
        + _address_spans(norm)
        + _string_spans(norm, names, NAME, keep_first=True)
        + _string_spans(norm, extra, MANUAL)
    )
    spans = []
    for span in _merge(found):
        start, end = norm.original_span(span.start, span.end)
        spans.append(Span(start, end, span.kinds))
    # Mapping back can make neighbours touch (an expanded character).
    return _merge(spans)


def _replacement(text, span):
    if ADDRESS in span.kinds:
        return ADDRESS_MASK
    return MASK * (span.end - span.start)


def apply(text, spans):
    """`text` with each span replaced by its mask."""
    pieces, last = [], 0
    for span in spans:
        pieces.append(text[last : span.start])
        pieces.append(_replacement(text, span))
        last = span.end
    pieces.append(text[last:])
    return "".join(pieces)


def mask(text, names=(), extra=()):
    """The public copy of `text`: every span `find` reports masked."""
    if not text:
        return text or ""
    return apply(text, find(text, names=names, extra=extra))


def highlight(text, spans=None, names=(), extra=()):
    """Escaped HTML of the original `text` with each masked span in <mark>,
    labelled for screen readers; line breaks as <br>."""
    text = text or ""
    if spans is None:
        spans = find(text, names=names, extra=extra)
    pieces, last = [], 0
    for span in spans:
        pieces.append(escape(text[last : span.start]))
        label = escape(_("Masked on the public site (%(kind)s):") % {"kind": span.label()})
        kinds = escape(" ".join(span.kinds))
        pieces.append(
            f'<mark class="gk-masked" data-kinds="{kinds}">'
            f'<span class="w-sr-only">{label} </span>{escape(text[span.start : span.end])}</mark>'
        )
        last = span.end
    pieces.append(escape(text[last:]))
    html = "".join(pieces).replace("\r\n", "\n").replace("\n", "<br>\n")
    return mark_safe(html)  # noqa: S308 - every piece of text went through escape()
