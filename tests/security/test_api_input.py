"""The public API answers bad input with 400 and a message, never a 500.

`find/?id=abc`, empty or malformed date filters, unknown ordering and
out-of-range numbers each get a JSON `{"message": ...}` that says what was
wrong, for every endpoint; good input still answers 200."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENDPOINTS = ["pages", "images", "documents", "departments", "topics"]
BAD = [
    "find/?id=abc",
    "find/?id=",
    "find/?id=1.5",
    "find/?id=99999999999999999999999",
    "?id=abc",
    "?limit=abc",
    "?offset=-1",
    "?order=nonexistent",
]
PAGE_BAD = [
    "?type=policies.PolicyPage&first_published_at=abc",
    "?type=policies.PolicyPage&first_published_at=",
    "?type=policies.PolicyPage&last_published_at=2024-13-45",
    "?type=policies.PolicyPage&issued_on=",
    "?type=policies.PolicyPage&issued_on=yesterday",
    "?type=policies.PolicyPage&issued_on=2024-02-30",
    "?type=policies.PolicyPage&effective_from=2024-1",
    "?child_of=abc",
    "?descendant_of=abc",
    "?locale=xx-notalocale",
    "?translation_of=abc",
]


@pytest.fixture
def api(tree):
    return Client(raise_request_exception=False)


def assert_400_with_message(response, url):
    assert response.status_code == 400, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), url
    assert response.json().get("message"), url


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("query", BAD)
def test_bad_input_is_a_400_with_a_message(api, endpoint, query):
    url = f"/api/v2/{endpoint}/{query}"
    response = api.get(url)
    if response.status_code == 404 and query.startswith("find/"):
        return  # "no such item" is an honest answer for find
    assert_400_with_message(response, url)


@pytest.mark.parametrize("query", PAGE_BAD)
def test_bad_page_filters_are_a_400_with_a_message(api, query):
    url = f"/api/v2/pages/{query}"
    assert_400_with_message(api.get(url), url)


def test_good_input_still_answers(api, tree):
    assert api.get("/api/v2/pages/?type=policies.PolicyPage").status_code == 200
    policy = tree["policy"]
    response = api.get(f"/api/v2/pages/find/?id={policy.pk}")
    assert response.status_code == 302
    assert api.get("/api/v2/departments/?limit=5").status_code == 200
