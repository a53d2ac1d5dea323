"""Every error page is branded and bilingual with DEBUG off (issue 20,
defect 10): CSRF (a missing cookie and an expired token), 400, 403, 404,
429, 500 and 503 each say what happened and what to do in Chinese and in
English (the reader's language first) under the site's emblem, never
Django's bare pages ("请设置选项DEBUG=True") or a traceback.

The 400, 403, 500 and 503 pages are reached through views that fail on
purpose, mounted before the site's own URLs (this module is the URLconf)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db.utils import OperationalError
from django.test import Client
from django.urls import path

from accountability.models import Survey
from config import urls as site_urls

# Whatever error handlers the site's URLconf declares, this one declares too.
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, _name):
        globals()[_name] = getattr(site_urls, _name)


def _bad_request(request):
    raise SuspiciousOperation("a malformed request")


def _forbidden(request):
    raise PermissionDenied


def _bug(request):
    raise RuntimeError("a bug")


def _database_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [
    path("test-errors/400/", _bad_request),
    path("test-errors/403/", _forbidden),
    path("test-errors/500/", _bug),
    path("test-errors/503/", _database_down),
    *site_urls.urlpatterns,
]

TITLES = {
    "400": ("请求无法处理", "Bad request"),
    "403": ("无权访问", "Access denied"),
    "csrf": ("表单已失效，未能提交", "The form has expired and was not sent"),
    "csrf-cookie": ("浏览器未允许 Cookie，表单未能提交", "Cookies are blocked, so the form was not sent"),
    "404": ("页面不存在", "Page not found"),
    "429": ("提交过于频繁", "Too many requests"),
    "500": ("系统错误", "Server error"),
    "503": ("服务暂时不可用", "Service temporarily unavailable"),
}


@pytest.fixture(autouse=True)
def _error_urls(settings):
    from django.core.cache import cache

    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    cache.clear()  # rate-limit counters of other tests
    yield
    cache.clear()


def assert_branded_and_bilingual(response, status, kind, first="zh-hans"):
    assert response.status_code == status
    html = response.content.decode()
    assert 'class="emblem"' in html, "the site's emblem"
    assert "DEBUG" not in html and "Traceback" not in html
    assert re.findall(r'<section lang="([^"]+)"', html)[:2] == (
        [first, "en"] if first == "zh-hans" else ["en", "zh-hans"]
    )
    zh, en = TITLES[kind]
    first_title, second_title = (zh, en) if first == "zh-hans" else (en, zh)
    assert f"<h1>{first_title}</h1>" in html and f"<h2>{second_title}</h2>" in html
    assert 'href="/"' in html and 'href="/en/"' in html, "a way home in each language"
    assert '<meta name="robots" content="noindex">' in html
    return html


def test_404_in_the_site_layout(client, home):
    html = assert_branded_and_bilingual(client.get("/no-such-page/"), 404, "404")
    assert 'class="site-header"' in html and 'name="q"' in html  # the layout, with a search box
    assert_branded_and_bilingual(client.get("/en/no-such-page/"), 404, "404", first="en")


@pytest.fixture
def survey(home):
    return Survey.objects.create(title="教育局服务满意度评议", slug="education", service="入学咨询")


def test_csrf_without_the_cookie(home, survey):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/evaluation/education/", {"overall": "5"})
    html = assert_branded_and_bilingual(response, 403, "csrf-cookie")
    assert "Allow cookies for this site" in html and "请允许本站使用 Cookie" in html
    assert "no-store" in response["Cache-Control"]


def test_csrf_with_an_expired_token(home, survey):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/evaluation/education/")
    assert "csrftoken" in browser.cookies
    response = browser.post("/evaluation/education/", {"overall": "5", "csrfmiddlewaretoken": "x" * 64})
    assert_branded_and_bilingual(response, 403, "csrf")
    english = browser.post("/en/evaluation/education/", {"overall": "5", "csrfmiddlewaretoken": "x" * 64})
    assert_branded_and_bilingual(english, 403, "csrf", first="en")


def test_400_and_403(client, home):
    assert_branded_and_bilingual(client.get("/test-errors/400/"), 400, "400")
    assert_branded_and_bilingual(client.get("/test-errors/403/"), 403, "403")


def test_400_for_a_host_the_site_does_not_serve(client, home):
    # The site layout needs the host to find the site: the page falls back to the standalone one.
    assert_branded_and_bilingual(client.get("/", HTTP_HOST="evil.example"), 400, "400")


def test_500_and_503_need_nothing_but_the_templates(home):
    browser = Client(raise_request_exception=False)
    assert_branded_and_bilingual(browser.get("/test-errors/500/"), 500, "500")
    response = browser.get("/test-errors/503/")
    assert_branded_and_bilingual(response, 503, "503")
    assert response["Retry-After"]


def test_429(client, home, survey, settings):
    settings.ACCOUNTABILITY_SURVEY_RATE = "1/h"
    client.post("/evaluation/education/", {"overall": "5"})
    assert_branded_and_bilingual(client.post("/evaluation/education/", {"overall": "5"}), 429, "429")
