"""政府信息公开目录: the machine-readable disclosure catalogue.

Every live, public item of the sections registered with `catalogue=True`
(cms/sections.py) in the visitor's language, filterable by department, topic,
year and type, as an HTML page and as CSV and JSON downloads (same filters,
same rows)."""

import csv
import io
from collections import Counter

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from cms import sections
from cms.spreadsheet import safe_cell

FIELDS = [
    "index_number",
    "title",
    "type",
    "document_number",
    "departments",
    "department_codes",
    "topics",
    "topic_slugs",
    "published",
    "year",
    "url",
]


def _localized(obj, locale, memo):
    """`obj.localized` for the catalogue's locale, one query per distinct
    snippet rather than one (Locale.get_active) per row."""
    key = (type(obj), obj.pk)
    if key not in memo:
        memo[key] = obj if obj.locale_id == locale.pk else (obj.get_translation_or_none(locale) or obj)
    return memo[key]


def _related(obj, path):
    """The objects at the end of a field path (FKs and many-to-many), in order."""
    found = [obj]
    for name in path.split("__"):
        step = []
        for item in found:
            value = getattr(item, name, None)
            if value is None:
                continue
            step.extend(value.all() if hasattr(value, "all") else [value])
        found = step
    return found


def _departments(section, page, locale, memo):
    if not (section.department_path and section.catalogue_departments):
        return []
    localized = []
    for dept in _related(page, section.department_path):
        dept = _localized(dept, locale, memo)
        if dept not in localized:
            localized.append(dept)
    return localized


def _topics(section, page, locale, memo):
    found = list(page.topics.all())
    if not found and section.group_under:  # an interpretation without topics: its policy's
        parent = getattr(page, section.group_under, None)
        found = list(parent.topics.all()) if parent is not None else []
    return [_localized(topic, locale, memo) for topic in found]


def _publication_date(section, page):
    """The date the item was made public: the document's own publication date
    where it has one (imported documents), else when the page went live."""
    for name in (section.published_field, "first_published_at"):
        value = getattr(page, name, None)
        if value is None:
            continue
        if hasattr(value, "hour"):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return value.date()
        return value
    return None


def entries(request, locale=None):
    locale = locale or Locale.get_active()
    rows = []
    memo = {}
    for section in sections.catalogue():
        pages = section.model.objects.live().public().filter(locale=locale).order_by("-first_published_at")
        related = ["topics"]
        if section.department_path and section.catalogue_departments:
            related.append(section.department_path)
        if section.group_under:
            related.append(f"{section.group_under}__topics")
        pages = pages.prefetch_related(*related)
        for page in pages:
            published = _publication_date(section, page)
            departments = _departments(section, page, locale, memo)
            topics = _topics(section, page, locale, memo)
            rows.append(
                {
                    "index_number": getattr(page, "index_number", "") or "",
                    "title": page.title,
                    "type": str(section.label),
                    "type_key": section.key,
                    "document_number": getattr(page, "document_number", "") or "",
                    "departments": [d.name for d in departments],
                    "department_codes": [d.code for d in departments],
                    "topics": [t.name for t in topics],
                    "topic_slugs": [t.slug for t in topics],
                    "published": published.isoformat() if published else "",
                    "year": published.year if published else None,
                    "url": page.get_full_url(request),
                }
            )
    rows.sort(key=lambda row: row["published"], reverse=True)
    return rows


def _filtered(request):
    rows = entries(request)
    chosen = {key: request.GET.get(key, "").strip() for key in ("department", "topic", "year", "type")}
    if chosen["department"]:
        rows = [r for r in rows if chosen["department"] in r["department_codes"]]
    if chosen["topic"]:
        rows = [r for r in rows if chosen["topic"] in r["topic_slugs"]]
    if chosen["year"]:
        rows = [r for r in rows if str(r["year"]) == chosen["year"]]
    if chosen["type"]:
        rows = [r for r in rows if r["type_key"] == chosen["type"]]
    return rows, chosen


def _facets(rows):
    departments, topics, years, types = Counter(), Counter(), Counter(), Counter()
    for row in rows:
        departments.update(zip(row["department_codes"], row["departments"], strict=True))
        topics.update(zip(row["topic_slugs"], row["topics"], strict=True))
        if row["year"]:
            years[row["year"]] += 1
        types[(row["type_key"], row["type"])] += 1
    return {
        "departments": sorted(((code, name, n) for (code, name), n in departments.items()), key=lambda x: x[1]),
        "topics": sorted(((slug, name, n) for (slug, name), n in topics.items()), key=lambda x: x[1]),
        "years": sorted(years.items(), reverse=True),
        "types": [(key, name, n) for (key, name), n in types.items()],
    }


def catalogue(request):
    all_rows = entries(request)
    rows, chosen = _filtered(request)
    query = request.GET.urlencode()
    return render(
        request,
        "cms/catalogue.html",
        {"rows": rows, "chosen": chosen, "facets": _facets(all_rows), "query": query, "total": len(all_rows)},
    )


def _export_rows(rows):
    for row in rows:
        yield {
            **{key: row[key] for key in FIELDS},
            "departments": "; ".join(row["departments"]),
            "department_codes": "; ".join(row["department_codes"]),
            "topics": "; ".join(row["topics"]),
            "topic_slugs": "; ".join(row["topic_slugs"]),
        }


def catalogue_csv(request):
    rows, _chosen = _filtered(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    for row in _export_rows(rows):
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="disclosure-catalogue.csv"'
    return response


def catalogue_json(request):
    rows, chosen = _filtered(request)
    data = {
        "title": _("Government information disclosure catalogue"),
        "language": Locale.get_active().language_code,
        "generated_at": timezone.now().isoformat(),
        "filters": {k: v for k, v in chosen.items() if v},
        "fields": FIELDS,
        "count": len(rows),
        "items": [{key: row[key] for key in FIELDS} for row in rows],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'inline; filename="disclosure-catalogue.json"'
    return response


def robots_txt(request):
    from django.urls import reverse

    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /elder-mode/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
