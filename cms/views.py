from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """Liveness and database reachability for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


def rate_limited(request, exception=None, retry_after=None):
    """429 with the real remaining wait: `retry_after` seconds, or what
    cms.limits recorded on the request (the window of the limit that was hit),
    in `Retry-After` and in the message."""
    from cms import errors, limits

    seconds = retry_after or limits.retry_after(request) or 60
    response = errors.render(request, "429", 429, template="429.html", **errors.retry_params(seconds))
    response["Retry-After"] = str(int(seconds))
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    from cms import errors

    return errors.render(request, "400", 400)


def permission_denied(request, exception=None):
    from cms import errors

    return errors.render(request, "403", 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: what to do, in words, instead of Django's bare page."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE

    from cms import errors

    response = errors.render(request, "csrf-cookie" if reason == REASON_NO_CSRF_COOKIE else "csrf", 403)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception=None):
    from cms import errors

    return errors.render(request, "404", 404, template="404.html")


def server_error(request):
    """500, or 503 when the database went away outside a view (e.g. while
    saving the session), which the middleware cannot see."""
    import sys

    from django.template.loader import render_to_string

    from cms.middleware import database_unavailable_response, is_database_outage

    exception = sys.exc_info()[1]
    if exception is not None and is_database_outage(exception):
        return database_unavailable_response(exception)
    # No context processors: the failure may be the database itself.
    return HttpResponse(render_to_string("500.html"), status=500)
