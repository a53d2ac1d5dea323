from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.admin_access import CheckedSnippetViewSet

from . import admin_urls
from .access import is_handler, visible_cases
from .models import Case, Category, DepartmentHandler, HolidaySchedule, Supervision


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("cases/", include((admin_urls, "cases_admin"), namespace="cases_admin"))]


class CasesMenuItem(MenuItem):
    def is_shown(self, request):
        return is_handler(request.user)


@hooks.register("register_admin_menu_item")
def register_cases_menu_item():
    return CasesMenuItem(_("Letters and requests"), reverse("cases_admin:index"), icon_name="mail", order=250)


class CategoryViewSet(CheckedSnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["name", "name_en", "term_days", "active"]


class HolidayScheduleViewSet(CheckedSnippetViewSet):
    model = HolidaySchedule
    icon = "date"
    list_display = ["year", "updated_at"]


class DepartmentHandlerViewSet(CheckedSnippetViewSet):
    model = DepartmentHandler
    icon = "user"
    list_display = ["user", "department"]
    list_filter = ["department"]


class CaseSettingsGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, HolidayScheduleViewSet, DepartmentHandlerViewSet)
    menu_label = _("Case settings")
    menu_icon = "cogs"
    menu_order = 260


register_snippet(CaseSettingsGroup)


class CasesPanel(Component):
    """Dashboard alerts: missing holiday schedules, supervision, overdue."""

    name = "cases"
    order = 90

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        from django.utils import timezone

        from .services import missing_schedule_years

        user = self.request.user
        missing = missing_schedule_years() if (user.is_superuser or user.has_perm("cases.add_holidayschedule")) else []
        context = {"missing_years": missing}
        if is_handler(user):
            mine = visible_cases(user, Case.objects.open())
            context["supervised"] = mine.filter(supervision=Supervision.OPEN).count()
            context["overdue"] = mine.filter(deadline__lt=timezone.localdate()).count()
            context["handler"] = True
        if not missing and not context.get("handler"):
            return ""
        return render_to_string("cases/admin/dashboard_panel.html", context, request=self.request)


@hooks.register("construct_homepage_panels")
def add_cases_panel(request, panels):
    panels.insert(0, CasesPanel(request))
