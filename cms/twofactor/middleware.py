"""Everyone with admin access proves a one-time password before working.

Runs after django-otp's OTPMiddleware, which marks `request.user` verified
once a device has been confirmed in this session."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

# Views an unverified staff member may still reach.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "twofactor_verify",
    "twofactor_setup",
}


def needs_second_factor(user):
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


class RequireVerifiedStaffMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "GONGKAI_REQUIRE_2FA", True) and request.path.startswith("/admin/"):
            user = request.user
            if needs_second_factor(user) and not user.is_verified() and not self._is_open(request):
                target = "twofactor_verify" if user_has_device(user, confirmed=True) else "twofactor_setup"
                return redirect_to_login(request.get_full_path(), login_url=reverse(target))
        return self.get_response(request)

    @staticmethod
    def _is_open(request):
        try:
            return resolve(request.path_info).url_name in OPEN_URL_NAMES
        except Resolver404:
            return False
