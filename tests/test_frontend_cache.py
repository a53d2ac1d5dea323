"""A caching proxy or CDN in front (WAGTAILFRONTENDCACHE) is purged with the
same URLs as the page cache: here a real HTTP server on 127.0.0.1 stands in
for it and records the PURGE requests Wagtail's HTTP backend sends."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from wagtail.models import Site

from cms.demo import ensure_page
from interactions import services, tasks
from interactions.models import Comment, ConsultationPage
from policies.models import InterpretationPage
from tests.interactions.conftest import add_comment, make_consultation


class _Recorder(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purged(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server.purged
    server.shutdown()
    server.server_close()


def _paths(purged):
    return {path for _host, path in purged}


def test_publishing_an_interpretation_purges_it_and_its_policy(tree, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ensure_page(
            tree["interpretations"], InterpretationPage, "notice-qa", title="试点通知问答", policy=tree["policy"]
        )
    assert {"/interpretations/notice-qa/", "/interpretations/", "/policies/notice/", "/"} <= _paths(purged)
    assert {host for host, _path in purged} == {Site.objects.get(is_default_site=True).hostname}


def test_moderating_a_comment_purges_the_consultation_its_feed_and_exports(
    home, purged, django_capture_on_commit_callbacks
):
    page = make_consultation(home)
    comment = add_comment(page, "一条意见")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate([comment], "approve", None)
    url = page.url
    assert {url, url + "feed/", url + "export/csv/", url + "export/json/"} <= _paths(purged)
    assert Comment.objects.get(pk=comment.pk).status == Comment.PUBLISHED


def test_a_consultation_opening_by_the_clock_purges_it_and_its_listing(
    home, purged, django_capture_on_commit_callbacks
):
    page = make_consultation(home, "soon", opens=1, closes=5)
    purged.clear()
    ConsultationPage.objects.filter(pk=page.pk).update(opens_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sync_consultation_phases() == 1
    assert {page.url, page.get_parent().url, "/"} <= _paths(purged)
