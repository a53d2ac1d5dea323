"""On a fresh installation the roles that write pages can upload and choose
images, documents and media in the page editor's choosers (Wagtail grants
those per collection; a flushed or new database had none for our groups)."""

import pytest
from django.urls import reverse

from cms import roles

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("group", [roles.EDITORS, roles.DEPARTMENT_REVIEWERS, roles.SITE_ADMINISTRATORS])
def test_writers_see_the_upload_tab_in_every_chooser(client, make_user, group):
    client.force_login(make_user("writer", group))
    for name, marker in [
        ("wagtaildocs_chooser:choose", "document-chooser-upload"),
        ("wagtailimages_chooser:choose", "image-chooser-upload"),
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert marker in response.json()["html"], name
    assert client.get(reverse("wagtailmedia:add", args=["video"])).status_code == 200


@pytest.mark.parametrize("group", [roles.COMMENT_MODERATORS, roles.CASE_HANDLERS, roles.LEADERS])
def test_other_roles_cannot_upload(client, make_user, group):
    client.force_login(make_user("other", group))
    assert client.get(reverse("wagtaildocs:add")).status_code in (302, 403)
    assert client.get(reverse("wagtailmedia:add", args=["video"])).status_code in (302, 403)
