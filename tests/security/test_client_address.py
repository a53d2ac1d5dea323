"""One client address for login lockout, rate limits and comment reports
(issue 21, finding 5), through the real forms.

Behind a reverse proxy every request arrives from the proxy's address; the
client is in X-Forwarded-For. Before, django-axes was installed without its
ipware extra and rate limits and reports read REMOTE_ADDR, so behind a proxy
one client's failures locked everyone out of that account, one client's
lookups used up everyone's limit, and reports from three different citizens
counted as one. And over IPv6 one subscriber, holding a whole /64, could
report a comment from three of its addresses and hide it."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from cms import roles
from interactions import services
from interactions.models import Comment
from tests.interactions.conftest import add_comment, make_consultation
from tests.interactions.html_forms import form_fields

PROXY = "10.8.0.2"  # the reverse proxy's address, as the app sees the connection


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.INTERACTIONS_MIN_FILL_SECONDS = 0
    settings.INTERACTIONS_COMMENT_RATE = "1000/m"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_a_proxy(settings):
    settings.GONGKAI_PROXY_COUNT = 1
    settings.GONGKAI_TRUSTED_PROXIES = ["10.8.0.0/24"]


def via_proxy(client_address):
    """What one nginx in front of the app hands on for `client_address`."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


@pytest.fixture
def published_comment(home, make_user):
    page = make_consultation(home)
    moderator = make_user("moderator", roles.COMMENT_MODERATORS)
    comment = add_comment(page, "一条被举报的意见")
    services.moderate([comment], "approve", moderator)
    return page, comment


def report(client, page, comment, **meta):
    url = page.url + f"report/{comment.pk}/"
    form = client.get(url, **meta)
    data = form_fields(form.content.decode(), "main form[method=post]")
    data["reason"] = "spam"
    return client.post(url, data, **meta)


def is_public(client, page, comment):
    comment.refresh_from_db()
    return comment.body in client.get(page.url).content.decode() and comment.status == Comment.PUBLISHED


# --- Reports ----------------------------------------------------------------------


def test_three_citizens_behind_the_proxy_are_three_reporters(client, published_comment, behind_a_proxy):
    page, comment = published_comment
    for address in ["198.51.100.1", "198.51.100.2"]:
        assert report(client, page, comment, **via_proxy(address)).status_code == 200
    assert is_public(client, page, comment)
    report(client, page, comment, **via_proxy("198.51.100.3"))
    assert not is_public(client, page, comment)  # the third report hides it for moderation


def test_one_ipv6_subscriber_cannot_hide_a_comment_alone(client, published_comment):
    page, comment = published_comment
    # Three addresses of one /64 (one home line, one host): one reporter.
    for address in ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:dead:beef:0:3"]:
        assert report(client, page, comment, REMOTE_ADDR=address).status_code == 200
    assert is_public(client, page, comment)
    comment.refresh_from_db()
    assert comment.report_count == 1
    # Other subscribers (other /64s) still count.
    report(client, page, comment, REMOTE_ADDR="2001:db8:1:3::1")
    report(client, page, comment, REMOTE_ADDR="2001:db8:9::1")
    assert not is_public(client, page, comment)


def test_a_client_reaching_the_app_directly_cannot_pretend_to_be_others(client, published_comment):
    """Without a configured proxy X-Forwarded-For is the client's own text."""
    page, comment = published_comment
    for fake in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]:
        report(client, page, comment, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=fake)
    assert is_public(client, page, comment)


def test_writing_more_into_the_header_does_not_make_more_reporters(client, published_comment, behind_a_proxy):
    """Behind the proxy only the entry the proxy appended counts."""
    page, comment = published_comment
    for fake in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]:
        report(client, page, comment, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{fake}, 203.0.113.5")
    assert is_public(client, page, comment)


def test_a_request_around_the_proxy_is_keyed_by_its_socket(client, published_comment, behind_a_proxy):
    """TRUSTED_PROXIES: a header from anywhere but the proxy is not believed."""
    page, comment = published_comment
    for fake in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]:
        report(client, page, comment, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=fake)
    assert is_public(client, page, comment)


# --- Rate limits ------------------------------------------------------------------


def lookup(client, **meta):
    return client.post("/cases/lookup/", {"code": "GK-NOPE", "password": "wrong"}, **meta)


@pytest.mark.django_db
def test_one_client_behind_the_proxy_does_not_use_up_everyones_limit(client, home, settings, behind_a_proxy):
    settings.CASES_LOOKUP_RATE = "3/m"
    statuses = [lookup(client, **via_proxy("198.51.100.7")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # A neighbour behind the same proxy is still served.
    assert lookup(client, **via_proxy("198.51.100.8")).status_code == 200
    # Rewriting the left of the header does not escape the limit.
    spoofed = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.99, 198.51.100.7"}
    assert lookup(client, **spoofed).status_code == 429


@pytest.mark.django_db
def test_an_ipv6_subscriber_is_one_client_for_the_limits(client, home, settings):
    settings.CASES_LOOKUP_RATE = "3/m"
    statuses = [lookup(client, REMOTE_ADDR=f"2001:db8:5:6::{n}").status_code for n in range(1, 5)]
    assert statuses == [200, 200, 200, 429]
    assert lookup(client, REMOTE_ADDR="2001:db8:5:7::1").status_code == 200


# --- Login lockout (django-axes) --------------------------------------------------


def sign_in(client, username, password, **meta):
    return client.post("/admin/login/", {"username": username, "password": password}, **meta)


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_lockout_behind_the_proxy_locks_the_guesser_not_the_colleague(client, make_user, behind_a_proxy):
    make_user("editor9", roles.EDITORS)
    for _ in range(3):
        sign_in(client, "editor9", "wrong", **via_proxy("198.51.100.66"))
    assert sign_in(client, "editor9", "pw-editor9", **via_proxy("198.51.100.66")).status_code == 429
    # The account's owner, at another desk behind the same proxy, signs in.
    response = sign_in(client, "editor9", "pw-editor9", **via_proxy("198.51.100.10"))
    assert response.status_code == 302 and client.session.get("_auth_user_id")


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_guesser_cannot_step_through_its_ipv6_addresses(client, make_user):
    make_user("editor8", roles.EDITORS)
    for n in range(1, 4):
        sign_in(client, "editor8", "wrong", REMOTE_ADDR=f"2001:db8:7:8::{n}")
    assert sign_in(client, "editor8", "pw-editor8", REMOTE_ADDR="2001:db8:7:8::99").status_code == 429
