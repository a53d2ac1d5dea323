"""Fixtures of the public-site tests.

`public_site` loads the demo site section by section, each in its own
savepoint, so a section still being built elsewhere cannot take the whole
site down with it; the sections that loaded are recorded on the result."""

from importlib import import_module
from pathlib import Path

import pytest
from django.db import transaction

from cms.sections import demo_loaders

DEMO_SECTIONS = [module.removesuffix(".demo") for module in demo_loaders()]

HERE = Path(__file__).resolve().parent


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
        except Exception as error:
            print(f"demo section {app} did not load: {error!r}")
    ctx["loaded"] = loaded
    return ctx


class _SharedSite:
    """The demo site inside one open transaction, shared by the database tests
    of tests/site and rolled back as soon as the next test does not use it."""

    def __init__(self):
        self.atomic = None
        self.ctx = None

    def open(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        try:
            self.ctx = load_public_site()
            site = self.ctx["site"]
            site.hostname, site.port = "testserver", 80
            site.save()
        except BaseException:
            self.close()
            raise
        return self.ctx

    def close(self):
        if self.atomic is not None:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = self.ctx = None


_SHARED = _SharedSite()


@pytest.fixture(scope="package")
def _module_site(django_db_setup, django_db_blocker):
    """Set up before each test's own transaction (package scope), so the test
    runs in a savepoint inside the shared site's transaction."""
    with django_db_blocker.unblock():
        if _SHARED.ctx is None:
            _SHARED.open()
    yield _SHARED.ctx
    with django_db_blocker.unblock():
        _SHARED.close()


def _uses_shared_site(item):
    """Whether `item` is a database test of this folder (which may use the site)."""
    if item is None or "site_server" in getattr(item, "fixturenames", ()):
        return False
    return Path(str(item.path)).resolve().parent == HERE and item.get_closest_marker("django_db") is not None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # pytest-django runs database tests before transactional and browser ones:
    # never keep the shared transaction open across tests that do not use it.
    if _SHARED.atomic is not None and not _uses_shared_site(nextitem):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _SHARED.close()


@pytest.fixture
def public_site(_module_site, db):
    return _module_site


def one_page_per_type(locale_code):
    """{model label: live public page} of every public page type in a language."""
    from wagtail.models import Page

    found = {}
    pages = (
        Page.objects.live().public().filter(depth__gt=1, locale__language_code=locale_code).order_by("path").specific()
    )
    for page in pages:
        found.setdefault(page.specific_class._meta.label, page)
    return found


@pytest.fixture(scope="module")
def site_server(django_db_setup, django_db_blocker):
    """The demo site, committed, served by one live server thread for all the
    browser tests of a module; the database is emptied again afterwards.

    Not pytest-django's `live_server`: that makes every test using it
    transactional, flushing the demo site after the first one."""
    from django.core.management import call_command
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    from cms.bootstrap import ensure_base_rows

    unblocked = django_db_blocker.unblock()
    unblocked.__enter__()
    server = None
    try:
        ensure_base_rows()
        load_public_site()
        server = LiveServerThread("localhost", _StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://localhost:{server.port}"
    finally:
        if server is not None:
            server.terminate()
        call_command("flush", verbosity=0, interactive=False)
        ensure_base_rows()
        unblocked.__exit__(None, None, None)
