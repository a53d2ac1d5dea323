"""Admin URLs, log actions and buttons of the two-factor module (imported by cms/wagtail_hooks.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from . import views


@hooks.register("register_admin_urls")
def register_twofactor_urls():
    return [
        path("2fa/setup/", views.setup, name="twofactor_setup"),
        path("2fa/verify/", views.verify, name="twofactor_verify"),
        path("2fa/enrol/<str:token>/", views.enrol, name="twofactor_enrol"),
        path("2fa/recovery/", views.recovery, name="twofactor_recovery"),
        path("2fa/users/<int:user_id>/", views.manage_user, name="twofactor_manage_user"),
        path("2fa/users/<int:user_id>/reset/", views.reset_user, name="twofactor_reset_user"),
        path("2fa/users/<int:user_id>/link/", views.issue_link, name="twofactor_issue_link"),
    ]


@hooks.register("register_log_actions")
def register_twofactor_log_actions(actions):
    actions.register_action(
        "gongkai.twofactor.enrol",
        pgettext_lazy("two-factor log", "Authenticator enrolled"),
        pgettext_lazy("two-factor log", "Authenticator enrolled"),
    )
    actions.register_action(
        "gongkai.twofactor.recovery_used",
        pgettext_lazy("two-factor log", "Recovery code used"),
        pgettext_lazy("two-factor log", "Signed in with a recovery code"),
    )
    actions.register_action(
        "gongkai.twofactor.recovery_renewed",
        pgettext_lazy("two-factor log", "Recovery codes renewed"),
        pgettext_lazy("two-factor log", "New recovery codes made"),
    )
    actions.register_action(
        "gongkai.twofactor.reset",
        pgettext_lazy("two-factor log", "Two-factor reset"),
        pgettext_lazy("two-factor log", "Two-factor devices and recovery codes removed by an administrator"),
    )
    actions.register_action(
        "gongkai.twofactor.link",
        pgettext_lazy("two-factor log", "Enrolment link issued"),
        pgettext_lazy("two-factor log", "Two-factor enrolment link issued by an administrator"),
    )


@hooks.register("register_user_listing_buttons")
def twofactor_listing_button(user, request_user):
    if views.can_manage_devices(request_user, user):
        yield ListingButton(
            _("Two-factor"), reverse("twofactor_manage_user", args=[user.pk]), icon_name="key", priority=60
        )


@hooks.register("register_account_menu_item")
def recovery_codes_menu_item(request):
    return {
        "url": reverse("twofactor_recovery"),
        "label": pgettext_lazy("two-factor", "Recovery codes"),
        "help_text": _("See how many recovery codes you have left, or make new ones."),
    }
