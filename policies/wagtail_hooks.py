from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from cms.admin_access import CheckedSnippetViewSet

from .models import Expert, InterpretationPage, PolicyPage
from .release import release_problems, will_be_held


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
    actions.register_action("policies.expired", gettext_lazy("Expired"), gettext_lazy("Validity set to expired on the expiry date"))
    actions.register_action(
        "policies.release_blocked", gettext_lazy("Release blocked"), gettext_lazy("Publication refused: a major policy needs an approved interpretation")
    )
    actions.register_action(
        "policies.held_for_release", gettext_lazy("Approved, waiting for the policy"), gettext_lazy("Approved; goes live together with its policy")
    )


@hooks.register("before_publish_page")
def check_release_rules(request, page):
    """The editor's view of the rules enforced in Page.publish(): say what is
    missing (the changes stay saved as a draft) instead of failing later."""
    if isinstance(page, PolicyPage):
        problems = release_problems(page.get_latest_revision_as_object())
        if problems:
            for problem in problems:
                messages.error(request, problem)
            messages.warning(request, _("Your changes have been saved as a draft; the page was not published."))
            return redirect("wagtailadmin_pages:edit", page.pk)
    elif isinstance(page, InterpretationPage):
        content = page.get_latest_revision_as_object()
        if content.policy_id and will_be_held(content):
            page.get_latest_revision().publish(user=request.user)
            messages.success(
                request,
                _("“%(title)s” is approved. It will go live together with the major policy “%(policy)s” when that is published.")
                % {"title": content.title, "policy": content.policy.title},
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
    return None
