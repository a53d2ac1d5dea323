"""Document numbers (文号): recognise them in text and normalise them for lookup.

Editors and source documents write the year brackets in many ways —
〔2013〕, [2013], ［2013］, (2013), （2013） — so lookups use a key with one
bracket style and no spaces, while the page keeps the number as written.

In running text the issuer abbreviation runs straight into the words before
it ("贯彻国办发〔2016〕8号"), so a citation offers every suffix of those
characters as a candidate and the repository decides which one is real."""

import re

OPEN = "〔[［(（【"
CLOSE = "〕]］)）】"

NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fa5A-Za-z]{1,16})\s*[" + re.escape(OPEN) + r"]\s*(?P<year>(?:19|20)\d{2})\s*["
    + re.escape(CLOSE)
    + r"]\s*(?P<serial>\d{1,5})\s*号"
)
# Words that end the running text before an issuer abbreviation.
LEAD_WORDS = ("根据", "按照", "依据", "依照", "参照", "贯彻", "落实", "执行", "印发", "转发", "详见", "见", "和", "及", "与")
MAX_PREFIX = 8


def make_key(prefix, year, serial):
    return f"{prefix}〔{year}〕{int(serial)}号"


def guess_prefix(prefix):
    """The most likely issuer abbreviation at the end of `prefix`."""
    cut = 0
    for word in LEAD_WORDS:
        at = prefix.rfind(word)
        if at >= 0 and at + len(word) < len(prefix):
            cut = max(cut, at + len(word))
    prefix = prefix[cut:]
    return prefix[-MAX_PREFIX:]


def normalise(number):
    """The lookup key of a document number as an editor typed it, or "" when
    it is blank. A value that is not a recognisable number keeps its text."""
    number = (number or "").strip()
    if not number:
        return ""
    match = NUMBER_RE.fullmatch(number) or NUMBER_RE.search(number)
    if not match:
        return re.sub(r"\s+", "", number)[:80]
    return make_key(re.sub(r"\s+", "", match.group("prefix")), match.group("year"), match.group("serial"))


class Mention:
    """A document number found in text, with its candidate keys (longest prefix first)."""

    def __init__(self, match, text):
        self.year = match.group("year")
        self.serial = match.group("serial")
        self.prefix = match.group("prefix")
        self.end = match.end()
        self.match_start = match.start()
        self.text = text

    def candidates(self):
        tail = self.prefix[-MAX_PREFIX:]
        return [make_key(tail[i:], self.year, self.serial) for i in range(len(tail))]

    @property
    def guessed_key(self):
        return make_key(guess_prefix(self.prefix), self.year, self.serial)

    def span_for(self, key):
        """(start, end) in the text of the mention read as `key`."""
        prefix_len = len(key.split("〔", 1)[0])
        prefix_end = self.match_start + len(self.prefix)
        return prefix_end - prefix_len, self.end

    def written(self, key=None):
        start, end = self.span_for(key or self.guessed_key)
        return self.text[start:end]


def find_mentions(text):
    return [Mention(match, text) for match in NUMBER_RE.finditer(text or "")]
