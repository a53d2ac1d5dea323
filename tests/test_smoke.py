"""Every page of the demo site renders in both languages, and the admin
accepts the printed demo login."""

import pytest
from wagtail.models import Page

from home.demo import DEMO_PASSWORD


@pytest.fixture
def live_pages(demo_site):
    return [page.specific for page in Page.objects.live().filter(depth__gt=1)]


def test_every_demo_page_renders_in_both_languages(client, live_pages):
    languages = {page.locale.language_code for page in live_pages}
    assert languages == {"zh-hans", "en"}
    assert len(live_pages) >= 20
    for page in live_pages:
        url = page.get_url()
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert page.title.replace("'", "&#x27;") in html, url
        assert f'<html lang="{page.locale.language_code}"' in html, url


def test_chinese_home_at_root_and_english_under_en(client, demo_site):
    zh = client.get("/")
    assert zh.status_code == 200
    assert "示例市人民政府信息公开" in zh.content.decode()
    assert "跳到主要内容" in zh.content.decode()  # compiled zh_Hans catalogue
    en = client.get("/en/")
    assert en.status_code == 200
    body = en.content.decode()
    assert "Shili City Government Information Disclosure" in body
    assert "Skip to main content" in body
    assert "Policy documents" in body


def test_home_lists_latest_items_of_each_section(client, demo_site):
    html = client.get("/").content.decode()
    for title in [
        "示例市中小学课后服务实施办法",
        "示例市2026年第四季度例行新闻发布会",
        "《示例市养犬管理条例（征求意见稿）》公开征求意见",
    ]:
        assert title in html


def test_language_switch_links_to_the_translated_page(client, demo_site):
    html = client.get("/policies/open-government-notice-2026/").content.decode()
    assert 'href="/en/policies/open-government-notice-2026/"' in html


def test_demo_admin_login_works(client, demo_site):
    response = client.post("/admin/login/", {"username": "admin", "password": DEMO_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    assert client.get("/admin/").status_code == 200


def test_every_demo_role_can_log_in_to_the_admin(client, demo_site):
    for username in ["editor", "reviewer", "secrecy", "leader", "moderator", "handler", "siteadmin"]:
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get("/admin/").status_code == 200, username


def test_load_demo_is_idempotent(demo_site):
    from django.core.management import call_command

    before = Page.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Page.objects.count() == before


def test_unknown_url_gives_friendly_404_in_each_language(client, demo_site):
    zh = client.get("/no-such-page/")
    assert zh.status_code == 404
    assert "页面不存在" in zh.content.decode()
    en = client.get("/en/no-such-page/")
    assert en.status_code == 404
    assert "Page not found" in en.content.decode()
