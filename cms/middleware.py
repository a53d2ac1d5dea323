import logging

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page while the database is unreachable,
    instead of a 500 and a traceback; the next request simply tries again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        return database_unavailable_response(exception)


def is_database_outage(exception):
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable_response(exception):
    logger.error("Database unavailable: %s", exception)
    from django.db import connections

    # Drop broken connections so the next request opens a fresh one.
    for conn in connections.all(initialized_only=True):
        conn.close_if_unusable_or_obsolete()
    html = render_to_string("503.html", request=None)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    return response
