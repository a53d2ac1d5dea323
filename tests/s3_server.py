"""A real S3-compatible server for tests: moto's server mode on a loopback
port, reached over HTTP by boto3 and django-storages as in production."""

import urllib.error
import urllib.request

import boto3
import pytest

BUCKET = "gongkai-media"
REGION = "cn-north-1"


@pytest.fixture
def s3_server(monkeypatch):
    """(endpoint URL, boto3 client) of a fresh server with an empty private bucket."""
    server_module = pytest.importorskip("moto.server", reason="moto[server] is a dev requirement")
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        # moto keeps its buckets per process: start each test from none.
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10)
        client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield endpoint, client
    finally:
        server.stop()


def http_get(url):
    """Status and body of a plain GET, as a browser without credentials sends it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def bucket_keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
