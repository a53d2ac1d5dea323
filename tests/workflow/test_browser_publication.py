"""Every publication path driven in Chromium through the Wagtail admin, as
the people who use it (issue 19's acceptance): the staged review with the
checklist and the sign-off, the superuser's Publish and Schedule buttons,
bulk publish, revert, the emergency fast track, a translation, and a
refusal read in Chinese. docs/workflow.md lists each path and its tests."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Revision

from cms import roles
from cms.demo import ensure_translation, publish
from cms.workflow.seeding import assign_publication_workflow
from policies.models import InterpretationIndexPage, PolicyIndexPage, PolicyPage
from tests.browser import screenshot

from .helpers import grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The edit page's autosave fires half a second after the form changes
# (WAGTAIL_AUTOSAVE_INTERVAL); wait longer than that before judging.
AFTER_AUTOSAVE = 2.5


@pytest.fixture
def newsroom(home, home_en, department, make_user, locales):
    """Policy sections in both languages under the publication workflow, and
    one user per role holding page permissions on them (as the demo grants)."""
    policies = PolicyIndexPage(title="政策文件", slug="policies")
    home.add_child(instance=policies)
    publish(policies)
    interpretations = InterpretationIndexPage(title="政策解读", slug="interpretations")
    home.add_child(instance=interpretations)
    publish(interpretations)
    english, _created = ensure_translation(policies, locales["en"], title="Policies")
    for group_name, codenames in roles.ROLE_PAGE_PERMISSIONS.items():
        for section in (policies, interpretations, english):
            grant(Group.objects.get(name=group_name), section, codenames)
    assign_publication_workflow()
    users = {
        "editor": make_user("bz-editor", roles.EDITORS),
        "dept": make_user("bz-dept", roles.DEPARTMENT_REVIEWERS),
        "secrecy": make_user("bz-secrecy", roles.CONFIDENTIALITY_REVIEWERS),
        "leader": make_user("bz-leader", roles.LEADERS),
        "admin": make_user("bz-admin", superuser=True),
    }
    return {"policies": policies, "english": english, "users": users, "department": department}


def log_in(tab, base, user):
    tab.context.clear_cookies()
    tab.goto(base + "/admin/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", "pw-" + user.username)
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url(base + "/admin/")


def open_editor(tab, base, page):
    tab.goto(f"{base}/admin/pages/{page.pk}/edit/")
    tab.wait_for_load_state("networkidle")


def footer_action(tab, selector):
    """A button of the edit page's action menu (the footer dropdown)."""
    button = tab.locator(f"footer {selector}").first
    if not button.is_visible():
        toggle = tab.locator("footer [data-w-dropdown-target='toggle']").first
        try:
            toggle.click(timeout=10_000)
        except Exception:
            screenshot(tab, "debug-footer")
            raise
    button.click()


def new_policy_in_the_editor(tab, base, newsroom, title):
    tab.goto(f"{base}/admin/pages/add/policies/policypage/{newsroom['policies'].pk}/")
    tab.wait_for_load_state("networkidle")
    tab.fill("#id_title", title)
    # The slug follows the title after a short delay; type one to be sure.
    tab.evaluate(
        "(slug) => { document.querySelector('#id_slug').value = slug }", f"policy-{PolicyPage.objects.count() + 1}"
    )
    tab.locator(f"#id_issuers input[value='{newsroom['department'].pk}']").check()
    tab.locator("footer button.action-save").first.click()
    tab.wait_for_url("**/edit/")
    return PolicyPage.objects.get(title=title)


def fresh(page):
    return PolicyPage.objects.get(pk=page.pk)


def messages_text(tab):
    return tab.locator(".messages").inner_text()


def test_editor_to_leader_through_every_stage(live_server, page, newsroom):
    base, users = live_server.url, newsroom["users"]
    page.set_default_timeout(60_000)
    log_in(page, base, users["editor"])
    draft = new_policy_in_the_editor(page, base, newsroom, "关于开展政务公开试点的通知")
    open_editor(page, base, draft)
    footer_action(page, "button[name=action-submit]")
    page.wait_for_load_state("networkidle")
    assert fresh(draft).current_workflow_task.name.startswith("业务审核")

    # 业务审核: approve from the page editor.
    log_in(page, base, users["dept"])
    open_editor(page, base, draft)
    footer_action(page, "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    page.wait_for_load_state("networkidle")
    time.sleep(AFTER_AUTOSAVE)
    assert fresh(draft).current_workflow_task.name.startswith("保密审查")

    # 保密审查: the checklist in the modal.
    log_in(page, base, users["secrecy"])
    open_editor(page, base, draft)
    footer_action(page, "button[data-workflow-action-name=approve]")
    modal = page.locator(".modal-dialog")
    modal.wait_for(state="visible")
    for box in modal.locator("input[type=checkbox]").all():
        box.check()
    screenshot(page, "browser-publication-checklist")
    modal.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    time.sleep(AFTER_AUTOSAVE)
    assert fresh(draft).current_workflow_task.name.startswith("领导签发")

    # 领导签发: the sign-off opinion in the modal publishes.
    log_in(page, base, users["leader"])
    open_editor(page, base, draft)
    footer_action(page, "button[data-workflow-action-name=approve]")
    modal = page.locator(".modal-dialog")
    modal.wait_for(state="visible")
    modal.locator("textarea").fill("同意发布。")
    modal.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    time.sleep(AFTER_AUTOSAVE)
    live = fresh(draft)
    assert live.live and not live.has_unpublished_changes  # no leftover draft
    assert live.index_number.startswith(newsroom["department"].code + "/")
    assert live.published_on == timezone.localdate()
    assert not Revision.objects.filter(object_id=str(live.pk), user=users["leader"]).exists()

    visitor = page.context.browser.new_context(locale="zh-CN").new_page()
    visitor.goto(base + live.url)
    text = visitor.locator("body").inner_text()
    assert live.index_number in text and "领导签发" in text
    screenshot(visitor, "browser-publication-live")
    visitor.context.close()


def test_superuser_publish_schedule_and_a_refusal_in_chinese(live_server, page, newsroom):
    base, users = live_server.url, newsroom["users"]
    page.set_default_timeout(60_000)
    log_in(page, base, users["admin"])

    draft = new_policy_in_the_editor(page, base, newsroom, "超级管理员直接发布的文件")
    open_editor(page, base, draft)
    footer_action(page, "button[name=action-publish]")
    page.wait_for_load_state("networkidle")
    live = fresh(draft)
    assert live.live and live.index_number and live.published_on

    scheduled = new_policy_in_the_editor(page, base, newsroom, "定时发布的文件")
    open_editor(page, base, scheduled)
    # The status panel's "Set schedule" dialog, then "Schedule to publish".
    page.locator("[data-side-panel-toggle='status']").click()
    page.locator("[data-a11y-dialog-show='schedule-publishing-dialog']").first.click()
    dialog = page.locator("#schedule-publishing-dialog")
    when = timezone.localtime() + datetime.timedelta(days=2)
    dialog.locator("#id_go_live_at").fill(when.strftime("%Y-%m-%d %H:%M"))
    dialog.locator("button.action-save").click()
    page.wait_for_load_state("networkidle")
    footer_action(page, "button[name=action-publish]")
    page.wait_for_load_state("networkidle")
    assert Revision.objects.filter(object_id=str(scheduled.pk), approved_go_live_at__isnull=False).exists()
    assert not fresh(scheduled).live and fresh(scheduled).index_number == ""

    major = new_policy_in_the_editor(page, base, newsroom, "重大行政决策文件")
    open_editor(page, base, major)
    page.locator("#id_is_major").check()
    footer_action(page, "button[name=action-publish]")
    page.wait_for_load_state("networkidle")
    text = messages_text(page)
    assert "同步解读" in text and "页面未发布" in text
    assert "没有权限" not in page.locator("body").inner_text()
    screenshot(page, "browser-publication-refused")
    assert not fresh(major).live


def test_bulk_publish_and_revert(live_server, page, newsroom):
    base, users = live_server.url, newsroom["users"]
    page.set_default_timeout(60_000)
    log_in(page, base, users["admin"])
    first = new_policy_in_the_editor(page, base, newsroom, "批量发布甲")
    second = new_policy_in_the_editor(page, base, newsroom, "批量发布乙")

    page.goto(f"{base}/admin/pages/{newsroom['policies'].pk}/")
    page.wait_for_load_state("networkidle")
    for policy in (first, second):
        page.locator(f"input[data-bulk-action-checkbox][data-object-id='{policy.pk}']").check()
    page.locator("[data-bulk-action-footer] .bulk-actions-buttons a", has_text="发布").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert fresh(first).live and fresh(second).live
    assert fresh(first).index_number != fresh(second).index_number

    # Revert: change the title, publish, then publish the first version again.
    number = fresh(first).index_number
    old = fresh(first).live_revision
    open_editor(page, base, first)
    page.fill("#id_title", "批量发布甲（改）")
    footer_action(page, "button[name=action-publish]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/admin/pages/{first.pk}/revisions/{old.pk}/revert/")
    page.wait_for_load_state("networkidle")
    footer_action(page, "button[name=action-publish]")
    page.wait_for_load_state("networkidle")
    reverted = fresh(first)
    assert reverted.title == "批量发布甲" and reverted.index_number == number


def test_emergency_fast_track(live_server, page, newsroom):
    base, users = live_server.url, newsroom["users"]
    page.set_default_timeout(60_000)
    log_in(page, base, users["editor"])
    draft = new_policy_in_the_editor(page, base, newsroom, "台风期间停课的紧急通知")
    log_in(page, base, users["leader"])
    open_editor(page, base, draft)
    footer_action(page, f"a[href$='/review/fast-track/{draft.pk}/']")
    page.wait_for_load_state("networkidle")
    page.fill("textarea[name=reason]", "台风红色预警，须立即发布。")
    page.locator("main form button.serious").click()
    page.wait_for_load_state("networkidle")
    live = fresh(draft)
    assert live.live and live.index_number
    assert live.current_workflow_task.name.startswith("业务审核")  # retrospective review


def test_translation_submitted_from_the_translation_editor(live_server, page, newsroom):
    base, users = live_server.url, newsroom["users"]
    page.set_default_timeout(60_000)
    log_in(page, base, users["editor"])
    chinese = new_policy_in_the_editor(page, base, newsroom, "需要英文版的文件")
    publish(fresh(chinese))
    page.goto(f"{base}/admin/localize/submit/page/{chinese.pk}/")
    page.wait_for_load_state("networkidle")
    page.locator("input[name=locales]").first.check()
    page.locator("main form input[type=submit]").click()
    page.wait_for_load_state("networkidle")
    english = Page.objects.get(translation_key=chinese.translation_key, locale__language_code="en")
    open_editor(page, base, english)
    bar = page.locator(".translation-review")
    bar.wait_for(state="visible")
    screenshot(page, "browser-translation-review-bar")
    bar.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    english = Page.objects.get(pk=english.pk)
    assert english.current_workflow_task.name.startswith("业务审核")
    assert not english.live


def test_review_of_a_page_made_in_code_is_not_undone_by_the_editor(live_server, page, newsroom):
    """A page as the demo or an import makes it (rich text written in code,
    an attachments formset): approving with a comment from the editor and
    signing off must not leave revisions that restart the review."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.rich_text import RichText

    from policies.models import PolicyAttachment

    base, users = live_server.url, newsroom["users"]
    page.set_default_timeout(60_000)
    document = get_document_model().objects.create(title="附件一", file=ContentFile(b"%PDF-1.4 x", name="annex.pdf"))
    policy = PolicyPage(
        title="导入的文件",
        slug="imported",
        live=False,
        owner=users["editor"],
        body=[
            ("paragraph", RichText("<p>第一条　为了规范<b>政务公开</b>工作……</p>")),
            ("paragraph", RichText("<p>第二条　本办法自发布之日起施行。</p>")),
        ],
    )
    policy.issuers = [newsroom["department"]]
    newsroom["policies"].add_child(instance=policy)
    PolicyAttachment.objects.create(page=policy, document=document, title="附件一")
    fresh(policy).save_revision(user=users["editor"])

    log_in(page, base, users["editor"])
    open_editor(page, base, policy)
    footer_action(page, "button[name=action-submit]")
    page.wait_for_load_state("networkidle")

    log_in(page, base, users["dept"])
    open_editor(page, base, policy)
    footer_action(page, "button[data-workflow-action-name=approve][data-workflow-action-modal-url]")
    modal = page.locator(".modal-dialog")
    modal.wait_for(state="visible")
    modal.locator("textarea").fill("同意，附件齐全。")
    modal.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    time.sleep(AFTER_AUTOSAVE)
    assert fresh(policy).current_workflow_task.name.startswith("保密审查")

    log_in(page, base, users["secrecy"])
    open_editor(page, base, policy)
    footer_action(page, "button[data-workflow-action-name=approve]")
    modal = page.locator(".modal-dialog")
    modal.wait_for(state="visible")
    for box in modal.locator("input[type=checkbox]").all():
        box.check()
    modal.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    time.sleep(AFTER_AUTOSAVE)
    assert fresh(policy).current_workflow_task.name.startswith("领导签发")

    log_in(page, base, users["leader"])
    open_editor(page, base, policy)
    footer_action(page, "button[data-workflow-action-name=approve]")
    modal = page.locator(".modal-dialog")
    modal.wait_for(state="visible")
    modal.locator("textarea").fill("同意发布。")
    modal.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    time.sleep(AFTER_AUTOSAVE)
    live = fresh(policy)
    assert live.live and not live.has_unpublished_changes
    assert live.index_number
