"""Upload-then-anonymous-GET in a real browser (issue 19, defect 4): an editor
uploads a PDF in the page editor's document chooser on a draft; nobody else
can fetch it until the page is published, and nobody can after it is
unpublished."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from cms import roles
from cms.demo import publish
from policies.models import PolicyIndexPage, PolicyPage
from tests.browser import screenshot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(tab, base, username):
    tab.goto(base + "/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", "pw-" + username)
    tab.click("button[type=submit]")
    tab.wait_for_url("**/admin/")


def anonymous_status(browser, url):
    context = browser.new_context()
    try:
        return context.request.get(url, max_redirects=0).status
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_pdf_uploaded_in_the_chooser_is_public_only_while_its_page_is_live(
    live_server, browser, page, home, department, make_user, tmp_path
):
    index = PolicyIndexPage(title="政策文件", slug="policies")
    home.add_child(instance=index)
    publish(index)
    for codename in roles.ROLE_PAGE_PERMISSIONS[roles.EDITORS]:
        GroupPagePermission.objects.get_or_create(
            group=Group.objects.get(name=roles.EDITORS),
            page=index,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    # Uploading needs a collection permission too (Wagtail's migrations give
    # its Editors group these on the root collection; a flushed database has none).
    root = Collection.get_first_root_node()
    for codename in ("add_document", "choose_document"):
        GroupCollectionPermission.objects.get_or_create(
            group=Group.objects.get(name=roles.EDITORS),
            collection=root,
            permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename),
        )
    make_user("pdf-editor", roles.EDITORS)
    make_user("pdf-admin", superuser=True)
    draft = PolicyPage(title="关于试点工作的通知（草稿）", slug="pilot-draft", live=False)
    index.add_child(instance=draft)
    draft.issuers.set([department])
    draft.save_revision()
    pdf = tmp_path / "试点方案-送审稿.pdf"
    pdf.write_bytes(PDF)
    base = live_server.url

    # The editor adds an attachment and uploads the PDF in the chooser.
    page.set_default_timeout(60_000)  # a busy two-core machine
    log_in(page, base, "pdf-editor")
    page.goto(f"{base}/admin/pages/{draft.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.click("#id_attachments-ADD")
    choose = page.locator("#id_attachments-0-document-chooser [data-chooser-action-choose]")
    choose.wait_for(state="visible")
    choose.click()
    modal = page.locator(".modal-dialog")
    modal.locator("#tab-label-upload").wait_for(state="visible")
    modal.locator("#tab-label-upload").click()
    modal.locator("#id_document-chooser-upload-title").fill("试点方案（送审稿）")
    modal.locator("#id_document-chooser-upload-file").set_input_files(str(pdf))
    modal.locator("#tab-upload form button[type=submit]").click()
    page.wait_for_selector("#id_attachments-0-document-chooser:not(.blank)")
    page.click("button.action-save")
    page.wait_for_url(f"**/admin/pages/{draft.pk}/edit/")
    screenshot(page, "private-assets-draft-with-attachment")

    document = get_document_model().objects.get(title="试点方案（送审稿）")
    revision = PolicyPage.objects.get(pk=draft.pk).get_latest_revision()
    assert revision.content["attachments"][0]["document"] == document.pk
    url = base + document.url
    assert anonymous_status(browser, url) == 404
    assert document.pk not in {item["id"] for item in page.request.get(base + "/api/v2/documents/").json()["items"]}
    # The editor's own preview still downloads it.
    assert page.request.get(url).status == 200

    # A superuser publishes the page from the editor.
    page.context.clear_cookies()
    log_in(page, base, "pdf-admin")
    page.goto(f"{base}/admin/pages/{draft.pk}/edit/")
    page.click("footer [data-w-dropdown-target='toggle']")
    page.click("button[name=action-publish]")
    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    assert PolicyPage.objects.get(pk=draft.pk).live
    assert anonymous_status(browser, url) == 200
    public_page = PolicyPage.objects.get(pk=draft.pk)
    anonymous = browser.new_context()
    try:
        visitor = anonymous.new_page()
        visitor.goto(base + public_page.url)
        link = visitor.locator(f'a[href="{document.url}"]')
        assert link.count() == 1
        screenshot(visitor, "private-assets-published-attachment")
    finally:
        anonymous.close()

    # Unpublishing withdraws the file.
    page.goto(f"{base}/admin/pages/{draft.pk}/unpublish/")
    page.click("form[action$='/unpublish/'] [type=submit]")
    page.wait_for_load_state()
    assert not PolicyPage.objects.get(pk=draft.pk).live
    assert anonymous_status(browser, url) == 404
