"""Turn a search query into what our backends need: synonyms expanded
into OR groups, and, for the database backend, Chinese segmented into words."""

from modelsearch.query import MATCH_NONE, And, Boost, MatchAll, Not, Or, Phrase, PlainText

from . import synonyms
from .segment import segment_query

#: Longer queries are cut here: nobody types more, and an API caller sending
#: 100,000 characters must not cost a 100,000-term query.
MAX_QUERY_CHARS = 200


def _plain(text, operator, segment, boost=1.0):
    text = segment_query(text) if segment else " ".join(text.split())
    if not text:
        return None
    return PlainText(text, operator=operator, boost=boost)


def prepare(query, segment):
    """Return `query` with synonyms expanded and (when `segment`) Chinese cut
    into words. Never returns an empty PlainText: MATCH_NONE instead."""
    prepared = _prepare(query, segment)
    return MATCH_NONE if prepared is None else prepared


def _prepare(query, segment):
    if isinstance(query, PlainText):
        text = query.query_string[:MAX_QUERY_CHARS]
        operator = query.operator
        found, rest = synonyms.find(text)
        parts = []
        for group in found:
            alternatives = [q for q in (_plain(term, "and", segment) for term in group) if q]
            if alternatives:
                parts.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
        remainder = _plain(rest, operator, segment, boost=query.boost)
        if remainder:
            parts.append(remainder)
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return And(parts) if operator == "and" else Or(parts)
    if isinstance(query, Phrase):
        text = query.query_string[:MAX_QUERY_CHARS]
        text = segment_query(text) if segment else text.strip()
        return Phrase(text) if text else None
    if isinstance(query, (And, Or)):
        subqueries = [q for q in (_prepare(sub, segment) for sub in query.subqueries) if q is not None]
        if not subqueries:
            return None
        if isinstance(query, And) and len(subqueries) < len(query.subqueries):
            return None  # one part can match nothing, so the whole cannot
        return type(query)(subqueries)
    if isinstance(query, Not):
        inner = _prepare(query.subquery, segment)
        return Not(inner) if inner is not None else MatchAll()
    if isinstance(query, Boost):
        inner = _prepare(query.subquery, segment)
        return Boost(inner, query.boost) if inner is not None else None
    return query
