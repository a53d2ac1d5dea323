"""Translatable snippets are offered in the language of what is edited.

Departments and topics exist once per language; the page editor's issuer
and topic checkboxes listed 示例市教育局 and Shili Education Bureau side by
side. Through the real admin views: the edit and create pages of a policy
in each language, a snippet's form and the snippet chooser."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from cms.demo import ensure_snippet_translation, ensure_translation
from cms.models import Department, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic_en(topic, locales):
    return ensure_snippet_translation(topic, locales["en"], name="Education")[0]


@pytest.fixture
def department_en(department, locales):
    return department.get_translation(locales["en"])


@pytest.fixture
def admin_client_zh(client, superuser):
    client.force_login(superuser)
    return client


def checkbox_labels(html, field):
    """The labels of a CheckboxSelectMultiple's options."""
    block = BeautifulSoup(html, "html.parser").find(id=f"id_{field}")
    assert block is not None, f"no checkboxes for {field}"
    return [label.get_text(" ", strip=True) for label in block.find_all("label")]


def checked(html, field):
    block = BeautifulSoup(html, "html.parser").find(id=f"id_{field}")
    return [box.find_parent("label").get_text(" ", strip=True) for box in block.find_all("input", checked=True)]


def page_form(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 200
    return response.content.decode()


def test_chinese_policy_offers_chinese_issuers_and_topics(
    admin_client_zh, tree, department_en, topic_en, other_department
):
    html = page_form(admin_client_zh, reverse("wagtailadmin_pages:edit", args=[tree["policy"].pk]))
    assert sorted(checkbox_labels(html, "issuers")) == sorted(["示例市教育局", "示例市卫生健康委员会"])
    assert checkbox_labels(html, "topics") == ["教育"]


def test_english_translation_offers_english_rows(admin_client_zh, tree, department_en, topic_en, home_en, locales):
    english_index = ensure_translation(tree["policies"], locales["en"], title="Policy documents")[0]
    assert english_index.locale == locales["en"]
    policy_en = ensure_translation(tree["policy"], locales["en"], title="Notice on the pilot")[0]
    policy_en.issuers.set([department_en])
    policy_en.save_revision().publish()
    html = page_form(admin_client_zh, reverse("wagtailadmin_pages:edit", args=[policy_en.pk]))
    assert checkbox_labels(html, "issuers") == ["Shili Education Bureau"]
    assert checked(html, "issuers") == ["Shili Education Bureau"]
    assert checkbox_labels(html, "topics") == ["Education"]


def test_new_page_offers_its_parents_locale(admin_client_zh, tree, department_en, topic_en):
    url = reverse("wagtailadmin_pages:add", args=["policies", "policypage", tree["policies"].pk])
    html = page_form(admin_client_zh, url)
    assert checkbox_labels(html, "issuers") == ["示例市教育局"]
    assert checkbox_labels(html, "topics") == ["教育"]


def test_a_row_already_chosen_in_another_language_stays_offered(admin_client_zh, tree, department_en):
    policy = tree["policy"]
    policy.issuers.add(department_en)  # e.g. an import that got it wrong
    policy.save_revision().publish()
    html = page_form(admin_client_zh, reverse("wagtailadmin_pages:edit", args=[policy.pk]))
    assert sorted(checkbox_labels(html, "issuers")) == sorted(["示例市教育局", "Shili Education Bureau"])


def test_a_department_of_another_language_is_refused(admin_client_zh, tree, department_en):
    from policies.models import PolicyPage, PolicyPageForm

    policy = PolicyPage.objects.get(pk=tree["policy"].pk)
    form_class = PolicyPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, PolicyPageForm)
    form = form_class(instance=policy, parent_page=policy.get_parent(), for_user=None)
    assert set(form.fields["issuers"].queryset) == set(Department.objects.filter(locale=policy.locale))
    assert set(form.fields["topics"].queryset) == set(Topic.objects.filter(locale=policy.locale))


def test_spokesperson_form_offers_departments_of_its_locale(admin_client_zh, department_en, locales):
    from briefings.models import Spokesperson

    url = reverse("wagtailsnippets_briefings_spokesperson:add") + "?locale=en"
    response = admin_client_zh.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["department"].queryset) == {department_en}
    assert Spokesperson  # the model the form is for


def test_snippet_chooser_lists_the_edited_pages_locale(admin_client_zh, department_en, other_department):
    url = reverse("wagtailsnippetchoosers_cms_department:choose")
    english = json.loads(admin_client_zh.get(url, {"locale": "en"}).content)["html"]
    assert "Shili Education Bureau" in english and "示例市教育局" not in english
    chinese = json.loads(admin_client_zh.get(url, {"locale": "zh-hans"}).content)["html"]
    assert "示例市教育局" in chinese and "Shili Education Bureau" not in chinese


def test_a_form_without_locale_offers_default_rows_named_in_the_readers_language(client, superuser, department_en):
    """A survey belongs to no language: it points at the Chinese (default)
    department, which an English-speaking administrator reads in English."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(superuser)
    response = client.get(reverse("wagtailsnippets_accountability_survey:add"))
    assert response.status_code == 200
    field = response.context["form"].fields["department"]
    assert list(field.queryset) == [
        Department.objects.get(pk=department_en.get_translation(department_en.locale.get_default()).pk)
    ]
    with translation.override("en"):
        assert [field.label_from_instance(row) for row in field.queryset] == ["Shili Education Bureau"]


def test_listings_name_related_departments_in_the_readers_language(client, superuser, department_en):
    from accountability.models import DepartmentMembership

    DepartmentMembership.objects.create(
        user=superuser, department=department_en.get_translation(department_en.locale.get_default())
    )
    client.force_login(superuser)
    url = reverse("wagtailsnippets_accountability_departmentmembership:list")
    chinese = client.get(url).content.decode()
    assert "示例市教育局" in chinese and "Shili Education Bureau" not in chinese
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    english = client.get(url).content.decode()
    assert "Shili Education Bureau" in english and "示例市教育局" not in english


def test_yes_no_fields_read_as_words(admin_client_zh):
    from interactions.models import RejectReason

    RejectReason.objects.get_or_create(label="与主题无关", defaults={"active": True})
    html = admin_client_zh.get(reverse("wagtailsnippets_interactions_rejectreason:list")).content.decode()
    cells = [cell.get_text(strip=True) for cell in BeautifulSoup(html, "html.parser").find_all("td")]
    assert "是" in cells and "True" not in cells
