"""Upload limits and content checks on every way a file comes in, and
uploaded documents always served as downloads that a browser will not sniff."""

import io

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from interactions import forms as comment_forms

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><script>alert(1)</script></html>"


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_limits_are_configured():
    assert django_settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert django_settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert django_settings.BRIEFINGS_MEDIA_MAX_UPLOAD_SIZE > 0
    assert "html" not in django_settings.WAGTAILDOCS_EXTENSIONS and "svg" not in django_settings.WAGTAILDOCS_EXTENSIONS
    assert django_settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == []


def test_admin_document_upload_over_the_limit_is_refused(client, superuser, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    client.force_login(superuser)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = client.post("/admin/documents/add/", {"title": "big", "file": big})
    assert response.status_code == 200  # form shown again with the error
    assert not get_document_model().objects.exists()


def test_admin_document_with_a_script_extension_is_refused(client, superuser):
    client.force_login(superuser)
    page = SimpleUploadedFile("page.html", HTML, content_type="text/html")
    response = client.post("/admin/documents/add/", {"title": "html", "file": page})
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


def test_admin_image_over_the_limit_or_not_an_image_is_refused(client, superuser, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50
    client.force_login(superuser)
    response = client.post("/admin/images/add/", {"title": "big", "file": SimpleUploadedFile("big.png", png_bytes())})
    assert response.status_code == 200
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    fake = SimpleUploadedFile("fake.png", HTML, content_type="image/png")
    response = client.post("/admin/images/add/", {"title": "fake", "file": fake})
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
    ok = client.post("/admin/images/add/", {"title": "ok", "file": SimpleUploadedFile("ok.png", png_bytes())})
    assert ok.status_code == 302 and get_image_model().objects.count() == 1


@pytest.mark.parametrize("name, content", [("report.pdf", PDF), ("notes.txt", HTML), ("table.csv", b"=1+1,@SUM(A1)\n")])
def test_documents_are_served_as_attachments_without_sniffing(client, home, name, content):
    from wagtail.models import Collection

    from cms.assets.models import PublicCollection

    # Public (cms/assets): only public files are served to anyone.
    PublicCollection.objects.create(collection=Collection.get_first_root_node(), reason="test")
    document = get_document_model().objects.create(title=name, file=SimpleUploadedFile(name, content))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response.get("Content-Security-Policy", "")
    assert "sandbox" in csp or "default-src 'none'" in csp


def test_comment_attachment_is_checked_by_content_and_size(monkeypatch):
    def form_with(upload):
        form = comment_forms.CommentForm.__new__(comment_forms.CommentForm)
        form.cleaned_data = {"attachments": [upload]}
        return form

    disguised = SimpleUploadedFile("letter.pdf", HTML, content_type="application/pdf")
    with pytest.raises(comment_forms.forms.ValidationError):
        form_with(disguised).clean_attachments()
    monkeypatch.setattr(comment_forms, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(comment_forms.forms.ValidationError):
        form_with(SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")).clean_attachments()
    monkeypatch.setattr(comment_forms, "MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
    assert form_with(SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")).clean_attachments()


def test_case_attachment_is_checked_by_content_and_size(settings):
    from interactions.cases.forms import AttachmentsField

    field = AttachmentsField(required=False)
    with pytest.raises(comment_forms.forms.ValidationError):
        field.clean([SimpleUploadedFile("scan.png", HTML)])
    settings.CASES_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(comment_forms.forms.ValidationError):
        field.clean([SimpleUploadedFile("scan.pdf", PDF)])
    settings.CASES_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
    assert field.clean([SimpleUploadedFile("scan.pdf", PDF)])[0][1] == "application/pdf"


def test_briefing_media_limit_and_type(settings):
    from django.core.exceptions import ValidationError

    from briefings.validators import validate_media_file

    with pytest.raises(ValidationError):
        validate_media_file(SimpleUploadedFile("clip.mp4", HTML * 10), "video")
    settings.BRIEFINGS_MEDIA_MAX_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError):
        validate_media_file(SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"0" * 64), "video")
