"""The Chinese admin in Chromium, once its scripts have run: the React
sidebar, the autosave indicator and the workflow status are rendered by
JavaScript from /admin/jsi18n/, which the server-side walk
(test_admin_chinese.py) cannot see. Screenshots in test-artifacts/."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page

from home.demo import DEMO_PASSWORD
from tests import admin_text
from tests.browser import screenshot
from tests.site.test_admin_chinese import UNTRANSLATABLE, content_strings

pytestmark = pytest.mark.browser


class _Quiet:
    def write(self, *args, **kwargs):
        pass


@pytest.fixture(scope="module")
def admin_server(site_server, django_db_blocker):
    """The demo site with drafts waiting at each review stage."""
    from cms import demo_workflow

    with django_db_blocker.unblock():
        users = {user.username: user for user in get_user_model().objects.all()}
        demo_workflow.load({"zh": Locale.objects.get(language_code="zh-hans"), "users": users}, _Quiet())
        keep = admin_text.ContentFilter(content_strings())
        waiting = Page.objects.get(slug="draft-waiting-department-review")
        live_policy = (
            Page.objects.live()
            .filter(locale__language_code="zh-hans", content_type__model="policypage")
            .order_by("path")
            .first()
        )
    return {"base": site_server, "keep": keep, "waiting": waiting, "policy": live_policy}


def log_in(tab, base, username):
    tab.context.clear_cookies()
    tab.goto(base + "/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", DEMO_PASSWORD)
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url(base + "/admin/")
    tab.wait_for_load_state("networkidle")


# What the person sees (and hears): text of rendered elements, visually
# hidden ones included, and the attributes shown or spoken; not the markup
# of closed widgets (display: none).
VISIBLE_TEXTS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!node.textContent.trim() || !parent || parent.closest("script, style, textarea, code, pre")) continue;
    if (parent.checkVisibility && !parent.checkVisibility()) continue;
    found.push([parent.tagName.toLowerCase(), node.textContent]);
  }
  for (const element of document.body.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (element.checkVisibility && !element.checkVisibility()) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      if (element.getAttribute(name)) found.push([element.tagName.toLowerCase() + "[" + name + "]", element.getAttribute(name)]);
    }
  }
  return found;
}"""


def english_on(tab, world, path):
    """English texts of the page as rendered (after the scripts ran)."""
    found = {}
    for where, text in tab.evaluate(VISIBLE_TEXTS):
        text = " ".join(text.split())
        if admin_text.english_words(text, world["keep"]) and not any(
            path.startswith(prefix) and re.fullmatch(known, text) for prefix, known in UNTRANSLATABLE
        ):
            found.setdefault(text, where)
    return found


def test_dashboard_and_sidebar_in_chinese(admin_server, page):
    base = admin_server["base"]
    log_in(page, base, "reviewer")
    sidebar = page.locator("#wagtail-sidebar").first
    sidebar.get_by_text("页面", exact=True).first.wait_for()  # Wagtail's 'Pages', not our 分页
    assert "分页" not in sidebar.inner_text()
    body = page.locator("main").inner_text()
    assert "等待我的审核" in body and "业务审核" in body
    screenshot(page, "admin-zh-dashboard")
    assert english_on(page, admin_server, "/admin/") == {}


def test_page_editor_and_autosave_indicator_in_chinese(admin_server, page):
    base = admin_server["base"]
    log_in(page, base, "admin")
    policy = admin_server["policy"]
    page.goto(f"{base}/admin/pages/{policy.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # The title field is labelled 标题 (the project once renamed it 职务).
    assert page.locator("label[for=id_title]").inner_text().strip().startswith("标题")
    issuers = page.locator("#id_issuers").inner_text()
    assert issuers and not re.search("[A-Za-z]{3}", issuers)  # Chinese departments only
    # The indicator's states as Wagtail's autosave controller reports them
    # (its events; the texts and tooltips come from /admin/jsi18n/).
    indicator = page.locator("#w-autosave-indicator")
    seen = {}
    for event in ("save", "success"):
        page.evaluate(f"document.dispatchEvent(new CustomEvent('w-autosave:{event}', {{detail: {{}}}}))")
        page.wait_for_timeout(300)
        seen[event] = (indicator.inner_text().strip(), indicator.get_attribute("data-w-tooltip-content-value"))
        if event == "save":
            screenshot(page, "admin-zh-editor-autosave")
    assert seen["save"][0] in ("正在保存……", "正在自动保存…"), seen
    assert seen["success"][0] == "已保存", seen
    for _shown, tooltip in seen.values():
        assert not admin_text.english_words(tooltip or ""), seen
    assert english_on(page, admin_server, f"/admin/pages/{policy.pk}/edit/") == {}


def test_workflow_status_in_chinese(admin_server, page):
    base = admin_server["base"]
    waiting = admin_server["waiting"]
    log_in(page, base, "reviewer")
    page.goto(f"{base}/admin/pages/{waiting.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.locator("[data-side-panel-toggle='status']").first.click()
    panel = page.locator("[data-side-panel='status']").first
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "业务审核" in text and "Department review" not in text
    screenshot(page, "admin-zh-workflow-status")
    assert english_on(page, admin_server, f"/admin/pages/{waiting.pk}/edit/") == {}
    page.goto(f"{base}/admin/pages/{waiting.pk}/workflow_history/")
    page.wait_for_load_state("networkidle")
    assert "发布审核" in page.locator("main").inner_text()
    screenshot(page, "admin-zh-workflow-history")
    assert english_on(page, admin_server, f"/admin/pages/{waiting.pk}/workflow_history/") == {}
