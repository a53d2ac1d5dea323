from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.snippets.models import register_snippet

from cms.admin_access import CheckedSnippetViewSet

from .models import BriefingPage, Spokesperson


class SpokespersonViewSet(CheckedSnippetViewSet):
    model = Spokesperson
    icon = "user"
    menu_label = _("Spokespeople")
    list_display = ["name", "title", "department", "active_from", "active_until", "locale"]
    list_filter = ["locale", "department", "active_until"]
    search_fields = ["name", "title"]
    add_to_admin_menu = False


register_snippet(SpokespersonViewSet)


@hooks.register("register_log_actions")
def register_briefing_log_actions(actions):
    actions.register_action(
        "briefings.publish_blocked",
        _("Publication blocked"),
        _("Scheduled publication refused: the recording needs captions or a full transcript"),
    )


@hooks.register("before_bulk_action")
def block_inaccessible_bulk_publish(request, action_type, objects, action_class_instance):
    """Bulk publishing must respect the briefing accessibility gate too."""
    if action_type != "publish":
        return None
    blocked = []
    for obj in objects:
        specific = getattr(obj, "specific", obj)
        if isinstance(specific, BriefingPage):
            revision = specific.latest_revision
            candidate = revision.as_object() if revision else specific
            if candidate.accessibility_problems():
                blocked.append(candidate.title)
    if blocked:
        messages.error(
            request,
            _(
                "Not published: %(titles)s. A briefing with video needs captions or a full transcript; audio needs a full transcript."
            )
            % {"titles": "、".join(blocked)},
        )
        # Only a `next` on this site (Wagtail checks the host), never one elsewhere.
        return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")
    return None
