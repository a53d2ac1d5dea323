"""Uploads in a private S3-compatible bucket (cms.assets.storage.GatedS3Storage):
pages link to the app's /media/ and /documents/ addresses, the app checks the
rule and redirects to a short-lived signed address. The bucket is moto's
in-process S3, reached through django-storages and boto3 as in production."""

from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from moto import mock_aws

from tests.security.test_private_assets import (  # noqa: F401 - fixtures and helpers shared with the local-disk tests
    _fresh_cache,
    anonymous,
    client_for,
    make_policy,
    policy_index,
    staff,
    status,
    unpublish_in_admin,
    upload_document_in_chooser,
    upload_image_in_chooser,
)

pytestmark = pytest.mark.django_db

BUCKET = "gongkai-media"


@pytest.fixture
def bucket(settings, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "cn-north-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        boto3.client("s3", region_name="cn-north-1").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "cn-north-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "cms.assets.storage.GatedS3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "region_name": "cn-north-1", "querystring_expire": 60},
            },
        }
        yield boto3.client("s3", region_name="cn-north-1")


def signed(response, key):
    assert response.status_code == 302, response.status_code
    assert "no-store" in response["Cache-Control"]
    location = urlparse(response["Location"])
    assert location.path.endswith("/" + key) or location.path.endswith(f"/{BUCKET}/{key}")
    query = parse_qs(location.query)
    assert query.get("X-Amz-Expires") == ["60"] and "X-Amz-Signature" in query
    return location


def test_files_in_a_private_bucket_are_reached_only_through_the_check(bucket, staff, make_policy, anonymous):  # noqa: F811
    editor = client_for(staff["editor"])
    document = upload_document_in_chooser(editor, name="s3-notice.pdf")
    image = upload_image_in_chooser(editor, name="s3-photo.png")
    # Stored in the bucket, linked through the app.
    from cms.assets.storage import GatedS3Storage

    assert isinstance(document.file.storage._wrapped, GatedS3Storage)
    keys = {item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert document.file.name in keys and image.file.name in keys
    assert image.file.url == f"/media/{image.file.name}"
    rendition = image.get_rendition("fill-20x20")
    assert rendition.url.startswith("/media/images/")

    for url in (document.url, image.file.url, rendition.url):
        assert status(anonymous, url) == 404, url
    # The editor may preview them: a signed redirect, never cached.
    signed(editor.get(image.file.url), image.file.name)

    body = [
        {"type": "document", "value": {"document": document.pk, "title": ""}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "图", "decorative": False}},
    ]
    page = make_policy(live=True, body=body)
    location = signed(anonymous.get(document.url), document.file.name)
    assert "attachment" in parse_qs(location.query)["response-content-disposition"][0]
    signed(anonymous.get(image.file.url), image.file.name)
    signed(anonymous.get(rendition.url), rendition.file.name)

    unpublish_in_admin(client_for(staff["admin"]), page)
    for url in (document.url, image.file.url, rendition.url):
        assert status(anonymous, url) == 404, url
