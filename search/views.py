from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from . import service


def _locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


@require_GET
def search(request):
    outcome = service.run(request.GET, _locale())
    if outcome.query and not outcome.too_long and not outcome.failed and outcome.page_number == 1 and not outcome.filters:
        service.log_query(outcome.query, outcome.total, get_language())
    status = 503 if outcome.failed else 200
    return TemplateResponse(request, "search/search.html", {"outcome": outcome, "search_query": outcome.query}, status=status)


@require_GET
def suggest(request):
    suggestions = service.suggest(request.GET.get("q", ""), _locale())
    response = JsonResponse({"suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response
