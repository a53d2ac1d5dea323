"""长辈模式 (elder-friendly mode) without JavaScript: a small POST form in the
header sets a cookie and sends the reader back where they were. base.html
adds class "elder" to <html> when the cookie is set."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

COOKIE = "elder"
ONE_YEAR = 365 * 24 * 3600


def _safe_next(request):
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return "/"
    return target


@require_POST
def toggle(request):
    """CSRF-protected (the default middleware). `elder=1` switches the mode on,
    anything else switches it off."""
    response = HttpResponseRedirect(_safe_next(request))
    if request.POST.get("elder") == "1":
        response.set_cookie(COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", httponly=True, secure=request.is_secure())
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
