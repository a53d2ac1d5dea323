"""Signed-in sessions end after idle time and after an absolute lifetime.

GB/T 22239 level 3 asks for both on staff sessions. Every signed-in session is
a staff session here (citizens never sign in), so the rule applies to all of
them:

* `GONGKAI_SESSION_IDLE_MINUTES` (default 30): no request for that long ends
  the session. Background requests the admin sends by itself (the editing
  session ping every few seconds) are not activity.
* `GONGKAI_SESSION_MAX_HOURS` (default 12): a session ends this long after its
  sign-in whatever happens; `SESSION_COOKIE_AGE` matches it.

An ended session is flushed (Django's `logout`), the admin answers with its
login page and a message saying why, the public site carries on anonymously."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

logger = logging.getLogger("gongkai.security")

LOGIN_KEY = "gongkai_login_at"
SEEN_KEY = "gongkai_seen_at"
# Activity is written at most this often, so a busy session does not write its row on every request.
TOUCH_EVERY_SECONDS = 60
# The admin's own background requests: an open editor tab is not a present editor.
BACKGROUND_NAMESPACES = {"wagtailadmin_editing_sessions"}


def idle_seconds():
    return float(getattr(settings, "GONGKAI_SESSION_IDLE_MINUTES", 30)) * 60


def max_seconds():
    return float(getattr(settings, "GONGKAI_SESSION_MAX_HOURS", 12)) * 3600


def stamp_login(request):
    now = time.time()
    request.session[LOGIN_KEY] = now
    request.session[SEEN_KEY] = now


def is_admin_path(request):
    admin_root = reverse("wagtailadmin_home")  # includes the script prefix, like request.path
    return request.path.startswith(admin_root)


def _is_background(request):
    try:
        return bool(BACKGROUND_NAMESPACES & set(resolve(request.path_info).namespaces))
    except Resolver404:
        return False


class SessionPolicyMiddleware:
    """After AuthenticationMiddleware and before OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ended = self._check(request)
            if ended and is_admin_path(request):
                return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        now = time.time()
        login_at = session.get(LOGIN_KEY)
        seen_at = session.get(SEEN_KEY, login_at)
        if login_at is None:
            stamp_login(request)  # a session opened before this policy: its clock starts now
            return False
        if max_seconds() and now - login_at > max_seconds():
            reason = _("Your session has ended: sessions last at most %(hours)s hours. Please sign in again.") % {
                "hours": f"{max_seconds() / 3600:g}"
            }
        elif idle_seconds() and now - seen_at > idle_seconds():
            reason = _("Your session has ended after %(minutes)s minutes without activity. Please sign in again.") % {
                "minutes": f"{idle_seconds() / 60:g}"
            }
        else:
            if now - seen_at >= TOUCH_EVERY_SECONDS and not _is_background(request):
                session[SEEN_KEY] = now
            return False
        logger.info("session ended user=%s reason=%s", request.user.pk, reason)
        logout(request)
        messages.warning(request, reason)
        return True
