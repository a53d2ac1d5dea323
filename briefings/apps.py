from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "briefings"

    def ready(self):
        from . import registrations

        registrations.register()
