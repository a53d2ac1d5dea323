"""No authenticated privilege before the second factor.

Runs after django-otp's OTPMiddleware, which marks `request.user` verified
once a device has been confirmed in this session. For a staff member whose
session has not passed the second factor:

* the admin (every URL under it, matched on `path_info`, the path Django
  routes on, so a deployment under a sub-path is covered) answers with the
  verify or enrolment page, except the few views needed to get there;
* everywhere else the request is served as anonymous: login- and
  group-restricted pages, private files, previews and the userbar are not
  reachable with a password alone."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse

from .policy import has_authenticator, needs_second_factor

# Admin views an unverified staff member may still reach.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "twofactor_verify",
    "twofactor_setup",
    "twofactor_enrol",
}
# Sign-in pages (the admin's, and the one restricted public pages send to).
LOGIN_URL_NAMES = {"wagtailadmin_login", "wagtailcore_login"}


def _admin_prefix():
    """The admin's root as Django routes it (`path_info`), whatever the script prefix."""
    from django.urls import get_script_prefix

    return "/" + reverse("wagtailadmin_home")[len(get_script_prefix()) :]


def _url_name(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def second_factor_url(user):
    return reverse("twofactor_verify" if has_authenticator(user) else "twofactor_setup")


class RequireVerifiedStaffMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "GONGKAI_REQUIRE_2FA", True):
            return self.get_response(request)
        user = request.user
        if not needs_second_factor(user) or user.is_verified():
            return self.get_response(request)
        name = _url_name(request)
        if name in LOGIN_URL_NAMES and request.method != "POST":
            # A restricted page sent the user to sign in: what is missing is the code, not the password.
            return redirect_to_login(request.GET.get("next") or "/", login_url=second_factor_url(user))
        if request.path_info.startswith(_admin_prefix()):
            if name not in OPEN_URL_NAMES:
                return redirect_to_login(request.get_full_path(), login_url=second_factor_url(user))
            return self.get_response(request)
        request.user = AnonymousUser()

        async def auser():
            return request.user

        request.auser = auser
        return self.get_response(request)
