"""Password policy (GB/T 22239 level 3; cms/password_policy.py): at least 12
characters, three character classes, none of the last five passwords. Checked
through the admin's user edit form, where administrators set passwords."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.users.models import UserProfile

from cms import roles
from cms.demo import ensure_user


@pytest.fixture
def desk(client, make_user, home):
    admin = make_user("pwadmin", superuser=True)
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin)
    return client


@pytest.fixture
def staff(make_user):
    return make_user("pwstaff", roles.EDITORS)


def set_password(client, user, password):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "Wang",
        "last_name": "Fang",
        "is_active": "on",
        "password1": password,
        "password2": password,
    }
    return client.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)


def accepted(response, user, password):
    user.refresh_from_db()
    return response.status_code == 302 and user.check_password(password)


def test_a_password_shorter_than_twelve_characters_is_refused(desk, staff):
    response = set_password(desk, staff, "Ab1!xyzwvu")
    assert not accepted(response, staff, "Ab1!xyzwvu")
    assert "at least 12 characters" in response.content.decode()


def test_a_password_needs_three_kinds_of_characters(desk, staff):
    response = set_password(desk, staff, "bluewaterharbour2031")
    assert not accepted(response, staff, "bluewaterharbour2031")
    assert "at least 3 of" in response.content.decode()
    assert accepted(set_password(desk, staff, "Bluewaterharbour2031"), staff, "Bluewaterharbour2031")
    assert accepted(set_password(desk, staff, "blue-water-harbour-2031"), staff, "blue-water-harbour-2031")


def test_none_of_the_last_five_passwords_comes_back(desk, staff):
    first = "Harbour-Lights-01"
    assert accepted(set_password(desk, staff, first), staff, first)
    again = set_password(desk, staff, first)
    assert again.status_code == 200
    assert "last 5 passwords" in again.content.decode()
    for n in range(2, 6):  # four more: the first is still among the last five
        assert accepted(set_password(desk, staff, f"Harbour-Lights-0{n}"), staff, f"Harbour-Lights-0{n}")
    assert not accepted(set_password(desk, staff, first), staff, first)
    assert accepted(set_password(desk, staff, "Harbour-Lights-06"), staff, "Harbour-Lights-06")
    assert accepted(set_password(desk, staff, first), staff, first)  # six passwords ago: allowed again
    assert staff.password_history.count() == 5


def test_seeding_with_set_password_is_not_validated(db):
    user, created = ensure_user("demo-short", "pw-demo")
    assert created and get_user_model().objects.get(pk=user.pk).check_password("pw-demo")
