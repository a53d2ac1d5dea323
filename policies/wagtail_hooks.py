from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from cms.admin_access import CheckedSnippetViewSet

from .models import Expert


class ExpertViewSet(CheckedSnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = gettext_lazy("Experts")
    list_display = ["name", "title", "organisation", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "organisation"]


register_snippet(ExpertViewSet)


@hooks.register("register_log_actions")
def register_policy_log_actions(actions):
    actions.register_action(
        "policies.expired", gettext_lazy("Expired"), gettext_lazy("Validity set to expired on the expiry date")
    )
    actions.register_action(
        "policies.held_for_release",
        gettext_lazy("Approved, waiting for the policy"),
        gettext_lazy("Approved; goes live together with its policy"),
    )
