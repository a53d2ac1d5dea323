"""长辈模式 (elder-friendly mode) without JavaScript: a small POST form in the
header sets a cookie and sends the reader back where they were. base.html
adds class "elder" to <html> when the cookie is set."""

from urllib.parse import urlsplit

from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.security import on_this_site

COOKIE = "elder"
ONE_YEAR = 365 * 24 * 3600


def _safe_next(request):
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    return target if on_this_site(request, target) else "/"


def _same_origin(request):
    """CSRF defence without a token: the browser's Origin (or, failing that,
    Referer) header must name this site."""
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    return parts.netloc == request.get_host() and parts.scheme == request.scheme


@csrf_exempt
@require_POST
def toggle(request):
    """`elder=1` switches the mode on, anything else switches it off.

    No CSRF token: the form is on every public page, and a token there would
    make every page personal and so uncacheable. Cross-site requests are still
    refused, by checking the Origin/Referer header that browsers send with a
    form POST; the redirect is limited to this site."""
    if not _same_origin(request):
        return HttpResponseForbidden("Cross-site request refused.")
    response = HttpResponseRedirect(_safe_next(request))
    if request.POST.get("elder") == "1":
        response.set_cookie(COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", httponly=True, secure=request.is_secure())
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
