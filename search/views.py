import re

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from . import service

# A query string this long cannot hold a query we would run. Measure it
# without decoding: parsing ~1 MB of %-escapes takes seconds in Python.
MAX_QUERY_STRING = 4096
CONTINUATION_RE = re.compile(r"%[89ABab][0-9A-Fa-f]")


def decoded_length(encoded):
    """Characters in a URL-encoded UTF-8 value: every %XX is one byte, and
    continuation bytes (%80–%BF) do not start a character."""
    return len(encoded) - 2 * encoded.count("%") - len(CONTINUATION_RE.findall(encoded))


def _locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


@require_GET
def search(request):
    raw = request.META.get("QUERY_STRING", "")
    if len(raw) > MAX_QUERY_STRING:
        q = next((part[2:] for part in raw.split("&") if part.startswith("q=")), raw)
        outcome = service.too_long(decoded_length(q))
        return TemplateResponse(request, "search/search.html", {"outcome": outcome, "search_query": ""})
    outcome = service.run(request.GET, _locale())
    if (
        outcome.query
        and not outcome.too_long
        and not outcome.failed
        and outcome.page_number == 1
        and not outcome.filters
    ):
        service.log_query(outcome.query, outcome.total, get_language())
    status = 503 if outcome.failed else 200
    return TemplateResponse(
        request, "search/search.html", {"outcome": outcome, "search_query": outcome.query}, status=status
    )


@require_GET
def suggest(request):
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return JsonResponse({"suggestions": []})
    suggestions = service.suggest(request.GET.get("q", ""), _locale())
    response = JsonResponse({"suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response
