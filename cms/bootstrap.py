"""Rows that data migrations create, recreated on demand.

A transactional test (or `flush`) empties every table, including Wagtail's
root page, the default locale and the role groups our migrations seed. This
puts them back by calling the same idempotent seeding functions. Apps that
seed rows in a migration register their seeder in SEEDERS."""

from django.apps import apps as django_apps
from django.conf import settings

# Dotted paths of functions taking the app registry, like a RunPython function.
SEEDERS = [
    "cms.roles.seed_groups",
    "cms.roles.seed_translation_grants",
    "cms.roles.seed_collection_permissions",
    "interactions.seeding.seed",
    "cms.workflow.seed.seed_workflow",
    "cms.workflow.seed.seed_schedule",
    "policies.tasks.seed_schedules",
    "interactions.cases.seed.seed_cases",
    "accountability.seeding.seed",
    "search.tasks.seed_schedules",
    "cms.assets.seed.seed_permissions",
    "cms.security_audit.seed_schedule",
    "search.roles.seed",
    "policies.roles.seed",
    "briefings.roles.seed",
]


def ensure_wagtail_root():
    from wagtail.models import Collection, Locale, Page, Site

    # The root collection (a Wagtail migration makes it): images, documents
    # and media cannot be saved without it.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")

    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
    return root


def ensure_base_rows():
    from django.utils.module_loading import import_string

    ensure_wagtail_root()
    for path in SEEDERS:
        import_string(path)(django_apps)
