"""Uploads in a private bucket on a real S3-compatible server (moto's server
mode on a loopback port, reached over HTTP by django-storages and boto3 as in
production): the bucket never answers an anonymous GET for a file, the app's
check decides, and its signed redirect works against the server itself.

moto does not refuse an anonymous *listing* of a bucket as S3 does for a
private one, so that is not asserted here (docs/security.md, Object storage)."""

import urllib.error
import urllib.request

import boto3
import pytest

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

BUCKET = "gongkai-media"
REGION = "cn-north-1"


@pytest.fixture
def s3_server(settings, monkeypatch):
    server_module = pytest.importorskip("moto.server", reason="moto[server] is a dev requirement")
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",  # noqa: S105 - the local server's fake credentials
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
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
        yield endpoint, client
    finally:
        server.stop()


def http_get(url):
    """Status and body of a plain GET, as a browser without credentials sends it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_the_bucket_is_private_and_the_app_signs_what_is_public(s3_server, staff, make_policy, anonymous):  # noqa: F811
    endpoint, client = s3_server
    editor = client_for(staff["editor"])
    document = upload_document_in_chooser(editor, name="server-notice.pdf")
    keys = {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert document.file.name in keys

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
