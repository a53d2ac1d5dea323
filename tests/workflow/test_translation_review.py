"""Translations go through review (issue 19, defect 6): the translation
editor can submit for review and shows the stage's actions to its
reviewers; converting to an alias and "publish immediately" are refused to
roles without publish rights; saving a live translation's draft never
changes the live page."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from cms import roles
from cms.demo import ensure_translation, publish
from cms.workflow.seeding import CONFIDENTIALITY_REVIEW, DEPARTMENT_REVIEW, assign_publication_workflow

from .helpers import act, attest, grant, make_draft, stage_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(locales):
    return locales["en"]


@pytest.fixture
def chinese_page(section, people, home_en, en):
    english_section, _created = ensure_translation(section, en, title="Consultations")
    # Each role holds its page permissions on the section in both languages.
    for group_name, codenames in roles.ROLE_PAGE_PERMISSIONS.items():
        grant(Group.objects.get(name=group_name), english_section, codenames)
    assign_publication_workflow()
    page = make_draft(section, people["editor"], title="关于征集意见的通知", slug="notice")
    publish(page)
    return Page.objects.get(pk=page.pk).specific


def submit_translation_request(client, page, locale):
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert client.get(url).status_code == 200
    return client.post(url, {"locales": [locale.pk]})


@pytest.fixture
def english_draft(chinese_page, people, login, en):
    """The editor asks for an English translation, as in the admin."""
    response = submit_translation_request(login(people["editor"]), chinese_page, en)
    assert response.status_code == 302
    return Page.objects.get(translation_key=chinese_page.translation_key, locale=en).specific


def translate_title(client, page, text):
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=page.locale)
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = client.put(url, data=f"value={text}", content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 201), response.content
    return StringTranslation.objects.get(translation_of=segment.string, locale=page.locale).data


def editor_html(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_translation_is_submitted_for_review_from_the_translation_editor(english_draft, people, login):
    editor = login(people["editor"])
    assert not english_draft.live
    translate_title(editor, english_draft, "Notice on the consultation")
    html = editor_html(editor, english_draft)
    assert "js-translation-editor" in html  # wagtail-localize's editor, with our bar
    assert reverse("cms_submit_translation", args=[english_draft.pk]) in html
    response = editor.post(reverse("cms_submit_translation", args=[english_draft.pk]), follow=True)
    assert response.status_code == 200
    assert stage_name(english_draft) == DEPARTMENT_REVIEW
    page = Page.objects.get(pk=english_draft.pk)
    assert not page.live and page.get_latest_revision_as_object().title == "Notice on the consultation"

    # The department reviewer sees the stage's actions in the translation editor.
    dept = login(people["dept"])
    html = editor_html(dept, english_draft)
    assert "data-workflow-action-url" in html and DEPARTMENT_REVIEW.split()[0] in html
    act(dept, english_draft, "approve")
    act(login(people["secrecy"]), english_draft, "approve", **attest())
    act(login(people["leader"]), english_draft, "approve", comment="同意发布英文版。")
    live = Page.objects.get(pk=english_draft.pk)
    assert live.live and live.title == "Notice on the consultation"


def publish_from_translation_editor(client, page, run_on_commit):
    # wagtail-localize publishes when the transaction commits.
    with run_on_commit():
        client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"})


def test_saving_a_live_translation_for_review_keeps_the_live_text(
    english_draft, people, login, superuser, run_on_commit
):
    editor = login(people["editor"])
    translate_title(editor, english_draft, "Notice, first version")
    # A publisher publishes the first version from the translation editor.
    publish_from_translation_editor(login(superuser), english_draft, run_on_commit)
    assert Page.objects.get(pk=english_draft.pk).title == "Notice, first version"

    editor = login(people["editor"])
    translate_title(editor, english_draft, "Notice, unreviewed second version")
    editor.post(reverse("cms_submit_translation", args=[english_draft.pk]))
    page = Page.objects.get(pk=english_draft.pk)
    assert page.live and page.title == "Notice, first version"  # the public still reads the reviewed text
    assert page.get_latest_revision_as_object().title == "Notice, unreviewed second version"
    assert stage_name(english_draft) == DEPARTMENT_REVIEW


@pytest.fixture
def live_english(english_draft, people, login, superuser, run_on_commit):
    translate_title(login(people["editor"]), english_draft, "Reviewed English notice")
    publish_from_translation_editor(login(superuser), english_draft, run_on_commit)
    page = Page.objects.get(pk=english_draft.pk)
    assert page.live and page.title == "Reviewed English notice"
    return page


def test_an_editor_cannot_convert_a_translation_into_an_alias(live_english, people, login):
    editor = login(people["editor"])
    url = reverse("wagtail_localize:convert_to_alias", args=[live_english.pk])
    for response in (editor.get(url, follow=True), editor.post(url, follow=True)):
        html = response.content.decode()
        assert "审核" in html  # the reason, in Chinese
    page = Page.objects.get(pk=live_english.pk)
    assert page.alias_of_id is None and page.title == "Reviewed English notice"


def test_a_publisher_can_convert_a_translation_into_an_alias(live_english, chinese_page, superuser, login):
    admin = login(superuser)
    response = admin.post(reverse("wagtail_localize:convert_to_alias", args=[live_english.pk]))
    assert response.status_code == 302
    page = Page.objects.get(pk=live_english.pk)
    assert page.alias_of_id == chinese_page.pk and page.title == chinese_page.title


def test_publish_immediately_is_refused_to_editors(live_english, chinese_page, people, login):
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.get(object_id=chinese_page.translation_key)
    editor = login(people["editor"])
    translate_title(editor, live_english, "Sneaky unreviewed English")
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert editor.get(url).status_code == 200
    response = editor.post(url, {"publish_translations": "on"}, follow=True)
    assert "审核" in response.content.decode()
    assert Page.objects.get(pk=live_english.pk).title == "Reviewed English notice"


def test_the_live_row_of_a_page_is_never_rewritten_outside_publication(chinese_page):
    page = Page.objects.get(pk=chinese_page.pk).specific
    page.title = "直接改写的标题"
    page.save()
    assert Page.objects.get(pk=chinese_page.pk).title == "关于征集意见的通知"
    page.save_revision().publish()
    assert Page.objects.get(pk=chinese_page.pk).title == "直接改写的标题"


def test_reviewers_act_on_the_stage_in_the_translation_editor_only_at_their_stage(english_draft, people, login):
    editor = login(people["editor"])
    translate_title(editor, english_draft, "Notice")
    editor.post(reverse("cms_submit_translation", args=[english_draft.pk]))
    act(login(people["dept"]), english_draft, "approve")
    assert stage_name(english_draft) == CONFIDENTIALITY_REVIEW
    assert "data-workflow-action-url" not in editor_html(login(people["dept"]), english_draft)
    assert "data-workflow-action-url" in editor_html(login(people["secrecy"]), english_draft)
    assert Locale.objects.filter(language_code="en").exists()


def test_an_alias_in_english_says_it_shows_the_original_and_whose_review(
    live_english, chinese_page, superuser, login, client, people
):
    login(superuser).post(reverse("wagtail_localize:convert_to_alias", args=[live_english.pk]))
    client.logout()
    alias = Page.objects.get(pk=live_english.pk)
    html = client.get(alias.url).content.decode()
    assert "has not been translated" in html or "尚未翻译" in html
    assert chinese_page.url in html
