"""Password forms have limits (issue 21, finding 4): Wagtail's admin password
reset, and the password forms of restricted pages and documents, through
their real URLs. Before, none had any: a page password could be guessed at
full speed, and anyone could fill a colleague's mailbox with reset links."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

ADDRESS = "198.51.100.20"
OTHER = "198.51.100.21"


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    yield
    cache.clear()


def reset(client, email, address=ADDRESS):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_reset_links_for_one_address_are_limited(client, make_user, settings):
    settings.GONGKAI_PASSWORD_RESET_EMAIL_RATE = "3/h"
    make_user("editor5")
    statuses = [reset(client, "editor5@example.test", address=f"198.51.100.{n}").status_code for n in range(30, 34)]
    assert statuses == [302, 302, 302, 429]  # from four different clients: the mailbox is the limit
    assert len(mail.outbox) == 3
    # Spelled differently, it is still the same mailbox.
    assert reset(client, " Editor5@Example.TEST ", address="198.51.100.40").status_code == 429
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_one_client_cannot_probe_reset_addresses_without_end(client, make_user, settings):
    settings.GONGKAI_PASSWORD_RESET_RATE = "5/h"
    make_user("editor6")
    statuses = [reset(client, f"someone{n}@example.test").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    refused = reset(client, "editor6@example.test")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 60
    assert not mail.outbox
    # Someone else can still ask for their link.
    assert reset(client, "editor6@example.test", address=OTHER).status_code == 302
    assert len(mail.outbox) == 1


@pytest.fixture
def restricted_home(home):
    return PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )


def password_action(client, address):
    """The form's action, as the page shows it."""
    html = client.get("/", REMOTE_ADDR=address).content.decode()
    return re.search(r'action="(/_util/authenticate_with_password/[^"]+)"', html).group(1)


@pytest.mark.django_db
def test_page_password_guesses_are_limited(client, home, restricted_home, settings):
    settings.GONGKAI_PAGE_PASSWORD_RATE = "5/h"
    action = password_action(client, ADDRESS)
    guesses = [
        client.post(action, {"password": f"guess{n}", "return_url": "/"}, REMOTE_ADDR=ADDRESS).status_code
        for n in range(5)
    ]
    assert guesses == [200] * 5  # the form again, each time
    refused = client.post(action, {"password": "s3cret", "return_url": "/"}, REMOTE_ADDR=ADDRESS)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 60
    # Refused means refused: the page still asks for the password.
    assert "authenticate_with_password" in client.get("/", REMOTE_ADDR=ADDRESS).content.decode()
    # A visitor who knows the password, elsewhere, gets in.
    other = client.post(action, {"password": "s3cret", "return_url": "/"}, REMOTE_ADDR=OTHER)
    assert other.status_code == 302
    assert "authenticate_with_password" not in client.get("/", REMOTE_ADDR=OTHER).content.decode()


@pytest.mark.django_db
def test_page_password_limit_also_holds_on_the_english_address(client, home, restricted_home, settings):
    settings.GONGKAI_PAGE_PASSWORD_RATE = "2/h"
    action = password_action(client, ADDRESS)
    for prefix in ["", "/en"]:
        client.post(prefix + action, {"password": "x", "return_url": "/"}, REMOTE_ADDR=ADDRESS)
    assert client.post("/en" + action, {"password": "x", "return_url": "/"}, REMOTE_ADDR=ADDRESS).status_code == 429


@pytest.mark.django_db
def test_document_password_guesses_are_limited(client, home, settings):
    settings.GONGKAI_PAGE_PASSWORD_RATE = "3/h"
    collection = Collection.get_first_root_node().add_child(name="受限文件")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="s3cret"
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    statuses = [
        client.post(url, {"password": f"guess{n}", "return_url": "/"}, REMOTE_ADDR=ADDRESS).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert client.post(url, {"password": "s3cret", "return_url": "/"}, REMOTE_ADDR=OTHER).status_code == 302
