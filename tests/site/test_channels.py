"""Publish-to-channels: signed JSON webhooks to receivers on 127.0.0.1,
retried with backoff through django-q2, every attempt logged."""

import hashlib
import hmac
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import PageViewRestriction

from cms.channels import MAX_ATTEMPTS, SIGNATURE_HEADER, Channel, ChannelDelivery, backoff, deliver, verify
from cms.demo import ensure_page
from home.models import TopicIndexPage, TopicPage

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-tests"


class Receiver:
    """An HTTP receiver on 127.0.0.1 answering with the given status codes in turn."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _closed_port_url():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/dead"


def _publish_new_topic(public_site, slug, django_capture_on_commit_callbacks):
    index = TopicIndexPage.objects.get(locale=public_site["zh"])
    page, _created = ensure_page(index, TopicPage, slug, live=False, title=f"新专题 {slug}", summary="摘要")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def _run_due_schedules():
    """What the django-q2 cluster's scheduler does, run now (tasks are synchronous in tests)."""
    from django_q.scheduler import scheduler

    Schedule.objects.filter(func="cms.channels.deliver").update(next_run=timezone.now() - timedelta(seconds=1))
    scheduler()


def test_publication_is_posted_signed_to_each_channel(public_site, django_capture_on_commit_callbacks):
    with Receiver() as one, Receiver() as two:
        Channel.objects.create(name="政务微博", url=one.url, secret=SECRET)
        Channel.objects.create(name="generic", url=two.url, secret="other-secret")
        Channel.objects.create(name="switched off", url=two.url, secret="x", enabled=False)
        page = _publish_new_topic(public_site, "signed", django_capture_on_commit_callbacks)
    assert len(one.requests) == 1 and len(two.requests) == 1
    request = one.requests[0]
    signature = request["headers"][SIGNATURE_HEADER]
    assert signature == "sha256=" + hmac.new(SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
    assert verify(request["body"], SECRET, signature) and not verify(request["body"], "wrong", signature)
    assert verify(two.requests[0]["body"], "other-secret", two.requests[0]["headers"][SIGNATURE_HEADER])
    payload = json.loads(request["body"])
    assert payload["event"] == "page.published" and payload["id"] == page.pk
    assert payload["title"] == page.title and payload["language"] == "zh-hans" and payload["type"] == "home.topicpage"
    assert payload["url"].endswith("/topics/signed/")
    logs = ChannelDelivery.objects.filter(page=page)
    assert sorted(logs.values_list("channel_name", "status", "attempt", "http_status")) == [
        ("generic", "success", 1, 200),
        ("政务微博", "success", 1, 200),
    ]


def test_failing_receiver_is_retried_with_backoff_until_it_recovers(public_site, django_capture_on_commit_callbacks):
    with Receiver(statuses=[500, 503, 200]) as receiver:
        Channel.objects.create(name="flaky", url=receiver.url, secret=SECRET)
        page = _publish_new_topic(public_site, "flaky", django_capture_on_commit_callbacks)
        assert TopicPage.objects.get(pk=page.pk).live  # publishing did not wait for the channel
        first = ChannelDelivery.objects.get(page=page)
        assert (first.status, first.attempt, first.http_status) == ("failed", 1, 500)
        assert first.next_attempt_at is not None
        assert timedelta(seconds=50) < first.next_attempt_at - first.created_at <= backoff(1) + timedelta(seconds=5)
        assert Schedule.objects.filter(func="cms.channels.deliver").count() == 1
        _run_due_schedules()
        _run_due_schedules()
    attempts = list(
        ChannelDelivery.objects.filter(page=page).order_by("attempt").values_list("attempt", "status", "http_status")
    )
    assert attempts == [(1, "failed", 500), (2, "failed", 503), (3, "success", 200)]
    assert len(receiver.requests) == 3
    ids = {r["headers"]["X-Gongkai-Delivery"] for r in receiver.requests}
    assert len(ids) == 1  # the same delivery, retried: receivers can deduplicate
    bodies = {json.loads(r["body"])["id"] for r in receiver.requests}
    assert bodies == {page.pk}
    assert backoff(1) < backoff(2) < backoff(3) < backoff(4)


def test_a_dead_channel_never_blocks_publishing(public_site, django_capture_on_commit_callbacks):
    Channel.objects.create(name="dead", url=_closed_port_url(), secret=SECRET)
    with Receiver() as alive:
        Channel.objects.create(name="alive", url=alive.url, secret=SECRET)
        page = _publish_new_topic(public_site, "dead-channel", django_capture_on_commit_callbacks)
    assert TopicPage.objects.get(pk=page.pk).live
    assert ChannelDelivery.objects.get(page=page, channel_name="dead").status == "failed"
    assert ChannelDelivery.objects.get(page=page, channel_name="alive").status == "success"


def test_retries_stop_after_the_last_attempt(public_site):
    Channel.objects.create(name="dead", url=_closed_port_url(), secret=SECRET)
    page = TopicPage.objects.get(locale=public_site["zh"])
    deliver("dead", page.pk, None, MAX_ATTEMPTS, "fixed-id")
    log = ChannelDelivery.objects.get(delivery_id="fixed-id")
    assert log.status == "failed" and log.next_attempt_at is None
    assert not Schedule.objects.filter(name__startswith="channel-retry-fixed-id").exists()


def test_private_pages_and_other_page_types_are_not_sent(public_site, django_capture_on_commit_callbacks, settings):
    with Receiver() as receiver:
        settings.GONGKAI_CHANNELS = [{"name": "from settings", "url": receiver.url, "secret": SECRET}]
        Channel.objects.create(name="policies only", url=receiver.url, secret=SECRET, page_types="policies.policypage")
        index = TopicIndexPage.objects.get(locale=public_site["zh"])
        page, _created = ensure_page(index, TopicPage, "private", live=False, title="内部")
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        assert receiver.requests == []
        public = _publish_new_topic(public_site, "public", django_capture_on_commit_callbacks)
    assert [json.loads(r["body"])["id"] for r in receiver.requests] == [public.pk]
    assert list(ChannelDelivery.objects.filter(page=public).values_list("channel_name", flat=True)) == ["from settings"]
