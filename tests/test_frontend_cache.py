"""A caching proxy or CDN in front (WAGTAILFRONTENDCACHE) is purged through
Wagtail's frontend cache alone, with the same pages as the page cache: each
publish purges each URL once. `RecordingBackend`, a real frontend-cache
backend, records what Wagtail asks it to purge; a real HTTP server on
127.0.0.1 checks that the PURGE requests leave the process."""

import datetime
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Site

from cms.demo import ensure_page
from interactions import services, tasks
from interactions.models import Comment, ConsultationPage
from policies.models import InterpretationPage
from tests.interactions.conftest import add_comment, make_consultation


class RecordingBackend(BaseBackend):
    """Wagtail builds one per purge task from WAGTAILFRONTENDCACHE; every URL
    it is asked to purge lands in `purged`, in order, duplicates kept."""

    purged = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "tests.test_frontend_cache.RecordingBackend"}}
    RecordingBackend.purged = []
    yield RecordingBackend.purged
    RecordingBackend.purged = []


def _root():
    return Site.objects.get(is_default_site=True).root_url


def _once_each(purged):
    """The purged URLs as a set, after checking none was purged twice."""
    twice = [url for url, count in Counter(purged).items() if count > 1]
    assert not twice, f"purged more than once: {twice}"
    return set(purged)


class _Recorder(BaseHTTPRequestHandler):
    def do_PURGE(self):
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


def test_publishing_an_interpretation_purges_it_its_listing_home_and_policy_once_each(
    tree, cdn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ensure_page(
            tree["interpretations"], InterpretationPage, "notice-qa", title="试点通知问答", policy=tree["policy"]
        )
    root = _root()
    assert _once_each(cdn) == {
        root + "/interpretations/notice-qa/",
        root + "/interpretations/",
        root + "/policies/notice/",
        root + "/",
    }


def test_the_purge_requests_reach_the_proxy_over_http(tree, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ensure_page(
            tree["interpretations"], InterpretationPage, "notice-qa", title="试点通知问答", policy=tree["policy"]
        )
    assert sorted(path for _host, path in purged) == [
        "/",
        "/interpretations/",
        "/interpretations/notice-qa/",
        "/policies/notice/",
    ]
    assert {host for host, _path in purged} == {Site.objects.get(is_default_site=True).hostname}


def test_publishing_a_consultation_purges_its_feed_and_exports_too(home, cdn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_consultation(home)
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    url = page.full_url
    assert _once_each(cdn) == {
        url,
        url + "feed/",
        url + "export/csv/",
        url + "export/json/",
        page.get_parent().full_url,
        _root() + "/",
    }


def test_moderating_a_comment_purges_the_consultation_its_feed_and_exports(
    home, cdn, django_capture_on_commit_callbacks
):
    page = make_consultation(home)
    comment = add_comment(page, "一条意见")
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate([comment], "approve", None)
    url = page.full_url
    assert _once_each(cdn) == {url, url + "feed/", url + "export/csv/", url + "export/json/"}
    assert Comment.objects.get(pk=comment.pk).status == Comment.PUBLISHED


def test_a_consultation_opening_by_the_clock_purges_it_and_its_listing(home, cdn, django_capture_on_commit_callbacks):
    page = make_consultation(home, "soon", opens=1, closes=5)
    cdn.clear()
    ConsultationPage.objects.filter(pk=page.pk).update(opens_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sync_consultation_phases() == 1
    url = page.full_url
    assert _once_each(cdn) == {
        url,
        url + "feed/",
        url + "export/csv/",
        url + "export/json/",
        page.get_parent().full_url,
        _root() + "/",
    }
