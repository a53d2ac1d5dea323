"""Document numbers (文号) and index numbers (索引号): recognise them in text
and normalise them for lookup.

Editors, source documents and people typing a search write the same number in
many ways, so lookups use one key while the page keeps the number as written:

* the year bracket in every style in use — 〔2013〕, [2013], ［2013］, (2013),
  （2013）, ﹝2013﹞, 【2013】 — with or without spaces, and 第 before the serial
  (国发〔2019〕第5号): key ``国发〔2019〕5号``;
* orders without a year — 国务院令第711号, 中华人民共和国国务院令第711号,
  国务院第711号令: key ``国务院令第711号``;
* announcements — 国家税务总局公告2019年第1号: key
  ``国家税务总局公告2019年第1号``;
* full-width digits (２０１９) anywhere, 號 for 号, and an issuer written in
  traditional characters (國辦發) in every form: the key is in simplified
  characters with ASCII digits and no leading zeros.

In running text the issuer abbreviation runs straight into the words before
it ("贯彻国办发〔2016〕8号"), so a citation offers every suffix of those
characters as a candidate and the repository decides which one is real."""

import re
import unicodedata
from functools import lru_cache

OPEN = "〔[［(（【﹝"
CLOSE = "〕]］)）】﹞"
HAO = "号號"
_DIGIT = "[0-9０-９]"
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Issuers: Chinese characters (simplified and traditional share the block) and Latin letters.
_ISSUER = r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z]"
_YEAR = rf"(?:[1１][9９]|[2２][0０]){_DIGIT}{{2}}"
_SERIAL = rf"{_DIGIT}{{1,6}}"
_NATION = "中华人民共和国"

# One alternative per form, each with its own group names (issuer, year, serial).
NUMBER_RE = re.compile(
    # 国发〔2019〕5号, 国办发[2013]第100号
    rf"(?P<y_issuer>{_ISSUER}{{1,16}})\s*[{re.escape(OPEN)}]\s*(?P<y_year>{_YEAR})\s*[{re.escape(CLOSE)}]"
    rf"\s*第?\s*(?P<y_serial>{_SERIAL})\s*[{HAO}]"
    # 国家税务总局公告2019年第1号
    rf"|(?P<n_issuer>{_ISSUER}{{1,14}}?)公告\s*(?P<n_year>{_YEAR})\s*年\s*第\s*(?P<n_serial>{_SERIAL})\s*[{HAO}]"
    # 国务院令第711号, 国务院令（第711号）
    rf"|(?P<o_issuer>{_ISSUER}{{1,16}}?)令\s*[(（]?\s*第\s*(?P<o_serial>{_SERIAL})\s*[{HAO}]\s*[)）]?"
    # 国务院第711号令
    rf"|(?P<p_issuer>{_ISSUER}{{1,16}}?)第\s*(?P<p_serial>{_SERIAL})\s*[{HAO}]令"
)
# Words that end the running text before an issuer abbreviation.
LEAD_WORDS = (
    "根据",
    "按照",
    "依据",
    "依照",
    "参照",
    "贯彻",
    "落实",
    "执行",
    "印发",
    "转发",
    "详见",
    "见",
    "和",
    "及",
    "与",
)
# How many characters before a number an issuer may take: abbreviations are
# short (国办发), the issuers of orders and announcements are written in full
# (国家科学技术委员会令第2号).
MAX_PREFIX = 8
MAX_FULL_NAME = 16

# 索引号: an organisation code (letters, digits, hyphens), a slash or dash,
# year and serial: SJYJ/2024-00012, SZF-BGS/2026-00001, 11440300007542123X/2024-00012.
INDEX_NUMBER_RE = re.compile(r"^[0-9A-Z]+(?:-[0-9A-Z]+)*[/-]\d{4}[/-]\d{1,6}$")
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


@lru_cache(maxsize=1)
def _to_simplified():
    from opencc import OpenCC

    return OpenCC("t2s").convert


@lru_cache(maxsize=4096)
def simplified(text):
    """`text` in simplified characters (國辦發 → 国办发)."""
    if text.isascii():
        return text
    return _to_simplified()(text)


def _digits(text):
    return text.translate(_ASCII_DIGITS)


class Parts:
    """The form, issuer, year and serial of one match."""

    def __init__(self, match):
        for form in "ynop":
            if match.group(f"{form}_issuer") is not None:
                break
        self.form = form
        self.issuer_group = f"{form}_issuer"
        self.issuer = match.group(self.issuer_group)
        self.year = _digits(match.group(f"{form}_year")) if form in "yn" else ""
        self.serial = str(int(_digits(match.group(f"{form}_serial"))))

    def key(self, issuer):
        issuer = simplified(re.sub(r"\s+", "", issuer))
        # Cited with and without the state's name: 中华人民共和国国务院令第711号.
        if issuer.startswith(_NATION) and len(issuer) > len(_NATION):
            issuer = issuer[len(_NATION) :]
        if self.form == "y":
            return f"{issuer}〔{self.year}〕{self.serial}号"
        if self.form == "n":
            return f"{issuer}公告{self.year}年第{self.serial}号"
        return f"{issuer}令第{self.serial}号"


def make_key(prefix, year, serial):
    """The key of a number with a year bracket (国办发〔2013〕100号)."""
    return f"{simplified(prefix)}〔{_digits(year)}〕{int(_digits(serial))}号"


def guess_prefix(prefix, longest=MAX_PREFIX):
    """The most likely issuer abbreviation at the end of `prefix`."""
    cut = 0
    at = prefix.rfind(_NATION)  # 共和国 holds 和, which is no lead word here
    if at >= 0 and at + len(_NATION) < len(prefix):
        cut = at + len(_NATION)
    for word in LEAD_WORDS:
        at = prefix.rfind(word)
        if at >= cut and at + len(word) < len(prefix):
            cut = max(cut, at + len(word))
    prefix = prefix[cut:]
    return prefix[-longest:]


def document_number_key(text):
    """The key of `text` when all of it is one document number, else None."""
    match = NUMBER_RE.fullmatch((text or "").strip())
    if not match:
        return None
    parts = Parts(match)
    return parts.key(parts.issuer)


def search(text):
    """The Parts (form, issuer, year, serial) of the first number in `text`, or None."""
    match = NUMBER_RE.search(text or "")
    return Parts(match) if match else None


def normalise(number):
    """The lookup key of a document number as an editor typed it, or "" when
    it is blank. A value that is not a recognisable number keeps its text."""
    number = (number or "").strip()
    if not number:
        return ""
    match = NUMBER_RE.fullmatch(number) or NUMBER_RE.search(number)
    if not match:
        return re.sub(r"\s+", "", number)[:80]
    parts = Parts(match)
    return parts.key(parts.issuer)[:80]


def normalise_index_number(text):
    """An index number as typed (full-width, spaces, any dash, lower case) in
    the form the repository assigns: SZF-BGS/2026-00001."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _DASHES.sub("-", re.sub(r"\s+", "", text))
    return text.upper()


def looks_like_index_number(text):
    return bool(INDEX_NUMBER_RE.match(normalise_index_number(text)))


class Mention:
    """A document number found in text, with its candidate keys (longest issuer first)."""

    def __init__(self, match, text):
        self.parts = Parts(match)
        self.prefix = self.parts.issuer
        self.year = self.parts.year
        self.serial = self.parts.serial
        self.issuer_end = match.end(self.parts.issuer_group)
        self.end = match.end()
        self.match_start = match.start()
        self.text = text
        longest = MAX_PREFIX if self.parts.form == "y" else MAX_FULL_NAME
        tail = self.prefix[-longest:]
        # key → how many characters before the number its issuer takes
        self._lengths = {}
        for i in range(len(tail)):
            self._lengths.setdefault(self.parts.key(tail[i:]), len(tail) - i)
        self._candidates = list(self._lengths)
        guess = guess_prefix(self.prefix, longest)
        self.guessed_key = self.parts.key(guess)
        self._lengths.setdefault(self.guessed_key, len(guess))

    def candidates(self, min_issuer=1):
        """Every reading of the characters before the number, longest first."""
        return [key for key in self._candidates if self._lengths[key] >= min_issuer]

    def span_for(self, key):
        """(start, end) in the text of the mention read as `key`."""
        return self.issuer_end - self._lengths[key], self.end

    def written(self, key=None):
        start, end = self.span_for(key or self.guessed_key)
        return self.text[start:end]


def find_mentions(text):
    return [Mention(match, text) for match in NUMBER_RE.finditer(text or "")]
