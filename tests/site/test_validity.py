"""Every public page type, in both languages and in 长辈模式, is valid HTML:
the Nu HTML checker reports no errors. All pages are checked in one Java run
(module fixture); each page type is then its own test, so a failure names
the page type (and so the app) at fault."""

import pytest
from django.test import Client, RequestFactory

from tests.site.pages import CASES, render_cases
from tests.site.vnu import validate

pytestmark = pytest.mark.django_db


# Errors another section still has to fix, as (page type, message fragment):
# left out of the per-type tests, listed by test_errors_owned_by_other_sections.
# Empty: every page type validates.
KNOWN_ERRORS = []


def _known(name, message):
    return any(page_type in name and fragment in message for page_type, fragment in KNOWN_ERRORS)


@pytest.fixture(scope="module")
def vnu_report(_module_site, django_db_blocker):
    with django_db_blocker.unblock():
        documents = {}
        for name, response in render_cases(Client()).items():
            documents[name] = response.content.decode()
        from cms.views import server_error

        documents["server-error"] = server_error(RequestFactory().get("/")).content.decode()
    return documents, validate(documents)


@pytest.mark.parametrize("name", [*CASES, "server-error"])
def test_valid_html(vnu_report, name):
    documents, errors = vnu_report
    if name not in documents:
        pytest.skip("no live page of this type in the demo site")
    found = [message for message in errors.get(name, []) if not _known(name, message)]
    assert not found, f"{name}:\n  " + "\n  ".join(found)


def test_errors_owned_by_other_sections(vnu_report):
    _documents, errors = vnu_report
    known = {name: [m for m in found if _known(name, m)] for name, found in errors.items()}
    known = {name: found for name, found in known.items() if found}
    assert not known, "\n".join(f"{name}: {found[0]}" for name, found in known.items())


def test_every_page_type_of_the_demo_was_checked(vnu_report):
    documents, _errors = vnu_report
    assert len(documents) >= 30
    for required in (
        "zh-hans:home.HomePage",
        "en:home.TopicPage",
        "elder:zh-hans:policies.PolicyPage",
        "zh-hans:catalogue",
        "en:comment-report",
    ):
        assert required in documents
