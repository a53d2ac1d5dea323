"""谁审查谁负责: who reviewed a live page, shown to the public; the audit
log exported as CSV without formula injection."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.models import Page, Site

from cms.workflow.models import ReviewSettings

from .helpers import act, attest, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(draft, people, login):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest(comment='=HYPERLINK("http://evil")'))
    act(login(people["leader"]), draft, "approve", comment="同意")
    page = Page.objects.get(pk=draft.pk)
    assert page.live
    return page


def public_html(client, page):
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_public_page_shows_reviewer_roles_by_default(published, client):
    html = public_html(client, published)
    assert 'class="accountability"' in html
    assert "保密审查" in html and "领导签发" in html  # the stages, in the page's language only
    assert "Confidentiality review" not in html
    assert "Secrecy Tester" not in html  # roles, not names
    assert "Confidentiality reviewers" in html or "保密审查员" in html or "保密" in html


def test_public_page_can_show_names(published, client):
    settings_row = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.accountability_display = ReviewSettings.NAMES
    settings_row.save()
    html = public_html(client, published)
    assert "Secrecy Tester" in html and "Leader Tester" in html and "Dept Tester" in html


def test_public_page_can_hide_reviewers(published, client):
    settings_row = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.accountability_display = ReviewSettings.HIDDEN
    settings_row.save()
    assert 'class="accountability"' not in public_html(client, published)


def test_unreviewed_pages_show_no_block(section, client):
    assert 'class="accountability"' not in public_html(client, section)


def test_audit_csv_contains_log_and_records_escaped(published, people, login):
    client = login(people["leader"])
    assert client.get(reverse("cms_review_audit")).status_code == 200
    response = client.get(reverse("cms_review_audit_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "kind"
    actions = {row[header.index("action")] for row in body}
    assert {
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "cms.confidentiality_review.signed",
        "attest",
    } <= actions
    record = next(row for row in body if row[0] == "confidentiality_review")
    assert record[header.index("signature_valid")] == "yes"
    assert record[header.index("comment")].startswith("'=")  # neutralised formula
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize("role", ["editor", "dept", "moderator", "handler"])
def test_audit_export_is_restricted(published, people, login, role):
    client = login(people[role])
    assert client.get(reverse("cms_review_audit_csv")).status_code in (302, 403)
    assert client.get(reverse("cms_review_audit")).status_code in (302, 403)


def test_dashboard_panel_lists_what_awaits_me(draft, people, login):
    submit(login(people["editor"]), draft)
    html = login(people["dept"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "awaiting-my-review" in html and draft.title in html
    html = login(people["secrecy"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "awaiting-my-review" in html and draft.title not in html


def test_dashboard_panel_only_for_reviewers(draft, people, login):
    html = login(people["editor"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "awaiting-my-review" not in html
