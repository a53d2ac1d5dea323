"""Fixtures of the public-site tests.

`public_site` loads the demo site section by section, each in its own
savepoint, so a section still being built elsewhere cannot take the whole
site down with it; the sections that loaded are recorded on the result."""

from importlib import import_module

import pytest
from django.db import transaction

from home.management.commands.load_demo import DEMO_SECTIONS


class _Quiet:
    def write(self, *args, **kwargs):
        pass


def load_public_site():
    from home.demo import load_skeleton

    ctx = load_skeleton(_Quiet())
    loaded = []
    for app in DEMO_SECTIONS:
        try:
            with transaction.atomic():
                import_module(f"{app}.demo").load(ctx, _Quiet())
            loaded.append(app)
        except Exception as error:  # noqa: BLE001 - reported by the tests that need the section
            print(f"demo section {app} did not load: {error!r}")
    ctx["loaded"] = loaded
    return ctx


@pytest.fixture(scope="module")
def _module_site(django_db_setup, django_db_blocker):
    """The demo site, loaded once per module inside a transaction that is
    rolled back afterwards; each test runs in a savepoint within it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ctx = load_public_site()
            site = ctx["site"]
            site.hostname, site.port = "testserver", 80
            site.save()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield ctx
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def public_site(_module_site, db):
    return _module_site


def one_page_per_type(locale_code):
    """{model label: live public page} of every public page type in a language."""
    from wagtail.models import Page

    found = {}
    pages = Page.objects.live().public().filter(depth__gt=1, locale__language_code=locale_code).order_by("path").specific()
    for page in pages:
        found.setdefault(page.specific_class._meta.label, page)
    return found
