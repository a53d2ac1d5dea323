"""Uploads in a private bucket on a real S3-compatible server (moto's server
mode on a loopback port, reached over HTTP by django-storages and boto3 as in
production): the bucket never answers an anonymous GET for a file, the app's
check decides, and its signed redirect works against the server itself.

moto does not refuse an anonymous *listing* of a bucket as S3 does for a
private one, so that is not asserted here (docs/security.md, Object storage)."""

import pytest

from tests.s3_server import BUCKET, REGION, bucket_keys, http_get, s3_server  # noqa: F401 - fixture
from tests.security.test_private_assets import (  # noqa: F401 - fixtures and helpers shared with the local-disk tests
    PDF,
    _fresh_cache,
    anonymous,
    client_for,
    make_policy,
    policy_index,
    staff,
    status,
    unpublish_in_admin,
    upload_document_in_chooser,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_bucket(s3_server, settings):  # noqa: F811
    endpoint, client = s3_server
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "cms.assets.storage.GatedS3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "region_name": REGION,
                "endpoint_url": endpoint,
                "querystring_expire": 60,
            },
        },
    }
    return endpoint, client


def test_the_bucket_is_private_and_the_app_signs_what_is_public(media_bucket, staff, make_policy, anonymous):  # noqa: F811
    endpoint, client = media_bucket
    editor = client_for(staff["editor"])
    document = upload_document_in_chooser(editor, name="server-notice.pdf")
    assert document.file.name in bucket_keys(client)

    direct = f"{endpoint}/{BUCKET}/{document.file.name}"
    assert http_get(direct)[0] == 403  # never readable straight from the bucket
    assert status(anonymous, document.url) == 404  # a draft's upload: not public

    page = make_policy(live=True, body=[{"type": "document", "value": {"document": document.pk, "title": ""}}])
    response = anonymous.get(document.url)
    assert response.status_code == 302 and response["Location"].startswith(endpoint)
    assert http_get(response["Location"]) == (200, PDF)  # the signed address works on the server
    assert http_get(direct)[0] == 403  # and the bucket itself stays private

    unpublish_in_admin(client_for(staff["admin"]), page)
    assert status(anonymous, document.url) == 404
