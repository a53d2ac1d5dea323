from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.admin_access import CheckedSnippetViewSet

from . import admin_masks, admin_views
from .models import RejectReason, SensitiveWord

admin_urls = (
    [
        path("", admin_views.queue, name="queue"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("attachment/<int:pk>/", admin_views.attachment, name="attachment"),
        path("export/<str:fmt>/", admin_views.export, name="export"),
        path("outcome/<int:page_id>/", admin_views.outcome, name="outcome"),
        path("mask/", admin_masks.add, name="mask_add"),
        path("mask/<int:pk>/remove/", admin_masks.remove, name="mask_remove"),
    ],
    "interactions_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("comments/", include(admin_urls))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("interactions.moderate_comment")


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModeratorMenuItem(
        _("Comment moderation"), reverse("interactions_admin:queue"), icon_name="comment", order=250
    )


class RejectReasonViewSet(CheckedSnippetViewSet):
    model = RejectReason
    icon = "cross"
    menu_label = _("Reject reasons")
    list_display = ["label", "active", "sort_order"]
    list_filter = ["active"]


class SensitiveWordViewSet(CheckedSnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = _("Sensitive words")
    list_display = ["word", "note", "active"]
    list_filter = ["active"]
    search_fields = ["word", "note"]


class ModerationSettingsGroup(SnippetViewSetGroup):
    items = (RejectReasonViewSet, SensitiveWordViewSet)
    menu_icon = "cog"
    menu_label = _("Moderation lists")
    menu_name = "moderation-lists"


register_snippet(ModerationSettingsGroup)
