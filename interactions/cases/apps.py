from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "interactions.cases"
    label = "cases"
    verbose_name = _("Letters and disclosure requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import registrations, signals  # noqa: F401 - signals connect on import

        registrations.register()
