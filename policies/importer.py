"""Read a plain-text government document into the parts of a PolicyPage.

Copies from government websites are messy: paragraphs flattened into long
lines where runs of spaces (or full-width spaces) mark the lost line breaks,
headings inside those lines, and the notice of issue ("关于印发《…》的通知",
with its own salutation and signature) wrapped around the document itself.
`parse_document` undoes that; `create_policy` turns the result into a page."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.text import slugify

from . import numbers

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUM = "一二三四五六七八九十百零〇"

# Heading markers, most significant first.
CHAPTER_RE = re.compile(rf"^第[{CN_NUM}]+章\s*")
H1_RE = re.compile(rf"^[{CN_NUM}]{{1,3}}、")
H2_RE = re.compile(rf"^[（(]\s*[{CN_NUM}]{{1,3}}\s*[）)]")
H3_RE = re.compile(r"^\d{1,2}\s*[.．、](?!\d)")
ARTICLE_RE = re.compile(rf"^第[{CN_NUM}]+条")
MARKER = rf"(?:第[{CN_NUM}]+[章条]|[{CN_NUM}]{{1,3}}、|[（(][{CN_NUM}]{{1,3}}[）)]|\d{{1,2}}[.．](?!\d))"
# A heading (or article) that starts inside a long line after a sentence end.
INLINE_HEADING_RE = re.compile(rf"(?<=[。；！？;!?])\s*(?={MARKER})")
# Lost line breaks: two or more spaces, or any full-width space.
BREAK_RE = re.compile(r"[ \t]{2,}|[\u3000][\u3000 \t]*")

ARABIC_DATE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
CN_DATE_RE = re.compile(
    r"^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
SIGNATURE_TRAILER_RE = re.compile(r"^[（(](此件|本件|此文|联系人|抄送).*[）)]?$")
TITLE_ENDINGS = (
    "通知",
    "办法",
    "意见",
    "规定",
    "方案",
    "决定",
    "条例",
    "细则",
    "规划",
    "公告",
    "通告",
    "批复",
    "函",
    "报告",
    "纲要",
    "措施",
    "规则",
    "意见书",
    "指引",
    "标准",
    "计划",
    "要点",
    "）",
    ")",
)
WRAPPED_RE = re.compile(r"关于(?:印发|转发|发布)《?(?P<inner>.+?)》?的(?:通知|通告|公告)$")
NUMBER_LABEL_RE = re.compile(r"^(?:文号|发文字号|发文号)\s*[:：]\s*")

KIND_BY_TITLE = [
    ("办法", "measures"),
    ("细则", "measures"),
    ("方案", "plan"),
    ("规划", "plan"),
    ("计划", "plan"),
    ("意见", "opinion"),
    ("通知", "notice"),
    ("通告", "notice"),
    ("公告", "notice"),
]


class DocumentError(ValueError):
    """Input that cannot become a policy document; the message says why."""


@dataclass
class ParsedDocument:
    title: str
    document_number: str = ""
    written_on: datetime.date | None = None
    authorities: list = field(default_factory=list)
    blocks: list = field(default_factory=list)  # StreamField raw data
    summary: str = ""
    inner_title: str = ""
    kind: str = "normative"

    def headings(self):
        return [(b["value"]["level"], b["value"]["text"]) for b in self.blocks if b["type"] == "heading"]


def decode(raw):
    if not raw or not raw.strip():
        raise DocumentError("The file is empty.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"The file is not UTF-8 (byte {error.start} cannot be read). "
            "Convert it first, e.g. `iconv -f GB18030 -t UTF-8 in.txt > out.txt`."
        ) from error
    if not text.strip():
        raise DocumentError("The file is empty.")
    return text


def split_lines(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = []
    for line in text.split("\n"):
        for piece in BREAK_RE.split(line):
            for part in INLINE_HEADING_RE.split(piece.strip()):
                part = part.strip()
                if part:
                    lines.append(part)
    return lines


def parse_date(line):
    line = line.strip().replace(" ", "")
    match = ARABIC_DATE_RE.match(line)
    try:
        if match:
            return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = CN_DATE_RE.match(line)
        if match:
            year = int("".join(str(CN_DIGITS[c]) for c in match.group(1)))
            return datetime.date(year, cn_number(match.group(2)), cn_number(match.group(3)))
    except (ValueError, KeyError):
        return None
    return None


def cn_number(text):
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CN_DIGITS[text[1]]
    if text.endswith("十"):
        return CN_DIGITS[text[0]] * 10
    if "十" in text:
        tens, ones = text.split("十")
        return CN_DIGITS[tens] * 10 + CN_DIGITS[ones]
    return CN_DIGITS[text]


def is_number_line(line):
    line = NUMBER_LABEL_RE.sub("", line)
    return bool(numbers.NUMBER_RE.fullmatch(line.strip()))


def is_salutation(line):
    return line.endswith(("：", ":")) and len(line) <= 80 and not heading_level(line)


def heading_level(line):
    if CHAPTER_RE.match(line):
        return "h2"
    if H1_RE.match(line):
        return "h2"
    if H2_RE.match(line):
        return "h3"
    if H3_RE.match(line):
        return "h4"
    return None


def has_cjk(text):
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def heading_and_rest(line):
    """Split "（一）同步起草、同步审签。重大政策……" into heading and paragraph."""
    if len(line) <= 40 and "。" not in line.rstrip("。"):
        return line.rstrip("。"), ""
    for stop in ("。", "：", "；"):
        at = line.find(stop)
        if 0 < at <= 45:
            return line[:at], line[at + 1 :].strip()
    return None, line


def find_signature(lines):
    """(index of the first signature line, authorities, date) from the end."""
    end = len(lines)
    while end and SIGNATURE_TRAILER_RE.match(lines[end - 1]):
        end -= 1
    for at in range(end - 1, max(-1, end - 4), -1):
        date = parse_date(lines[at])
        if date:
            authorities = []
            start = at
            while start - 1 >= 0 and len(authorities) < 4:
                candidate = lines[start - 1]
                if len(candidate) > 40 or re.search(r"[。；，,：:]", candidate) or heading_level(candidate):
                    break
                authorities.insert(0, candidate)
                start -= 1
            return start, authorities, date, at
    return None


def read_title(lines):
    position = 0
    number = ""
    # Some copies put the document number above the title.
    while position < len(lines) and is_number_line(lines[position]):
        number = number or NUMBER_LABEL_RE.sub("", lines[position]).strip()
        position += 1
    if position >= len(lines):
        raise DocumentError("No title found: the file holds only a document number.")
    title = lines[position]
    if not has_cjk(title) or is_salutation(title) or heading_level(title) or parse_date(title) or len(title) > 200:
        raise DocumentError(
            f"No title found: the first line should be the document's title, but it reads “{title[:40]}”."
        )
    position += 1
    # Titles broken over two or three lines.
    while (
        position < len(lines)
        and not title.endswith(TITLE_ENDINGS)
        and len(title) + len(lines[position]) <= 120
        and not is_number_line(lines[position])
        and not is_salutation(lines[position])
        and not heading_level(lines[position])
        and "。" not in lines[position]
    ):
        title += lines[position]
        position += 1
    return title, number, position


def build_blocks(lines, *, shift=False):
    blocks = []
    for line in lines:
        level = heading_level(line)
        if level:
            heading, rest = heading_and_rest(line)
            if heading:
                if shift:
                    level = {"h2": "h3", "h3": "h4", "h4": "h4"}[level]
                blocks.append({"type": "heading", "value": {"text": heading[:200], "level": level, "anchor": ""}})
                if rest:
                    blocks.append(paragraph(rest))
                continue
        blocks.append(paragraph(line))
    return blocks


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{escape(text)}</p>"}


def signature_block(authorities, date_line):
    return {"type": "paragraph", "value": "<p>" + "<br/>".join(escape(x) for x in [*authorities, date_line]) + "</p>"}


def parse_document(raw):
    """ParsedDocument from the bytes of a text file; DocumentError on bad input."""
    lines = split_lines(decode(raw))
    if not lines:
        raise DocumentError("The file is empty.")
    title, number, position = read_title(lines)
    if not number and position < len(lines) and is_number_line(lines[position]):
        number = NUMBER_LABEL_RE.sub("", lines[position]).strip()
        position += 1
    rest = lines[position:]
    doc = ParsedDocument(title=title, document_number=number)

    wrapped = WRAPPED_RE.search(title)
    inner_at = None
    if wrapped:
        inner = wrapped.group("inner").strip("《》")
        doc.inner_title = inner
        key = re.sub(r"[《》\s]", "", inner)
        inner_at = next((i for i, line in enumerate(rest) if re.sub(r"[《》\s]", "", line) == key), None)

    if inner_at is not None:
        notice, document = rest[:inner_at], rest[inner_at + 1 :]
        signature = find_signature(notice)
        inner_signature = find_signature(document)
        blocks = []
        if signature:
            start, authorities, date, date_at = signature
            blocks += (
                build_blocks(notice[:start])
                + [signature_block(authorities, notice[date_at])]
                + build_blocks(notice[date_at + 1 :])
            )
        else:
            blocks += build_blocks(notice)
        blocks.append({"type": "heading", "value": {"text": doc.inner_title, "level": "h2", "anchor": "document"}})
        if inner_signature:
            start, inner_authorities, inner_date, date_at = inner_signature
            blocks += (
                build_blocks(document[:start], shift=True)
                + [signature_block(inner_authorities, document[date_at])]
                + build_blocks(document[date_at + 1 :])
            )
        else:
            blocks += build_blocks(document, shift=True)
        found = signature or inner_signature
        doc.blocks = blocks
    else:
        found = find_signature(rest)
        if found:
            start, authorities, date, date_at = found
            doc.blocks = (
                build_blocks(rest[:start])
                + [signature_block(authorities, rest[date_at])]
                + build_blocks(rest[date_at + 1 :])
            )
        else:
            doc.blocks = build_blocks(rest)
    if found:
        doc.authorities, doc.written_on = found[1], found[2]
    if not any(block["type"] == "paragraph" or block["type"] == "heading" for block in doc.blocks):
        raise DocumentError(f"“{title}” has a title but no text.")
    first_text = next(
        (line for line in rest if len(line) > 20 and not is_salutation(line) and not heading_level(line)), ""
    )
    doc.summary = first_text[:200]
    # A notice of issue takes the kind of the document it issues.
    kind_source = doc.inner_title or title
    doc.kind = next(
        (kind for word, kind in KIND_BY_TITLE if kind_source.endswith(word)),
        "notice" if doc.inner_title else "normative",
    )
    return doc


def match_departments(authorities, locale):
    from cms.models import Department

    found = []
    for name in authorities:
        name = name.strip()
        department = (
            Department.objects.filter(locale=locale).filter(name=name).first()
            or Department.objects.filter(locale=locale, short_name=name).first()
            or Department.objects.filter(name=name).first()
        )
        if department and department not in found:
            found.append(department)
    return found


def unique_slug(parent, doc):
    """An ASCII slug from the document number's year and serial (or the date
    written), unique among the parent's children."""
    number = numbers.search(doc.document_number)
    if number:
        base = f"doc-{number.year}-{number.serial}" if number.year else f"doc-{number.serial}"
    elif doc.written_on:
        base = f"doc-{doc.written_on:%Y%m%d}"
    else:
        base = slugify(doc.title) or "doc"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_policy(doc, parent, *, departments=(), publish=False, user=None):
    """Create (and optionally publish) the PolicyPage; the caller wraps this
    in a transaction so that a refused publication leaves nothing behind."""
    from .models import PolicyPage

    issuers = list(departments) or match_departments(doc.authorities, parent.locale)
    page = PolicyPage(
        title=doc.title[:255],
        slug=unique_slug(parent, doc),
        document_number=doc.document_number[:80],
        written_on=doc.written_on,
        kind=doc.kind,
        summary=doc.summary,
        body=doc.blocks,
        live=False,
        locale=parent.locale,
    )
    parent.add_child(instance=page)
    page.issuers.set(issuers)
    page.save()
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return PolicyPage.objects.get(pk=page.pk)
