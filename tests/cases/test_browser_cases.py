"""A citizen writes to the mayor, gets a code, looks the case up; handlers
reply through the Wagtail admin (one drafts, another approves); the citizen
sees the reply and rates it."""

import pytest

from cms import roles
from interactions.cases.models import Case
from tests.browser import screenshot


def admin_login(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base + "/admin/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_letter_lookup_reply_and_rating(live_server, home, department, make_user, browser, page, settings):
    settings.CASES_MIN_FILL_SECONDS = 0
    make_user("drafter", roles.CASE_HANDLERS)
    make_user("approver", roles.CASE_HANDLERS)
    base = live_server.url

    # The citizen writes.
    page.goto(base + "/cases/letter/")
    page.select_option("#id_category", index=1)
    page.fill("#id_subject", "路灯不亮")
    page.fill("#id_body", "幸福路东段路灯已经一周不亮，夜间出行不安全。")
    page.fill("#id_contact_name", "陈小明")
    page.fill("#id_contact_phone", "13600000000")
    page.check("#id_consent_publish")
    page.locator("form.case-form button[type=submit]").click()
    page.wait_for_url(base + "/cases/receipt/")
    code = page.locator("#tracking-code").inner_text()
    password = page.locator("#tracking-password").inner_text()
    assert code.startswith("GK-") and len(password) == 10
    screenshot(page, "cases-receipt")

    # …and looks it up.
    page.goto(base + "/cases/lookup/")
    page.fill("#id_code", code)
    page.fill("#id_password", password)
    page.locator("form.case-form button[type=submit]").click()
    page.wait_for_url(base + "/cases/lookup/case/")
    assert "路灯不亮" in page.locator("h1").inner_text()
    assert page.locator("#case-reply").count() == 0

    # A handler assigns the case and drafts the reply in the admin.
    case = Case.objects.get()
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    admin = staff.new_page()
    admin_login(admin, base, "drafter")
    admin.goto(f"{base}/admin/cases/{case.pk}/")
    admin.select_option("select[name=department]", value=str(department.pk))
    admin.locator("button[name=assign]").click()
    admin.wait_for_load_state()
    admin.fill("textarea[name=reply]", "已通知路灯管理所，三个工作日内修复。")
    admin.locator("#submit-draft").click()
    admin.wait_for_load_state()
    assert admin.locator("#approve-reply").count() == 0  # not by the author
    staff.close()

    # A second handler approves and sends it.
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    admin = staff.new_page()
    admin_login(admin, base, "approver")
    admin.goto(f"{base}/admin/cases/{case.pk}/")
    admin.locator("#approve-reply").click()
    admin.wait_for_load_state()
    screenshot(admin, "cases-admin-replied")
    staff.close()

    # The citizen sees the reply and rates it.
    page.goto(base + "/cases/lookup/case/")
    assert "三个工作日内修复" in page.locator("#case-reply").inner_text()
    page.check("input[name=rating][value=satisfied]")
    page.fill("textarea[name=comment]", "处理很快")
    page.locator("form[action$='/rate/'] button[type=submit]").click()
    page.wait_for_url(base + "/cases/lookup/case/")
    assert page.locator("#case-rating").count() == 1
    assert page.locator("form[action$='/rate/']").count() == 0
    screenshot(page, "cases-rated")
    case.refresh_from_db()
    assert (case.status, case.rating, case.reply_drafted_by.username, case.reply_approved_by.username) == ("replied", "satisfied", "drafter", "approver")
