"""Document numbers (文号) and index numbers (索引号) typed as a query.

People copy 文号 from paper, Word and other sites with every bracket style:
国办发〔2013〕100号, 国办发[2013]100号, 国办发(2013)100号, （）, ［］, 【】.
A query that *is* one goes straight to that document."""

import re

OPEN = "〔[［(（【"
CLOSE = "〕]］)）】"

DOCUMENT_NUMBER_RE = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fa5A-Za-z]{1,16})\s*[" + re.escape(OPEN) + r"]\s*(?P<year>(?:19|20)\d{2})\s*["
    + re.escape(CLOSE) + r"]\s*(?P<serial>\d{1,5})\s*号$"
)
# 索引号: an organisation code, a slash or dash, year and serial, e.g.
# 11440300007542123X/2024-00012 or SJYJ-2024-00012.
INDEX_NUMBER_RE = re.compile(r"^[0-9A-Za-z]{2,20}[/\-]\d{4}[/\-]\d{1,6}$")


def parse_document_number(query):
    """The canonical key (国办发〔2013〕100号) of a query that is a 文号, else None."""
    match = DOCUMENT_NUMBER_RE.match((query or "").strip())
    if not match:
        return None
    return f"{match.group('prefix')}〔{match.group('year')}〕{int(match.group('serial'))}号"


def bracket_variants(key):
    """Every way an editor may have typed the canonical key."""
    match = DOCUMENT_NUMBER_RE.match(key)
    if not match:
        return [key]
    prefix, year, serial = match.group("prefix"), match.group("year"), match.group("serial")
    variants = []
    for opening, closing in zip(OPEN, CLOSE, strict=True):
        for number in {serial, serial.zfill(2), serial.zfill(3)}:
            variants.append(f"{prefix}{opening}{year}{closing}{number}号")
    return variants


def looks_like_index_number(query):
    return bool(INDEX_NUMBER_RE.match((query or "").strip()))


def find_documents(queryset, query):
    """Pages of `queryset` (PolicyPage) whose 文号 or 索引号 is the query."""
    query = (query or "").strip()
    model = queryset.model
    field_names = {f.name for f in model._meta.get_fields()}
    key = parse_document_number(query)
    if key:
        if "document_number_key" in field_names:
            return queryset.filter(document_number_key=key)
        if "document_number" in field_names:
            return queryset.filter(document_number__in=bracket_variants(key))
    if "index_number" in field_names and looks_like_index_number(query):
        return queryset.filter(index_number__iexact=query)
    return queryset.none()
