from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "interactions"

    def ready(self):
        from . import registrations, signals  # noqa: F401 - signals: cache invalidation

        registrations.register()
