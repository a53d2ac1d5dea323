from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = pgettext_lazy("search", "Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cms import sections

        from . import synonyms
        from .models import Synonym

        sections.register_seeder("search.tasks.seed_schedules")
        sections.register_seeder("search.roles.seed")

        post_save.connect(synonyms.clear_cache, sender=Synonym, dispatch_uid="search-synonyms-saved")
        post_delete.connect(synonyms.clear_cache, sender=Synonym, dispatch_uid="search-synonyms-deleted")
