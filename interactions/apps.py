from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "interactions"

    def ready(self):
        from . import signals  # noqa: F401 - cache invalidation
