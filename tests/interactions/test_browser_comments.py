"""A citizen comments in a real browser, a moderator approves it in the
Wagtail admin, and it appears on the public page."""

import pytest

from interactions.models import Comment
from tests.browser import screenshot

from .conftest import make_consultation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_comment_submit_moderate_publish(live_server, home, moderator, page):
    consultation = make_consultation(home)
    url = live_server.url + consultation.url
    text = "浏览器测试意见：建议在草案第八条中增加网上登记渠道。"

    page.goto(url)
    page.fill("#id_body", text)
    page.select_option("#id_section", "sec-2")
    page.fill("#id_display_name", "测试市民")
    page.check("#id_consent_publish")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector("#tracking-code")
    code = page.inner_text("#tracking-code")
    assert code.startswith("GK-")
    screenshot(page, "interactions-receipt")
    comment = Comment.objects.get()
    assert comment.status == Comment.PENDING and comment.section_anchor == "sec-2"
    assert Comment.find_by_tracking_code(code) == comment

    # Not public yet.
    page.goto(url)
    assert text not in page.content()

    # The moderator approves it in the admin.
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "moderator")
    page.fill("#id_password", "pw-moderator")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/comments/")
    row = page.locator(f'tr.comment-row[data-id="{comment.pk}"]')
    assert text[:20] in row.inner_text()
    row.locator("input[name=ids]").check()
    page.select_option("#bulk-action", "approve")
    page.click("#bulk-form button[type=submit]")
    page.wait_for_load_state()
    screenshot(page, "interactions-moderation-queue")
    comment.refresh_from_db()
    assert comment.status == Comment.PUBLISHED

    # Now it is on the public page.
    page.goto(url)
    assert page.locator(f"#comment-{comment.pk} .comment-body").inner_text().strip() == text
    screenshot(page, "interactions-public-comment")
