"""Public content that is not a Wagtail page, searched in the database.

Published answers to letters (interactions.cases): only the masked public
copies (`public_subject`, `public_body`, `public_reply`) of cases the citizen
agreed to publish are searched — never the original text, so nobody finds a
letter by a phone or ID number. Each source returns `ExternalItem`s; apps
may add sources with `register()`."""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

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


def _word_filter(query, fields):
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


def letter_answers(query, locale):
    try:
        case_model = apps.get_model("cases", "Case")
    except LookupError:
        return []
    fields = ["public_subject", "public_body", "public_reply"]
    names = {f.name for f in case_model._meta.get_fields()}
    if not set(fields) <= names or not hasattr(case_model.objects, "published"):
        return []
    condition = _word_filter(query, fields)
    if condition is None:
        return []
    items = []
    cases = case_model.objects.published().filter(condition).select_related("department").order_by("-replied_at")
    for case in cases[:MAX_ITEMS]:
        try:
            url = reverse("cases:answer", args=[case.pk])
        except NoReverseMatch:
            return []
        items.append(
            ExternalItem(
                key=f"letter:{case.pk}",
                type_key="letter",
                title=case.public_subject,
                text=" ".join(filter(None, [case.public_body, case.public_reply])),
                url=url,
                department_code=case.department.code if case.department_id else None,
                date=case.replied_at,
            )
        )
    return items


register(Source("letter", _("Letter answer"), letter_answers))
