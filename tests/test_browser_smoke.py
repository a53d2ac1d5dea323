import pytest

from tests.browser import screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_in_a_real_browser(live_server, demo_site, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == "示例市人民政府信息公开"
    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    assert "Shili City Government" in page.locator("h1").first.inner_text()
    screenshot(page, "home-en-desktop")
