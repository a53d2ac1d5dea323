"""Rows that data migrations create, recreated on demand.

A transactional test (or `flush`) empties every table, including Wagtail's
root page, the default locale and the role groups our migrations seed. This
puts them back by calling the same idempotent seeding functions: cms's own
(CMS_SEEDERS) first, then those the feature apps register with
`cms.sections.register_seeder()` in their AppConfig.ready()."""

from django.apps import apps as django_apps
from django.conf import settings

from cms import sections

# Dotted paths of functions taking the app registry, like a RunPython function.
CMS_SEEDERS = [
    "cms.roles.seed_groups",
    "cms.roles.seed_translation_grants",
    "cms.roles.seed_collection_permissions",
    "cms.workflow.seeding.seed_workflow",
    "cms.workflow.seeding.seed_schedule",
    "cms.assets.seeding.seed_permissions",
    "cms.security_audit.seed_schedule",
]


def seeders():
    """Every seeder, in the order ensure_base_rows() runs them."""
    return CMS_SEEDERS + [path for path in sections.seeders() if path not in CMS_SEEDERS]


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
    for path in seeders():
        import_string(path)(django_apps)
