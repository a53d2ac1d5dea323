"""Functions django-q2 runs."""

from django.core.management import call_command


def publish_scheduled():
    """Publish pages whose go-live time has come and unpublish expired ones
    (Wagtail's `publish_scheduled`), run every minute by the django-q2 schedule."""
    call_command("publish_scheduled")
