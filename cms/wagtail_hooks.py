from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from . import publication_admin  # noqa: F401 - refusals and holds shown in the admin
from .admin_access import CheckedSnippetViewSet
from .assets import hooks as asset_hooks  # noqa: F401 - private files refused, public collections
from .models import Department, SiteIdentity, Topic
from .twofactor import hooks as twofactor_hooks  # noqa: F401 - 2FA views, reset screen, log actions
from .workflow import hooks as workflow_hooks  # noqa: F401 - registers the review workflow hooks


class DepartmentViewSet(CheckedSnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    list_display = ["name", "short_name", "code", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "code"]
    add_to_admin_menu = False


class TopicViewSet(CheckedSnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "slug"]


class SiteIdentityViewSet(CheckedSnippetViewSet):
    model = SiteIdentity
    icon = "site"
    list_display = ["site_name", "locale"]


register_snippet(DepartmentViewSet)
register_snippet(TopicViewSet)
register_snippet(SiteIdentityViewSet)


# --- Publish-to-channels (cms/channels.py) ------------------------------------
from cms.channels import Channel, ChannelDelivery  # noqa: E402


class ChannelViewSet(CheckedSnippetViewSet):
    model = Channel
    icon = "link-external"
    menu_label = _("Publication channels")
    list_display = ["name", "adapter", "url", "enabled"]
    list_filter = ["enabled", "adapter"]
    search_fields = ["name", "url"]


class ChannelDeliveryViewSet(CheckedSnippetViewSet):
    """The delivery log: every attempt, its outcome and the next retry."""

    model = ChannelDelivery
    icon = "history"
    menu_label = _("Channel deliveries")
    list_display = [
        "channel_name",
        "page",
        "attempt",
        "status",
        "http_status",
        "error",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "channel_name"]
    search_fields = ["channel_name", "error"]
    inspect_view_enabled = True


register_snippet(ChannelViewSet)
register_snippet(ChannelDeliveryViewSet)
