"""Public content that is not a Wagtail page, searched in the database.

The app that owns such content registers a `Source` from its
AppConfig.ready() (the cases app registers its published letter answers in
interactions/cases/registrations.py). A source's `search(query, locale)`
returns `ExternalItem`s; `word_filter()` builds the usual all-words (or
synonyms) condition over the fields the source names."""

import logging
from dataclasses import dataclass

from django.db.models import Q

from . import synonyms
from .segment import query_words

logger = logging.getLogger(__name__)

MAX_ITEMS = 200


@dataclass
class ExternalItem:
    key: str  # unique across sources, e.g. "letter:12"
    type_key: str
    title: str
    text: str
    url: str
    department_code: str | None
    date: object


@dataclass(eq=False)
class Source:
    key: str
    label: str
    search: object  # callable(query, locale) -> [ExternalItem]


_sources = {}


def register(source):
    _sources[source.key] = source


def sources():
    return list(_sources.values())


def get(key):
    return _sources.get(key)


def word_filter(query, fields):
    """All query words (or one of their synonyms) in any of `fields`."""
    found, rest = synonyms.find(query)
    condition = Q()
    for group in found:
        alternatives = Q()
        for term in group:
            alternatives |= _all_words(term, fields)
        condition &= alternatives
    words = query_words(rest)
    if words:
        condition &= _all_words(rest, fields)
    return condition if (found or words) else None


def _all_words(text, fields):
    condition = Q()
    for word in query_words(text):
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition
