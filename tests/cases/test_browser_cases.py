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
    # The central office triages and answers for a department without handlers of its own.
    make_user("drafter", roles.CASE_SUPERVISORS)
    make_user("approver", roles.CASE_SUPERVISORS)
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
    with admin.expect_navigation():
        admin.locator("button[name=assign]").click()
    admin.fill("textarea[name=reply]", "已通知路灯管理所，三个工作日内修复。")
    with admin.expect_navigation():
        admin.locator("#submit-draft").click()
    assert admin.locator("#approve-reply").count() == 0  # not by the author
    staff.close()

    # A second handler approves and sends it.
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    admin = staff.new_page()
    admin_login(admin, base, "approver")
    admin.goto(f"{base}/admin/cases/{case.pk}/")
    with admin.expect_navigation():
        admin.locator("#approve-reply").click()
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
    assert (case.status, case.rating, case.reply_drafted_by.username, case.reply_approved_by.username) == (
        "replied",
        "satisfied",
        "drafter",
        "approver",
    )


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_case_pages_have_no_wcag_violations(live_server, home, department, make_user, page):
    from axe_playwright_python.sync_playwright import Axe

    from interactions.cases import services

    drafter, approver = make_user("drafter", roles.CASE_HANDLERS), make_user("approver", roles.CASE_HANDLERS)
    case, code, password = services.create_case(
        channel="letter",
        subject="路灯不亮",
        body="幸福路路灯不亮。",
        contact_name="陈小明",
        contact_phone="13600000000",
        consent_publish=True,
    )
    services.assign(case, department, drafter)
    services.draft_reply(case, drafter, "已修复。")
    services.approve_reply(case, approver)

    axe, problems = Axe(), []

    def check(url):
        page.goto(live_server.url + url)
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
        problems.extend(
            f"{url}: {v['id']} {v['help']} → {[n['target'] for n in v['nodes'][:3]]}"
            for v in result.response["violations"]
        )

    for url in (
        "/cases/letter/",
        "/cases/disclosure/",
        "/cases/lookup/",
        "/cases/answers/",
        f"/cases/answers/{case.pk}/",
        "/cases/statistics/",
        "/en/cases/letter/",
    ):
        check(url)
    page.goto(live_server.url + "/cases/lookup/")
    page.fill("#id_code", code)
    page.fill("#id_password", password)
    page.locator("form.case-form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/cases/lookup/case/")
    check("/cases/lookup/case/")
    assert not problems, "\n".join(problems)
