from datetime import timedelta

from django.db.models import Sum
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import QueryLog, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    add_to_admin_menu = False
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]


register_snippet(SynonymViewSet)


class QueryReportView(WagtailAdminTemplateMixin, TemplateView):
    """Popular queries and queries that found nothing, over the last N days."""

    template_name = "search/admin/query_report.html"
    page_title = _("Search queries")
    header_icon = "search"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = max(1, min(365, int(self.request.GET.get("days", 30))))
        except ValueError:
            days = 30
        since = timezone.localdate() - timedelta(days=days)
        logs = QueryLog.objects.filter(day__gt=since).values("query")
        context.update(
            days=days,
            popular=logs.annotate(total=Sum("searches"), zero=Sum("zero_result_searches")).order_by("-total", "query")[:50],
            zero=logs.annotate(zero=Sum("zero_result_searches"), total=Sum("searches"))
            .filter(zero__gt=0)
            .order_by("-zero", "query")[:50],
        )
        return context


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("search-queries/", QueryReportView.as_view(), name="search_query_report")]


@hooks.register("register_reports_menu_item")
def register_query_report_menu_item():
    return AdminOnlyMenuItem(
        _("Search queries"), reverse("search_query_report"), icon_name="search", order=900
    )
