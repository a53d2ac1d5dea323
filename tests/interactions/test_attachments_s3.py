"""Citizens' attachments in the private bucket (MEDIA_S3_BUCKET): a file sent
with a comment through the public form is stored under private/comments/ on a
real S3-compatible server, never readable there without credentials, and
reaches a moderator only through the admin's logged download view."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interactions.models import CommentAttachment
from tests.interactions.conftest import form_data
from tests.s3_server import BUCKET, REGION, bucket_keys, http_get, s3_server  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def private_bucket(s3_server, settings):  # noqa: F811
    endpoint, client = s3_server
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "region_name": REGION,
                "endpoint_url": endpoint,
                "location": "private",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    return endpoint, client


def test_a_comment_attachment_is_private_in_the_bucket(client, consultation, moderator, private_bucket):
    endpoint, bucket = private_bucket
    data = form_data(attachments=[SimpleUploadedFile("意见附件.pdf", PDF, content_type="application/pdf")])
    assert client.post(consultation.url + "comment/", data).status_code == 302

    item = CommentAttachment.objects.get()
    [key] = [key for key in bucket_keys(bucket) if key.startswith("private/comments/")]
    assert key == "private/" + item.file.name
    assert http_get(f"{endpoint}/{BUCKET}/{quote(key)}")[0] == 403  # not readable straight from the bucket

    url = reverse("interactions_admin:attachment", args=[item.pk])
    assert client.get(url).status_code in (302, 403)  # the citizen's browser is not staff
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
