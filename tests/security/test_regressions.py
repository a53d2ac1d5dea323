"""Defects the fuzzer found, pinned."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_url_too_long_for_a_qr_code_still_renders(client, home):
    # The share QR code encodes the full URL; a 5,000-character query string
    # made segno raise DataOverflowError (a 500) on every non-page view.
    response = client.get("/cases/answers/", {"q": "x" * 5000})
    assert response.status_code == 200
    response = client.get("/search/", {"q": "政" * 3000})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url, params",
    [
        ("/cases/answers/", {"department": "¹"}),
        ("/cases/statistics/", {"year": "²⁰²⁶"}),
        ("/cases/answers/", {"department": "9" * 400}),
    ],
)
def test_odd_numbers_are_not_ids(client, home, url, params):
    # str.isdigit() accepts "¹", which int() refuses; SQLite refuses integers
    # over 64 bits: both were 500s in the cases views.
    assert client.get(url, params).status_code == 200


def test_api_bad_search_request_is_a_400_not_a_503(client, home):
    # The engine-down 503 of the pages API must not swallow Wagtail's 400s.
    assert client.get("/api/v2/pages/", {"type": " ", "search": ""}).status_code == 400


@pytest.mark.parametrize("url", ["/search/suggest/", "/search/", "/cases/answers/"])
def test_nul_bytes_in_a_query(client, home, url):
    # PostgreSQL refuses NUL in text parameters (DataError, a 500).
    assert client.get(url, {"q": "政务\x00公开"}).status_code < 500
