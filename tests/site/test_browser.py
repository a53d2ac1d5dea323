"""The public site in Debian's chromium: a reader's journey on a desktop and
a phone (screenshots in test-artifacts/), and axe-core finding no WCAG 2.1
A/AA violation on any public page type, in both languages and in 长辈模式.

One browser for the session; the accessibility scan loads the demo site
once, walks every page and reports per page type."""

import pytest

from tests.browser import DESKTOP, screenshot
from tests.site.pages import LANGUAGES, public_urls

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
pytestmark = pytest.mark.browser


# --- the reader's journey ---------------------------------------------------------


def _journey(tab, base, name):
    tab.goto(base + "/")
    assert tab.locator("main h1").first.is_visible()
    screenshot(tab, f"{name}-1-home")
    # Home → a policy.
    tab.locator("#section-policies ~ ul a, #section-policies + ul a").first.click()
    tab.wait_for_load_state()
    assert "/policies/" in tab.url
    policy_title = tab.locator("main h1").first.inner_text()
    assert policy_title
    screenshot(tab, f"{name}-2-policy")
    # Policy → its interpretation (or the interpretation list when it has none).
    interpretation = tab.locator("main a[href*='/interpretations/']").first
    if interpretation.count():
        interpretation.click()
    else:
        tab.goto(base + "/interpretations/")
        tab.locator("main .item-list a").first.click()
    tab.wait_for_load_state()
    assert "/interpretations/" in tab.url
    screenshot(tab, f"{name}-3-interpretation")
    # Site-wide search from the header.
    tab.get_by_role("searchbox").first.fill("课后服务")
    tab.get_by_role("search").first.get_by_role("button").click()
    tab.wait_for_load_state()
    assert "/search/" in tab.url and "q=" in tab.url
    assert tab.locator("main").first.is_visible() and tab.locator("h1").first.inner_text()
    screenshot(tab, f"{name}-4-search")
    # A consultation and its comment form.
    tab.goto(base + "/consultations/")
    tab.locator("main .item-list a, main article a, main li a").first.click()
    tab.wait_for_load_state()
    screenshot(tab, f"{name}-5-consultation")
    form = tab.locator("main form:has(textarea)").first
    assert form.count(), "the open consultation shows its comment form"
    form.scroll_into_view_if_needed()
    textarea = form.locator("textarea").first
    textarea_id = textarea.get_attribute("id")
    assert textarea_id and form.locator(f"label[for='{textarea_id}']").count(), "the comment box has a label"
    textarea.fill("建议延长课后服务时间。")
    screenshot(tab, f"{name}-6-comment-form")


def test_reader_journey_on_desktop_and_phone(site_server, page, phone_page):
    _journey(page, site_server, "journey-desktop")
    _journey(phone_page, site_server, "journey-phone")
    # On a phone the header stays usable: search box and 长辈模式 within the viewport.
    phone_page.goto(site_server + "/")
    box = phone_page.get_by_role("searchbox").first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, "no sideways scrolling on a phone"


def test_elder_mode_works_without_javascript(site_server, browser):
    base = site_server
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base + "/policies/")
    size = tab.evaluate("getComputedStyle(document.body).fontSize")
    tab.locator("form.elder-toggle button").click()
    tab.wait_for_load_state()
    assert tab.url == base + "/policies/"
    assert "elder" in (tab.locator("html").get_attribute("class") or "")
    larger = tab.evaluate("getComputedStyle(document.body).fontSize")
    assert float(larger.rstrip("px")) >= float(size.rstrip("px")) * 1.2
    screenshot(tab, "elder-mode-policies")
    tab.goto(base + "/en/")  # remembered across pages and languages
    assert "elder" in (tab.locator("html").get_attribute("class") or "")
    tab.locator("form.elder-toggle button").click()
    tab.wait_for_load_state()
    assert "elder" not in (tab.locator("html").get_attribute("class") or "")
    context.close()


# --- axe-core ----------------------------------------------------------------------


def _type_names():
    from tests.site.pages import EXTRA_NAMES, page_types

    return [*page_types(), *EXTRA_NAMES]


@pytest.fixture(scope="module")
def axe_report(site_server, browser):
    """{page type: [violations]} over zh-hans, en and 长辈模式 in both."""
    from axe_playwright_python.sync_playwright import Axe

    urls = public_urls()
    axe = Axe()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    tab = context.new_page()
    report = {}
    try:
        for name, url in urls.items():
            elder = name.startswith("elder:")
            context.clear_cookies()
            if elder:
                context.add_cookies([{"name": "elder", "value": "1", "url": site_server}])
            tab.goto(site_server + url)
            result = axe.run(
                tab, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
            )
            type_name = name.split(":", 2 if elder else 1)[-1]
            report.setdefault(type_name, [])
            for violation in result.response["violations"]:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:4]]
                report[type_name].append(
                    f"{name} {url}: {violation['id']} ({violation['impact']}) {violation['help']} → {targets}"
                )
    finally:
        context.close()
    return report


@pytest.mark.parametrize("type_name", _type_names())
def test_no_wcag_violations(axe_report, type_name):
    if type_name not in axe_report:
        pytest.skip("no live page of this type in the demo site")
    assert not axe_report[type_name], "\n".join(axe_report[type_name])


def test_axe_walked_every_language_and_elder_mode(axe_report):
    assert {
        "home.HomePage",
        "home.TopicPage",
        "policies.PolicyPage",
        "catalogue",
        "not-found",
        "comment-report",
    } <= set(axe_report)
    assert len(LANGUAGES) == 2
