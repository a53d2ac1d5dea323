"""Document numbers (文号) and index numbers (索引号) typed as a query.

People copy 文号 from paper, Word and other sites with every bracket style
(国办发〔2013〕100号, [2013], (2013), （）, ［］, ﹝﹞, 【】), full-width digits,
第 before the serial, 號, orders (国务院令第711号, 国务院第711号令) and
index numbers with hyphens in the department code (SZF-BGS/2026-00001).
A query that *is* one goes straight to that document. The grammar is the one
the app storing the numbers uses (the policies app registers policies.numbers
with `register_grammar()` from its AppConfig.ready()), so a query finds what
the page stores. Without a grammar no query is a document number."""

_grammar = None


def register_grammar(grammar):
    """`grammar` has document_number_key(text), looks_like_index_number(text)
    and normalise_index_number(text)."""
    global _grammar
    _grammar = grammar


def parse_document_number(query):
    """The canonical key (国办发〔2013〕100号) of a query that is a 文号, else None."""
    return _grammar.document_number_key(query) if _grammar else None


def looks_like_index_number(query):
    return bool(_grammar) and _grammar.looks_like_index_number(query)


def find_documents(queryset, query):
    """Pages of `queryset` (with `document_number_key` and `index_number`)
    whose 文号 or 索引号 is the query."""
    key = parse_document_number(query)
    if key:
        return queryset.filter(document_number_key=key)
    if looks_like_index_number(query):
        return queryset.filter(index_number__iexact=_grammar.normalise_index_number(query))
    return queryset.none()
