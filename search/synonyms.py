"""Editor-managed synonyms (医保 ⇄ 医疗保险), applied by query expansion.

Each `Synonym` row is one group of interchangeable terms. A query that
contains one of them also matches documents containing any other. On
Elasticsearch/OpenSearch the same groups feed the index's synonym filter
(see search.engines); expansion at query time keeps them effective there
too between reindexes."""

import re

from django.core.cache import cache

CACHE_KEY = "search:synonym-groups"
SPLIT_RE = re.compile(r"\s*(?:[,，、;；\n]|<=>|⇄|=)\s*")


def parse_terms(text):
    terms = []
    for term in SPLIT_RE.split(text or ""):
        term = term.strip()
        if term and term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms


def groups():
    """All synonym groups, each a list of at least two terms (cached)."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    from .models import Synonym

    found = [terms for terms in (parse_terms(s.terms) for s in Synonym.objects.all()) if len(terms) > 1]
    cache.set(CACHE_KEY, found, 300)
    return found


def clear_cache(**kwargs):
    cache.delete(CACHE_KEY)


def find(text):
    """Split `text` into the synonym groups it mentions and the rest.

    Returns (groups, rest): each group lists the term found first, then its
    synonyms; `rest` is the text with those terms cut out. Longest terms win,
    so 医疗保险 is not also read as 医疗."""
    all_groups = groups()
    if not all_groups or not text:
        return [], text
    by_term = []
    for group in all_groups:
        for term in group:
            by_term.append((term, group))
    by_term.sort(key=lambda item: len(item[0]), reverse=True)
    found, rest, lowered = [], text, text.lower()
    for term, group in by_term:
        at = lowered.find(term.lower())
        if at < 0:
            continue
        rest = rest[:at] + " " + rest[at + len(term) :]
        lowered = rest.lower()
        found.append([term] + [t for t in group if t != term])
    return found, rest


def solr_rules():
    """The groups in the Solr format that Elasticsearch's synonym filter reads."""
    return [", ".join(group) for group in groups()]
