from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.admin_access import CheckedSnippetViewSet

from . import admin_views
from .departments import can_open_dashboard
from .models import DepartmentMembership, OpinionAlert, Survey

admin_urls = (
    [
        path("supervision/", admin_views.supervision, name="supervision"),
        path("alerts/", admin_views.alerts, name="alerts"),
        path("alerts/<int:pk>/", admin_views.alert, name="alert"),
        path("alerts/run/", admin_views.run_now, name="run"),
    ],
    "accountability_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("accountability/", include(admin_urls))]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_open_dashboard(request.user)


class AlertsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_monitor(request.user)


@hooks.register("register_admin_menu_item")
def register_supervision_menu_item():
    return DashboardMenuItem(
        _("Supervision"), reverse("accountability_admin:supervision"), icon_name="table", order=270
    )


@hooks.register("register_admin_menu_item")
def register_alerts_menu_item():
    return AlertsMenuItem(_("Public opinion"), reverse("accountability_admin:alerts"), icon_name="warning", order=271)


class MembershipViewSet(CheckedSnippetViewSet):
    model = DepartmentMembership
    icon = "user"
    list_display = ["user", "department"]
    list_filter = ["department"]


class SurveyViewSet(CheckedSnippetViewSet):
    model = Survey
    icon = "form"
    list_display = ["title", "department", "service", "active"]
    list_filter = ["active", "department"]
    search_fields = ["title", "service"]


class AccountabilityGroup(SnippetViewSetGroup):
    items = (SurveyViewSet, MembershipViewSet)
    menu_label = _("Evaluation settings")
    menu_icon = "cogs"
    menu_order = 272


register_snippet(AccountabilityGroup)


class OpinionAlertsPanel(Component):
    """Open public-opinion alerts, oldest first, with their age."""

    name = "accountability_alerts"
    order = 90

    def __init__(self, alerts):
        self.alerts = alerts

    def render_html(self, parent_context=None):
        return render_to_string(
            "accountability/admin/dashboard_panel.html", {"alerts": self.alerts, "now": timezone.now()}
        )


@hooks.register("construct_homepage_panels")
def add_alerts_panel(request, panels):
    if not admin_views.can_monitor(request.user):
        return
    alerts = list(OpinionAlert.objects.filter(status=OpinionAlert.OPEN).order_by("created_at")[:10])
    if alerts:
        panels.append(OpinionAlertsPanel(alerts))
