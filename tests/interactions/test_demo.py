import pytest
from django.core.management import call_command
from wagtail.models import Collection

from interactions.models import Comment, ConsultationPage


@pytest.fixture
def root_collection(db):
    # A transactional test earlier in the run flushes the root collection
    # that Wagtail's migration created; the demo's media need it back.
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


@pytest.fixture
def demo(root_collection, demo_site):
    return demo_site


def test_demo_has_comments_in_every_state(client, demo):
    open_one = ConsultationPage.objects.get(slug="dog-management-regulations-draft", locale__language_code="zh-hans")
    statuses = set(Comment.objects.filter(page=open_one).values_list("status", flat=True))
    assert statuses == {"pending", "published", "rejected"}
    assert Comment.objects.filter(page=open_one, flagged=True).exists()
    response = client.get(open_one.url)
    assert response.status_code == 200
    assert response.context["counts"]["published"] >= 3
    concluded = ConsultationPage.objects.get(slug="parks-opening-hours-draft", locale__language_code="zh-hans")
    assert concluded.status == "concluded"
    assert client.get(concluded.url).status_code == 200
    english = open_one.get_translation(open_one.locale.__class__.objects.get(language_code="en"))
    assert client.get(english.url).status_code == 200
    # Idempotent.
    before = Comment.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Comment.objects.count() == before
