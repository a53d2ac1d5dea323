"""Only reviewed material is public (issue 19, defect 4).

A document, image or audio/video file is reachable by the public (its file
URL, its renditions, the API) only while a live, publicly viewable page uses
it, or while it sits in a collection a site administrator marked public
(cms/assets). Everything is driven through the URLs people use: uploads
through the admin's own upload and chooser views, drafts saved through the
page editor, anonymous GETs of the public addresses."""

import io
import json
import re
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, PageViewRestriction
from wagtailmedia.models import get_media_model

from cms import roles
from cms.assets.views import NOT_PUBLISHED
from cms.demo import publish
from policies.models import PolicyIndexPage, PolicyPage
from tests.test_frontend_cache import purged  # noqa: F401 - a recording CDN on 127.0.0.1
from tests.workflow.helpers import edit_form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:01.000\n主持人：大家好。\n"


def png_bytes(colour="red"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def wav_bytes():
    from briefings.samples import tone_wav

    return tone_wav(seconds=0.5)


# --- Fixtures -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Wagtail keeps renditions in the cache; ids and names repeat between tests.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def policy_index(home):
    index = PolicyIndexPage(title="政策文件", slug="policies")
    home.add_child(instance=index)
    publish(index)
    return PolicyIndexPage.objects.get(pk=index.pk)


def grant(group_name, page, codenames):
    group = Group.objects.get(name=group_name)
    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@pytest.fixture
def staff(make_user, policy_index):
    """Real users in the real role groups, page permissions on the policy section."""
    for group_name, codenames in roles.ROLE_PAGE_PERMISSIONS.items():
        grant(group_name, policy_index, codenames)
    # Uploading and choosing need collection permissions too: Wagtail's own
    # migrations give its Editors group these on the root collection, which a
    # database flushed by a transactional test no longer has.
    root = Collection.get_first_root_node()
    for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
        for action in ("add", "change", "choose"):
            GroupCollectionPermission.objects.get_or_create(
                group=Group.objects.get(name=roles.EDITORS),
                collection=root,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}"),
            )
    return {
        "editor": make_user("asset-editor", roles.EDITORS),
        "secrecy": make_user("asset-secrecy", roles.CONFIDENTIALITY_REVIEWERS),
        "moderator": make_user("asset-moderator", roles.COMMENT_MODERATORS),
        "siteadmin": make_user("asset-siteadmin", roles.SITE_ADMINISTRATORS),
        "admin": make_user("asset-admin", superuser=True),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def make_policy(policy_index, department):
    counter = {"n": 0}

    def make(*, live=False, parent=None, **fields):
        counter["n"] += 1
        fields.setdefault("body", [{"type": "heading", "value": {"text": "一、总则", "level": "h2", "anchor": ""}}])
        page = PolicyPage(
            title=f"资产测试文件{counter['n']}", slug=f"asset-policy-{counter['n']}", live=False, **fields
        )
        (parent or policy_index).add_child(instance=page)
        page.issuers.set([department])
        page.save()
        if live:
            publish(page)
        else:
            page.save_revision()
        return PolicyPage.objects.get(pk=page.pk)

    return make


# --- Doing it the way people do ---------------------------------------------------


def upload_document_in_chooser(client, name="draft-notice.pdf", content=PDF):
    """The 'Upload' tab of the page editor's document chooser."""
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {"document-chooser-upload-title": name, "document-chooser-upload-file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200, response.content[:500]
    payload = json.loads(response.content)
    assert payload["step"] == "chosen", payload
    return get_document_model().objects.get(pk=payload["result"]["id"])


def upload_image_in_chooser(client, name="draft-photo.png", colour="red", collection=None):
    data = {
        "image-chooser-upload-title": name,
        "image-chooser-upload-file": SimpleUploadedFile(name, png_bytes(colour)),
    }
    if collection is not None:
        data["image-chooser-upload-collection"] = str(collection.pk)
    response = client.post(reverse("wagtailimages_chooser:create"), data)
    assert response.status_code == 200, response.content[:500]
    payload = json.loads(response.content)
    assert payload["step"] == "chosen", payload
    return get_image_model().objects.get(pk=payload["result"]["id"])


def upload_media_in_admin(client, name="briefing.wav"):
    response = client.post(
        reverse("wagtailmedia:add", args=("audio",)),
        {
            "title": "新闻发布会录音",
            "file": SimpleUploadedFile(name, wav_bytes()),
            "captions": SimpleUploadedFile("briefing.vtt", CAPTIONS.encode()),
            "captions_language": "zh-hans",
            "collection": str(Collection.get_first_root_node().pk),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return get_media_model().objects.latest("pk")


def save_in_editor(client, page, *, document=None, image=None, action=None):
    """Post the page editor's form with the document as an attachment and the
    image as an image block in the body; 'Save draft' unless `action`."""
    data = edit_form_data(client, page)
    if document is not None:
        data.update(
            {
                "attachments-TOTAL_FORMS": "1",
                "attachments-INITIAL_FORMS": "0",
                "attachments-0-id": "",
                "attachments-0-ORDER": "1",
                "attachments-0-DELETE": "",
                "attachments-0-document": str(document.pk),
                "attachments-0-title": "附件",
            }
        )
    if image is not None:
        data.update(
            {
                "body-count": "2",
                "body-1-type": "image",
                "body-1-id": str(uuid.uuid4()),
                "body-1-deleted": "",
                "body-1-order": "1",
                "body-1-value-image": str(image.pk),
                "body-1-value-alt_text": "示意图",
                "body-1-value-decorative": "",
            }
        )
    if action:
        data[action] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return PolicyPage.objects.get(pk=page.pk)


def unpublish_in_admin(client, page):
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == 302
    assert not Page.objects.get(pk=page.pk).live


def api_ids(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/")
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def status(client, url):
    return client.get(url).status_code


def rendition_urls(html):
    return set(re.findall(r'src="(/media/images/[^"]+)"', html))


# --- Defect 4 as reported ---------------------------------------------------------


def test_a_document_uploaded_for_a_draft_is_not_public(staff, make_policy, anonymous):
    editor = client_for(staff["editor"])
    draft = make_policy()
    document = upload_document_in_chooser(editor)
    save_in_editor(editor, draft, document=document)
    assert PolicyPage.objects.get(pk=draft.pk).get_latest_revision().content["attachments"]

    assert status(anonymous, document.url) == 404
    assert status(anonymous, f"/media/{document.file.name}") == 404  # the raw file, never by name
    assert document.pk not in api_ids(anonymous, "documents")
    assert status(anonymous, f"/api/v2/documents/{document.pk}/") == 404
    # The 404 says what is going on, in the visitor's language.
    with translation.override("zh-hans"):
        assert escape(str(NOT_PUBLISHED)) in anonymous.get(document.url).content.decode()
    with translation.override("en"):
        english = anonymous.get(document.url, headers={"accept-language": "en"}).content.decode()
        assert escape(str(NOT_PUBLISHED)) in english


def test_an_image_uploaded_for_a_draft_is_not_public(staff, make_policy, anonymous):
    editor = client_for(staff["editor"])
    draft = make_policy()
    image = upload_image_in_chooser(editor)
    save_in_editor(editor, draft, image=image)
    rendition = image.get_rendition("fill-120x90")

    assert status(anonymous, image.file.url) == 404
    assert status(anonymous, rendition.url) == 404
    assert image.pk not in api_ids(anonymous, "images")
    assert status(anonymous, f"/api/v2/images/{image.pk}/") == 404


def test_audio_and_captions_uploaded_for_a_draft_briefing_are_not_public(staff, home, anonymous):
    from briefings.models import BriefingIndexPage, BriefingPage

    index = BriefingIndexPage(title="新闻发布会", slug="briefings")
    home.add_child(instance=index)
    publish(index)
    admin = client_for(staff["admin"])
    media = upload_media_in_admin(admin)
    assert media.captions
    briefing = BriefingPage(
        title="例行发布会",
        slug="routine",
        live=False,
        starts_at=timezone.now(),
        media=media,
        transcript=[("turn", {"speaker": "主持人", "text": "大家好。", "time": "0:00"})],
        transcript_complete=True,
    )
    index.add_child(instance=briefing)
    briefing.save_revision()

    for url in (media.url, media.captions.url):
        assert status(anonymous, url) == 404, url

    publish(BriefingPage.objects.get(pk=briefing.pk))
    for url in (media.url, media.captions.url):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)[:4] in (b"RIFF", b"WEBV")

    unpublish_in_admin(admin, briefing)
    for url in (media.url, media.captions.url):
        assert status(anonymous, url) == 404, url


def test_publishing_makes_the_files_public_and_unpublishing_withdraws_them(staff, make_policy, anonymous):
    editor, admin = client_for(staff["editor"]), client_for(staff["admin"])
    draft = make_policy()
    document = upload_document_in_chooser(editor)
    image = upload_image_in_chooser(editor)
    save_in_editor(editor, draft, document=document, image=image)

    page = save_in_editor(
        admin, PolicyPage.objects.get(pk=draft.pk), document=document, image=image, action="action-publish"
    )
    assert page.live
    html = anonymous.get(page.url).content.decode()
    renditions = rendition_urls(html)
    assert renditions, "the live page shows the image"
    response = anonymous.get(document.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert status(anonymous, image.file.url) == 200
    for url in renditions:
        assert status(anonymous, url) == 200
    assert document.pk in api_ids(anonymous, "documents")
    assert image.pk in api_ids(anonymous, "images")
    assert status(anonymous, f"/api/v2/documents/{document.pk}/") == 200

    unpublish_in_admin(admin, page)
    assert status(anonymous, document.url) == 404
    assert status(anonymous, image.file.url) == 404
    for url in renditions:
        assert status(anonymous, url) == 404
    assert document.pk not in api_ids(anonymous, "documents")
    assert image.pk not in api_ids(anonymous, "images")


def test_a_new_asset_in_the_draft_of_a_live_page_stays_private_until_published(staff, make_policy, anonymous):
    editor, admin = client_for(staff["editor"]), client_for(staff["admin"])
    live = make_policy(live=True)
    document = upload_document_in_chooser(editor)
    save_in_editor(editor, live, document=document)
    page = PolicyPage.objects.get(pk=live.pk)
    assert page.live and page.has_unpublished_changes
    assert status(anonymous, document.url) == 404

    save_in_editor(admin, page, document=document, action="action-publish")
    assert status(anonymous, document.url) == 200


def test_deleting_the_last_live_page_that_uses_an_image_stops_serving_it(staff, make_policy, anonymous):
    image = upload_image_in_chooser(client_for(staff["editor"]))
    body = [{"type": "image", "value": {"image": image.pk, "alt_text": "图", "decorative": False}}]
    first, second = make_policy(live=True, body=body), make_policy(live=True, body=body)
    assert status(anonymous, image.file.url) == 200

    admin = client_for(staff["admin"])
    assert admin.post(reverse("wagtailadmin_pages:delete", args=[first.pk])).status_code == 302
    assert status(anonymous, image.file.url) == 200  # still on the other page
    assert admin.post(reverse("wagtailadmin_pages:delete", args=[second.pk])).status_code == 302
    assert status(anonymous, image.file.url) == 404


def test_a_page_behind_a_view_restriction_does_not_publish_its_files(staff, make_policy, policy_index, anonymous):
    document = upload_document_in_chooser(client_for(staff["editor"]))
    page = make_policy(live=True, body=[{"type": "document", "value": {"document": document.pk, "title": ""}}])
    assert status(anonymous, document.url) == 200
    PageViewRestriction.objects.create(page=policy_index, restriction_type=PageViewRestriction.LOGIN)
    assert Page.objects.get(pk=page.pk).live
    assert status(anonymous, document.url) == 404
    assert document.pk not in api_ids(anonymous, "documents")


def test_rich_text_links_to_documents_count_as_use(staff, make_policy, anonymous):
    document = upload_document_in_chooser(client_for(staff["editor"]))
    link = f'<p>见<a linktype="document" id="{document.pk}">附件</a>。</p>'
    make_policy(live=True, body=[{"type": "paragraph", "value": link}])
    assert status(anonymous, document.url) == 200


def test_an_english_translation_using_the_image_publishes_it(staff, make_policy, locales, home_en, anonymous):
    from cms.demo import ensure_translation

    image = upload_image_in_chooser(client_for(staff["editor"]))
    zh = make_policy(live=True)
    body = [{"type": "image", "value": {"image": image.pk, "alt_text": "chart", "decorative": False}}]
    ensure_translation(Page.objects.get(pk=zh.get_parent().pk).specific, locales["en"], title="Policies")
    en, _created = ensure_translation(zh, locales["en"], title="Notice", body=body)
    assert en.live and en.locale.language_code == "en"
    assert status(anonymous, image.file.url) == 200

    unpublish_in_admin(client_for(staff["admin"]), en)
    assert status(anonymous, image.file.url) == 404


def test_an_alias_in_a_public_section_publishes_what_it_shows(
    staff, make_policy, policy_index, home, anonymous, django_capture_on_commit_callbacks
):
    image = upload_image_in_chooser(client_for(staff["editor"]))
    private_index = PolicyIndexPage(title="内部文件", slug="internal")
    home.add_child(instance=private_index)
    publish(private_index)
    PageViewRestriction.objects.create(page=private_index, restriction_type=PageViewRestriction.LOGIN)
    body = [{"type": "image", "value": {"image": image.pk, "alt_text": "图", "decorative": False}}]
    original = make_policy(live=True, parent=private_index, body=body)
    assert status(anonymous, image.file.url) == 404

    # The alias is written by Wagtail and indexed by the queued reference-index job.
    with django_capture_on_commit_callbacks(execute=True):
        original.create_alias(parent=policy_index, update_slug="alias-of-internal")
    assert status(anonymous, image.file.url) == 200


def test_staff_who_work_on_pages_or_media_still_see_private_files(staff, make_policy, anonymous):
    """Previews must work for the reviewers; other staff are treated as the public."""
    editor = client_for(staff["editor"])
    draft = make_policy()
    document = upload_document_in_chooser(editor)
    image = upload_image_in_chooser(editor)
    save_in_editor(editor, draft, document=document, image=image)
    rendition = image.get_rendition("fill-120x90")

    for name in ("editor", "secrecy", "admin"):
        client = client_for(staff[name])
        assert status(client, document.url) == 200, name
        response = client.get(rendition.url)
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        # The reviewer's preview of the draft shows the image.
    preview = client_for(staff["secrecy"]).get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))
    assert preview.status_code == 200
    for url in rendition_urls(preview.content.decode()):
        assert status(client_for(staff["secrecy"]), url) == 200
    moderator = client_for(staff["moderator"])
    assert status(moderator, document.url) == 404
    assert status(moderator, image.file.url) == 404
    # Staff never see private items in the public API either.
    assert document.pk not in api_ids(editor, "documents")


def test_a_collection_marked_public_by_a_site_administrator(staff, anonymous, django_capture_on_commit_callbacks):
    root = Collection.get_first_root_node()
    logos = root.add_child(name="网站标识")
    image = upload_image_in_chooser(client_for(staff["editor"]), collection=logos)
    assert image.collection == logos
    assert status(anonymous, image.file.url) == 404

    from cms.assets.models import PublicCollection

    add_url = reverse(PublicCollection.snippet_viewset.get_url_name("add"))
    editor = client_for(staff["editor"])
    assert editor.get(add_url).status_code in (302, 403)
    siteadmin = client_for(staff["siteadmin"])
    # Committed as in production (the asset answers are renewed after the commit).
    with django_capture_on_commit_callbacks(execute=True):
        response = siteadmin.post(add_url, {"collection": str(logos.pk), "reason": "网站标识和领导照片，经办公室审定"})
    assert response.status_code == 302, response.content.decode()[:3000]
    marked = PublicCollection.objects.get()
    assert marked.created_by == staff["siteadmin"]
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(marked.pk), user=staff["siteadmin"]
    ).exists()

    assert status(anonymous, image.file.url) == 200
    assert image.pk in api_ids(anonymous, "images")

    delete_url = reverse(PublicCollection.snippet_viewset.get_url_name("delete"), args=[marked.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert siteadmin.post(delete_url).status_code == 302
    assert status(anonymous, image.file.url) == 404


def test_nothing_is_public_by_default(db):
    from cms.assets.models import PublicCollection

    assert not PublicCollection.objects.exists()


def test_paths_that_are_never_served(staff, make_policy, anonymous):
    document = upload_document_in_chooser(client_for(staff["editor"]))
    make_policy(live=True, body=[{"type": "document", "value": {"document": document.pk, "title": ""}}])
    assert status(anonymous, document.url) == 200
    # The stored file itself, whatever the document's status, and anything unknown.
    for url in (
        f"/media/{document.file.name}",
        "/media/../config/settings/base.py",
        "/media/original_images/nothing.png",
        "/media/images/nothing.fill-10x10.png",
        "/media/comments/2026/01/letter.pdf",
        "/media/",
    ):
        assert status(anonymous, url) == 404, url
    assert status(client_for(staff["admin"]), f"/media/{document.file.name}") == 404


# --- Site furniture and assets that carry assets ---------------------------------------


def test_a_current_spokespersons_photo_is_public_for_the_directory(
    staff, locales, home, anonymous, django_capture_on_commit_callbacks
):
    import datetime

    from briefings.models import Spokesperson

    image = upload_image_in_chooser(client_for(staff["editor"]))
    with django_capture_on_commit_callbacks(execute=True):
        person = Spokesperson.objects.create(name="陈晓燕", title="新闻发言人", locale=locales["zh"], photo=image)
    assert status(anonymous, image.file.url) == 200

    person.active_until = datetime.date(2020, 1, 1)  # no longer in office, named on no page
    person.active_from = datetime.date(2019, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    assert status(anonymous, image.file.url) == 404

    # Named as a speaker of a live briefing, a past spokesperson's photo is shown there.
    from briefings.models import BriefingIndexPage, BriefingPage, BriefingSpeaker

    index = BriefingIndexPage(title="新闻发布会", slug="briefings")
    home.add_child(instance=index)
    publish(index)
    briefing = BriefingPage(
        title="2019年发布会",
        slug="briefing-2019",
        live=False,
        starts_at=timezone.now(),
        speakers=[BriefingSpeaker(spokesperson=person)],
    )
    index.add_child(instance=briefing)
    publish(BriefingPage.objects.get(pk=briefing.pk))
    assert status(anonymous, image.file.url) == 200


def test_the_poster_of_a_public_video_is_public(staff, home, anonymous, django_capture_on_commit_callbacks):
    from briefings.models import BriefingIndexPage, BriefingPage

    index = BriefingIndexPage(title="新闻发布会", slug="briefings")
    home.add_child(instance=index)
    publish(index)
    poster = upload_image_in_chooser(client_for(staff["editor"]))
    with django_capture_on_commit_callbacks(execute=True):
        media = get_media_model().objects.create(
            title="录像", type="audio", file=SimpleUploadedFile("clip.wav", wav_bytes()), poster=poster
        )
    briefing = BriefingPage(
        title="例行发布会",
        slug="routine",
        live=False,
        starts_at=timezone.now(),
        media=media,
        transcript=[("turn", {"speaker": "主持人", "text": "大家好。", "time": "0:00"})],
        transcript_complete=True,
    )
    index.add_child(instance=briefing)
    briefing.save_revision()
    assert status(anonymous, poster.file.url) == 404

    publish(BriefingPage.objects.get(pk=briefing.pk))
    assert status(anonymous, media.url) == 200
    assert status(anonymous, poster.file.url) == 200


# --- Caches and the web server in front --------------------------------------------------


def test_cached_answers_end_when_the_page_is_unpublished(
    staff, make_policy, anonymous, page_cache, fragment_cache, django_capture_on_commit_callbacks
):
    """Production caches on: the page cache never keeps a file, and the
    per-process answer is renewed by the unpublish."""
    image = upload_image_in_chooser(client_for(staff["editor"]))
    body = [{"type": "image", "value": {"image": image.pk, "alt_text": "图", "decorative": False}}]
    with django_capture_on_commit_callbacks(execute=True):
        page = make_policy(live=True, body=body)
    first = anonymous.get(image.file.url)
    assert first.status_code == 200 and "X-Page-Cache" not in first
    assert f"max-age={300}" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert status(anonymous, image.file.url) == 200  # now from the per-process answer

    with django_capture_on_commit_callbacks(execute=True):
        unpublish_in_admin(client_for(staff["admin"]), page)
    assert status(anonymous, image.file.url) == 404


def test_the_web_server_sends_the_file_after_the_check(staff, make_policy, anonymous, settings):
    document = upload_document_in_chooser(client_for(staff["editor"]))
    image = upload_image_in_chooser(client_for(staff["editor"]))
    body = [
        {"type": "document", "value": {"document": document.pk, "title": ""}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "图", "decorative": False}},
    ]
    make_policy(live=True, body=body)
    settings.GONGKAI_MEDIA_HANDOFF = "x-accel-redirect"
    settings.GONGKAI_MEDIA_ACCEL_PREFIX = "/protected-media/"
    response = anonymous.get(image.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{image.file.name}"
    assert response.content == b"" and response.get("Content-Length", "0") == "0"  # nginx sends the body
    response = anonymous.get(document.url)
    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
    assert response["Content-Disposition"].startswith("attachment")

    settings.GONGKAI_MEDIA_HANDOFF = "x-sendfile"
    assert anonymous.get(image.file.url)["X-Sendfile"] == image.file.path

    # Refusals never reach the web server's internal location.
    private = upload_image_in_chooser(client_for(staff["editor"]), name="private.png", colour="blue")
    response = anonymous.get(private.file.url)
    assert response.status_code == 404 and not response.has_header("X-Sendfile")


def test_a_cdn_in_front_is_purged_of_files_that_stop_being_public(
    staff,
    make_policy,
    anonymous,
    purged,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    image = upload_image_in_chooser(client_for(staff["editor"]))
    document = upload_document_in_chooser(client_for(staff["editor"]))
    body = [
        {"type": "image", "value": {"image": image.pk, "alt_text": "图", "decorative": False}},
        {"type": "document", "value": {"document": document.pk, "title": ""}},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        page = make_policy(live=True, body=body)
        other = make_policy(live=True, body=body[:1])  # keeps the image public
    renditions = rendition_urls(anonymous.get(page.url).content.decode())
    assert renditions
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        unpublish_in_admin(client_for(staff["admin"]), page)
    paths = {path for _host, path in purged}
    assert document.url in paths
    assert image.file.url not in paths  # still used by the other live page
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_in_admin(client_for(staff["admin"]), other)
    paths = {path for _host, path in purged}
    assert image.file.url in paths and renditions <= paths


def test_the_demo_sites_files_used_by_live_pages_keep_displaying(demo_site, anonymous):
    from briefings.models import BriefingPage

    briefing = BriefingPage.objects.get(slug="routine-briefing-2026-q4", locale__language_code="zh-hans")
    html = anonymous.get(briefing.url).content.decode()
    files = set(re.findall(r'(?:src|href)="(/(?:media|documents)/[^"#]+)', html))
    assert briefing.media.url in files and briefing.media.captions.url in files
    for url in files:
        assert status(anonymous, url) == 200, url
    english = briefing.get_translation(briefing.locale.__class__.objects.get(language_code="en"))
    for url in set(
        re.findall(r'(?:src|href)="(/(?:media|documents)/[^"#]+)', anonymous.get(english.url).content.decode())
    ):
        assert status(anonymous, url) == 200, url


def test_admin_avatars_are_for_staff_only(staff, anonymous):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff["editor"])
    profile.avatar = SimpleUploadedFile("me.png", png_bytes("green"))
    profile.save()
    url = profile.avatar.url
    assert url.startswith("/media/avatar_images/")
    assert status(client_for(staff["moderator"]), url) == 200
    assert status(anonymous, url) == 404
