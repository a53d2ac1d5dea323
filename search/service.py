"""The public search: one query across every registered content type,
live, public and in the visitor's language, with 文号 shortcuts, promoted
results, facets, highlighted snippets and interpretations grouped under
their policy. Engine-neutral: the engine returns ranked page ids, the rest
is computed from the database, so every backend behaves the same."""

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelsearch.index import RelatedFields, SearchField
from wagtail.models import Page

from cms import personal_data

from . import docnumbers, registry, sources, synonyms
from .queries import MAX_QUERY_CHARS
from .segment import query_words

logger = logging.getLogger(__name__)

MAX_HITS = 1000  # ranked ids fetched from the engine; facets count within them
PER_PAGE = 10
SNIPPET_CHARS = 140
FACETS = ["type", "department", "topic", "year", "validity"]
FACET_LABELS = {
    "type": _("Content type"),
    "department": _("Department"),
    "topic": _("Topic"),
    "year": _("Year"),
    "validity": _("Validity"),
}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    values: list


@dataclass
class Hit:
    page: Page | None  # None for content that is not a page (letter answers)
    type: object  # registry.SearchType or sources.Source: has .key and .label
    title_html: str
    snippet_html: str
    departments: list
    date: object
    url: str = ""
    exact: bool = False
    grouped: list = field(default_factory=list)


@dataclass
class Outcome:
    query: str = ""
    message: str = ""
    empty: bool = False
    too_long: bool = False
    failed: bool = False
    total: int = 0
    capped: bool = False
    page_number: int = 1
    page_count: int = 0
    hits: list = field(default_factory=list)
    promoted: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    previous_url: str = ""
    next_url: str = ""


def normalise_query(q):
    # NUL cannot be stored or compared in PostgreSQL text: drop it.
    return " ".join((q or "").replace("\x00", " ").split())


def public_pages(locale):
    return Page.objects.live().public().filter(locale=locale)


def _type_by_content_type():
    mapping = {}
    for search_type in registry.types():
        mapping[ContentType.objects.get_for_model(search_type.get_model()).pk] = search_type
    return mapping


def _url(params, **changes):
    merged = {k: v for k, v in params.items() if v}
    for key, value in changes.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = value
    ordered = [(key, merged[key]) for key in ["q", *FACETS, "page"] if key in merged]
    return "?" + urlencode(ordered)


# --- attributes for facets ------------------------------------------------------


def _year(value):
    if value is None:
        return None
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return str(value.year)


def collect_attributes(ids):
    """{page id: {"type", "department" (set of codes), "topic" (set of slugs),
    "year", "validity", "date"}} for the given live page ids."""
    types_by_ct = _type_by_content_type()
    by_type = defaultdict(list)
    for pk, ct in Page.objects.filter(pk__in=ids).values_list("pk", "content_type_id"):
        if ct in types_by_ct:
            by_type[types_by_ct[ct]].append(pk)
    attributes = {}
    for search_type, type_ids in by_type.items():
        model = search_type.get_model()
        rows = model.objects.filter(pk__in=type_ids)
        date_paths = search_type.date_paths
        validity = search_type.validity_path
        values = ["pk", *date_paths] + ([validity] if validity else [])
        for row in rows.values_list(*values):
            dates = [d for d in row[1 : 1 + len(date_paths)] if d]
            attributes[row[0]] = {
                "type": {search_type.key},
                "department": set(),
                "department_codes": [],  # the same, in the order the page lists them
                "topic": set(),
                "date": dates[0] if dates else None,
                "year": {_year(dates[0])} if dates else set(),
                "validity": {row[-1]} if validity and row[-1] else set(),
            }
        if search_type.department_path:
            for pk, code in rows.values_list("pk", f"{search_type.department_path}__code"):
                if code and pk in attributes and code not in attributes[pk]["department"]:
                    attributes[pk]["department"].add(code)
                    attributes[pk]["department_codes"].append(code)
        if search_type.has_path("topics"):
            for pk, slug in rows.values_list("pk", "topics__slug"):
                if slug and pk in attributes:
                    attributes[pk]["topic"].add(slug)
    return attributes


def _matches(attrs, filters, skip=None):
    return all(value in attrs[name] for name, value in filters.items() if name != skip)


def _facet_labels(name, values, locale):
    if name == "type":
        kinds = {v: registry.get(v) or sources.get(v) for v in values}
        return {v: str(kind.label) for v, kind in kinds.items() if kind}
    if name == "department":
        from cms.models import Department

        labels = {}
        for dept in Department.objects.filter(code__in=values).order_by(F("locale").asc()):
            if dept.code not in labels or dept.locale_id == locale.pk:
                labels[dept.code] = dept.short_name or dept.name
        return labels
    if name == "topic":
        from cms.models import Topic

        labels = {}
        for topic in Topic.objects.filter(slug__in=values):
            if topic.slug not in labels or topic.locale_id == locale.pk:
                labels[topic.slug] = topic.name
        return labels
    if name == "validity":
        policy = registry.get("policy")
        if policy and policy.validity_path:
            choices = dict(policy.get_model()._meta.get_field(policy.validity_path).choices or [])
            return {v: str(choices.get(v, v)) for v in values}
    return {v: v for v in values}


def build_facets(ids, attributes, filters, params, locale):
    facets = []
    for name in FACETS:
        counts = defaultdict(int)
        for pk in ids:
            if pk in attributes and _matches(attributes[pk], filters, skip=name):
                for value in attributes[pk][name]:
                    counts[value] += 1
        if filters.get(name) and filters[name] not in counts:
            counts[filters[name]] = 0
        if not counts:
            continue
        labels = _facet_labels(name, list(counts), locale)
        if name == "year":
            ordered = sorted(counts, reverse=True)
        else:
            ordered = sorted(counts, key=lambda v: (-counts[v], labels.get(v, v)))
        values = [
            FacetValue(
                value=v,
                label=labels.get(v, v),
                count=counts[v],
                selected=filters.get(name) == v,
                url=_url(params, **{name: None if filters.get(name) == v else v, "page": None}),
            )
            for v in ordered
        ]
        facets.append(Facet(name, str(FACET_LABELS[name]), values))
    return facets


# --- snippets -------------------------------------------------------------------


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _flatten(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _flatten(v)]
    return [str(value)]


def page_text(page):
    """The searchable text of a page other than its title, as plain text."""
    parts = []
    for search_field in page.get_search_fields():
        if isinstance(search_field, SearchField) and search_field.field_name != "title":
            try:
                parts.extend(_flatten(search_field.get_value(page)))
            except Exception:  # a field another app is still changing
                logger.debug("Cannot read %s of %r", search_field.field_name, page, exc_info=True)
        elif isinstance(search_field, RelatedFields):
            related = getattr(page, search_field.field_name, None)
            for obj in related.all() if hasattr(related, "all") else []:
                for sub in search_field.fields:
                    if isinstance(sub, SearchField):
                        parts.extend(_flatten(getattr(obj, sub.field_name, "")))
    return " ".join(" ".join(strip_tags(p).split()) for p in parts if p)


def highlight_terms(query):
    terms = set(query_words(query))
    found, _rest = synonyms.find(query)
    for group in found:
        for term in group:
            terms.add(term)
            terms.update(query_words(term))
    if docnumbers.parse_document_number(query):
        terms.add(query.strip())
    return sorted((t for t in terms if t), key=len, reverse=True)


def _mark(text, terms):
    """Escape `text` and wrap each term in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def snippet(text, terms, width=SNIPPET_CHARS):
    """A window of `text` around the first matched term, highlighted."""
    if not text:
        return ""
    lowered = text.lower()
    positions = [lowered.find(t.lower()) for t in terms]
    positions = [p for p in positions if p >= 0]
    start = max(0, min(positions) - width // 4) if positions else 0
    excerpt = text[start : start + width]
    html = _mark(excerpt, terms)
    if start > 0:
        html = "…" + html
    if start + width < len(text):
        html += "…"
    return mark_safe(html)  # noqa: S308 - every piece went through escape()


# --- the search -----------------------------------------------------------------


def _department_names(codes, locale):
    """{code: name in `locale`} for the given department codes, in one query."""
    from cms.models import Department

    names = {}
    for dept in Department.objects.filter(code__in=set(codes)):
        if dept.code not in names or dept.locale_id == locale.pk:
            names[dept.code] = dept.short_name or dept.name
    return names


def _latest_grouped(search_types, parent_ids, locale, per_parent=5):
    """{parent id: [live public pages of the grouped `search_types` under it]}, newest first, at
    most `per_parent` each: one query per grouped type for the whole page of
    results (interpretations of the policies listed)."""
    grouped = defaultdict(list)
    if not parent_ids:
        return grouped
    for search_type in search_types:
        field = f"{search_type.group_under}_id"
        pages = (
            search_type.get_model()
            .objects.live()
            .public()
            .filter(locale=locale, **{f"{field}__in": parent_ids})
            .order_by("-first_published_at", "pk")
        )
        for page in pages:
            siblings = grouped[getattr(page, field)]
            if len(siblings) < per_parent:
                siblings.append((search_type, page))
    return grouped


def _engine_ids(queryset, query):
    results = queryset.search(query, operator="and")
    ranked_pks = getattr(results, "ranked_pks", None)  # the database backend: ids without objects
    if ranked_pks is not None:
        return ranked_pks(MAX_HITS)
    return [page.pk for page in results[:MAX_HITS]]


def promoted_pages(query, locale):
    try:
        from wagtail.contrib.search_promotions.models import SearchPromotion
    except ImportError:  # pragma: no cover - app not installed
        return []
    promotions = (
        SearchPromotion.objects.filter(query__query_string=_promotion_key(query))
        .select_related("page")
        .order_by("sort_order")
    )
    pages = public_pages(locale)
    ids = [p.page_id for p in promotions if p.page_id]
    live = {p.pk: p for p in pages.filter(pk__in=ids).specific()}
    return [live[i] for i in ids if i in live]


def _promotion_key(query):
    # wagtail.contrib.search_promotions stores queries lower-cased and
    # stripped of punctuation (Query.get → normalise_query_string).
    from wagtail.search.utils import normalise_query_string

    return normalise_query_string(query)


def too_long(length):
    return Outcome(
        too_long=True,
        message=_(
            "Your search is %(length)s characters long. Please shorten it to at most %(max)s characters, "
            "for example a few key words or a document number."
        )
        % {"length": length, "max": MAX_QUERY_CHARS},
    )


def run(params, locale):
    """Search with the request's GET parameters (q, type, department, topic,
    year, validity, page) in `locale`."""
    query = normalise_query(params.get("q", ""))
    outcome = Outcome(query=query)
    outcome.filters = {name: params.get(name) for name in FACETS if params.get(name)}
    if not query:
        outcome.empty = True
        return outcome
    if len(query) > MAX_QUERY_CHARS:
        return too_long(len(query))

    search_types = registry.types()
    models = [t.get_model() for t in search_types]
    pages = public_pages(locale)

    exact_ids = []
    policy = registry.get("policy")
    if policy:
        live_policies = policy.get_model().objects.live().public().filter(locale=locale)
        exact_ids = list(docnumbers.find_documents(live_policies, query).values_list("pk", flat=True))

    try:
        engine_ids = _engine_ids(pages.type(*models), query)
    except Exception:
        logger.exception("Search engine failed for %r", query)
        outcome.failed = True
        outcome.message = _("Search is temporarily unavailable. Please try again in a few minutes.")
        engine_ids = []
    ids = exact_ids + [pk for pk in engine_ids if pk not in exact_ids]
    outcome.capped = len(engine_ids) >= MAX_HITS

    attributes = collect_attributes(ids)
    ids = [pk for pk in ids if pk in attributes]
    externals = {}
    for source in sources.sources():
        try:
            items = source.search(query, locale)
        except Exception:
            logger.exception("Search source %s failed for %r", source.key, query)
            items = []
        for item in items:
            externals[item.key] = item
            ids.append(item.key)
            attributes[item.key] = {
                "type": {item.type_key},
                "department": {item.department_code} if item.department_code else set(),
                "topic": set(),
                "date": item.date,
                "year": {_year(item.date)} if item.date else set(),
                "validity": set(),
            }
    filters = {name: value for name, value in outcome.filters.items()}
    matching = [pk for pk in ids if _matches(attributes[pk], filters)]
    outcome.total = len(matching)
    outcome.facets = build_facets(ids, attributes, filters, params, locale)

    # Interpretations of a policy that is itself a result are shown under it.
    types_by_ct = _type_by_content_type()
    group_parent = {}
    grouped_types = [t for t in search_types if t.group_under]
    if grouped_types:
        matching_set = set(matching)
        page_ids_matching = [pk for pk in matching if pk not in externals]
        for t in grouped_types:
            for pk, parent in (
                t.get_model().objects.filter(pk__in=page_ids_matching).values_list("pk", f"{t.group_under}_id")
            ):
                if parent in matching_set:
                    group_parent[pk] = parent
    listed = [pk for pk in matching if pk not in group_parent]

    try:
        page_number = max(1, int(params.get("page") or 1))
    except ValueError:
        page_number = 1
    outcome.page_count = max(1, -(-len(listed) // PER_PAGE))
    page_number = min(page_number, outcome.page_count)
    outcome.page_number = page_number
    page_ids = listed[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]
    if page_number > 1:
        outcome.previous_url = _url(params, page=str(page_number - 1))
    if page_number < outcome.page_count:
        outcome.next_url = _url(params, page=str(page_number + 1))

    terms = highlight_terms(query)
    children = defaultdict(list)
    for child, parent in group_parent.items():
        if parent in page_ids:
            children[parent].append(child)
    needed = {pk for pk in page_ids if pk not in externals} | {c for cs in children.values() for c in cs}
    specific = {p.pk: p for p in Page.objects.filter(pk__in=needed).specific()}
    department_names = _department_names(
        [code for pk in needed for code in attributes[pk]["department_codes"]]
        + [externals[pk].department_code for pk in page_ids if pk in externals and externals[pk].department_code],
        locale,
    )
    # Results without their grouped pages among the matches show the latest few instead.
    latest_grouped = _latest_grouped(
        grouped_types, [pk for pk in page_ids if pk in specific and not children.get(pk)], locale
    )

    def make_external_hit(item):
        return Hit(
            page=None,
            type=sources.get(item.type_key),
            title_html=_mark(item.title, terms),
            snippet_html=snippet(item.text, terms),
            departments=[department_names[item.department_code]] if item.department_code in department_names else [],
            date=item.date,
            url=item.url,
        )

    def make_hit(pk):
        page = specific[pk]
        search_type = types_by_ct.get(page.content_type_id) or registry.for_model(type(page))
        text = " ".join(filter(None, [getattr(page, "summary", ""), page_text(page)]))
        return Hit(
            page=page,
            type=search_type,
            title_html=_mark(page.title, terms),
            snippet_html=snippet(text, terms),
            departments=[department_names[c] for c in attributes[pk]["department_codes"] if c in department_names],
            date=attributes[pk]["date"],
            url=page.get_url(),
            exact=pk in exact_ids,
        )

    for pk in page_ids:
        if pk in externals:
            outcome.hits.append(make_external_hit(externals[pk]))
            continue
        if pk not in specific:
            continue
        hit = make_hit(pk)
        hit.grouped = [make_hit(c) for c in children.get(pk, []) if c in specific]
        if not hit.grouped:
            hit.grouped = [
                Hit(
                    page=p,
                    type=kind,
                    title_html=escape(p.title),
                    snippet_html="",
                    departments=[],
                    date=p.first_published_at,
                    url=p.get_url(),
                )
                for kind, p in latest_grouped.get(pk, [])
            ]
        outcome.hits.append(hit)

    if page_number == 1 and not filters:
        outcome.promoted = promoted_pages(query, locale)
    return outcome


def suggest(query, locale, limit=8):
    """Titles for autocomplete: [{"title", "url", "type"}]."""
    query = normalise_query(query)
    if not query or len(query) > 60:
        return []
    models = [t.get_model() for t in registry.types()]
    pages = public_pages(locale).type(*models)
    try:
        found = list(pages.autocomplete(query)[:limit])
    except Exception:
        logger.exception("Autocomplete failed for %r", query)
        found = []
    if not found:
        found = list(pages.filter(title__icontains=query).order_by("-first_published_at")[:limit])
    types_by_ct = _type_by_content_type()
    return [
        {
            "title": page.title,
            "url": page.get_url(),
            "type": str(types_by_ct[page.content_type_id].label) if page.content_type_id in types_by_ct else "",
        }
        for page in found
    ]


def log_query(query, result_count, language):
    """Count the query for the popular / zero-result report."""
    from .models import QueryLog

    # Visitors search for their own letters by phone or ID number: the
    # staff report keeps the query with its personal data masked.
    query = personal_data.mask(normalise_query(query)).lower()[:200]
    if not query:
        return
    today = timezone.localdate()
    log, _created = QueryLog.objects.get_or_create(query=query, day=today, language=language or "")
    QueryLog.objects.filter(pk=log.pk).update(
        searches=F("searches") + 1,
        zero_result_searches=F("zero_result_searches") + (0 if result_count else 1),
        last_result_count=result_count,
    )
