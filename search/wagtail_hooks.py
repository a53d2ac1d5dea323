from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.contrib.search_promotions import views as promotion_views
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet

from cms.admin_access import CheckedSnippetViewSet

from .models import QueryLog, Synonym
from .roles import QUERY_REPORT_PERMISSION


class SynonymViewSet(CheckedSnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    add_to_admin_menu = False
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]


register_snippet(SynonymViewSet)


def can_view_query_report(user):
    return user.is_active and user.has_perm(QUERY_REPORT_PERMISSION)


def may_promote(user):
    return user.is_active and policy_registry.get_by_type(SearchPromotion).user_has_any_permission(
        user, ["add", "change", "delete"]
    )


class QueryReportView(WagtailAdminTemplateMixin, TemplateView):
    """Popular queries and queries that found nothing, over the last N days.
    What citizens typed may hold personal data: the view asks for its own
    permission (the menu item only hides the link)."""

    template_name = "search/admin/query_report.html"
    page_title = _("Search queries")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_query_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

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
            popular=logs.annotate(total=Sum("searches"), zero=Sum("zero_result_searches")).order_by("-total", "query")[
                :50
            ],
            zero=logs.annotate(zero=Sum("zero_result_searches"), total=Sum("searches"))
            .filter(zero__gt=0)
            .order_by("-zero", "query")[:50],
        )
        return context


def promotion_query_chooser(request, results=False):
    """Wagtail's query chooser of the promoted-results form lists stored
    queries to anyone in the admin: the same view, for those who may promote."""
    if not may_promote(request.user):
        raise PermissionDenied
    return promotion_views.chooser(request, get_results=results)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("search-queries/", QueryReportView.as_view(), name="search_query_report"),
        # The same paths as wagtail.contrib.search_promotions' chooser; this
        # app's hooks run first, so these patterns answer.
        path("searchpicks/queries/chooser/", promotion_query_chooser, name="search_promotion_query_chooser"),
        path(
            "searchpicks/queries/chooser/results/",
            promotion_query_chooser,
            {"results": True},
            name="search_promotion_query_chooser_results",
        ),
    ]


class QueryReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_query_report(request.user)


@hooks.register("register_reports_menu_item")
def register_query_report_menu_item():
    return QueryReportMenuItem(_("Search queries"), reverse("search_query_report"), icon_name="search", order=900)
