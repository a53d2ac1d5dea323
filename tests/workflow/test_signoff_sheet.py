"""For the people accountable: the review-and-sign-off sheet (审签单) of a
page as a print view and a PDF, and audit actions by their labels (not
codes) in the history and the CSV."""

import ast
import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from wagtail.log_actions import registry
from wagtail.models import Page

from cms.demo import publish
from cms.workflow.models import ConfidentialityReviewRecord
from policies.models import PolicyIndexPage, PolicyPage

from .helpers import act, attest, submit

pytestmark = pytest.mark.django_db

LEADER_COMMENT = "同意发布。<script>alert('签发')</script> & 注意时效"
SECRECY_COMMENT = "已核对人名、地名。<b>无涉密</b>"
DEPT_COMMENT = "内容准确，同意提交保密审查。"


@pytest.fixture
def reviewed(draft, people, login):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve", comment=DEPT_COMMENT)
    act(login(people["secrecy"]), draft, "approve", **attest(comment=SECRECY_COMMENT))
    act(login(people["leader"]), draft, "approve", comment=LEADER_COMMENT)
    page = Page.objects.get(pk=draft.pk)
    assert page.live
    return page


def names(people, *roles):
    return [people[role].get_full_name() for role in roles]


@pytest.mark.parametrize("role", ["leader", "secrecy", "siteadmin"])
def test_the_sheet_shows_every_stage_the_record_and_the_sign_off(reviewed, people, login, role):
    response = login(people[role]).get(reverse("cms_signoff_sheet", args=[reviewed.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    record = ConfidentialityReviewRecord.objects.get(page_id=reviewed.pk)
    assert record.content_hash in html
    for reviewer in names(people, "dept", "secrecy", "leader"):
        assert reviewer in html
    assert html.count('<tr class="stage">') == 3
    assert DEPT_COMMENT in html and reviewed.title in html
    # User content is escaped, never markup.
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;签发&#x27;)&lt;/script&gt; &amp; 注意时效" in html
    assert "<b>无涉密</b>" not in html and "&lt;b&gt;无涉密&lt;/b&gt;" in html
    with translation.override("zh-hans"):
        assert translation.gettext("valid") in html  # the signature check
    assert "@page { size: A4" in html and "@media print" in html


@pytest.mark.parametrize("role", ["editor", "dept", "moderator", "handler"])
def test_the_sheet_is_refused_to_roles_that_may_not_read_the_audit(reviewed, people, login, role):
    client = login(people[role])
    for name in ("cms_signoff_sheet", "cms_signoff_sheet_pdf"):
        response = client.get(reverse(name, args=[reviewed.pk]))
        assert response.status_code in (302, 403), (name, response.status_code)
        assert LEADER_COMMENT.encode() not in response.content


def test_the_sheet_is_refused_outside_the_readers_sections(reviewed, login, make_user):
    """An audit reader of another department holds no permission on this page."""
    elsewhere = Group.objects.create(name="Leaders · other section")
    elsewhere.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_confidentialityreviewrecord"])
    )
    stranger = make_user("wf-leader-elsewhere")
    stranger.groups.add(elsewhere)
    assert login(stranger).get(reverse("cms_review_audit")).status_code == 200
    response = login(stranger).get(reverse("cms_signoff_sheet", args=[reviewed.pk]))
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_the_pdf_is_a_valid_pdf_with_the_same_content(reviewed, people, login):
    response = login(people["leader"]).get(reverse("cms_signoff_sheet_pdf", args=[reviewed.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", "", text)
    record = ConfidentialityReviewRecord.objects.get(page_id=reviewed.pk)
    assert record.content_hash in flat
    for reviewer in names(people, "dept", "secrecy", "leader"):
        assert reviewer.replace(" ", "") in flat
    assert reviewed.title in flat
    # Markup in a comment is printed as written, not interpreted.
    assert "<script>alert('签发')</script>&注意时效" in flat
    assert "<b>无涉密</b>" in flat
    with translation.override("zh-hans"):
        assert re.sub(r"\s+", "", translation.gettext("Review and sign-off sheet")) in flat
        assert translation.gettext("live") in flat  # the page's status, in the sheet's font
    assert "■" not in text


def test_the_sheet_of_a_policy_shows_its_document_and_index_numbers(home, department, people, login):
    index = PolicyIndexPage(title="政策文件", slug="policies")
    home.add_child(instance=index)
    publish(index)
    policy = PolicyPage(
        title="关于做好政府信息公开工作的通知", slug="notice", document_number="示府〔2026〕12号", live=False
    )
    index.add_child(instance=policy)
    policy.issuers.set([department])
    policy.save_revision()
    publish(policy)
    policy = PolicyPage.objects.get(pk=policy.pk)
    assert policy.index_number
    superuser = people["leader"].__class__.objects.create_superuser("wf-root", "root@example.test", "x")
    client = login(superuser)
    html = client.get(reverse("cms_signoff_sheet", args=[policy.pk])).content.decode()
    assert "示府〔2026〕12号" in html and policy.index_number in html
    pdf = client.get(reverse("cms_signoff_sheet_pdf", args=[policy.pk])).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "示府〔2026〕12号" in text and policy.index_number in text


def test_a_fast_track_and_its_retrospective_review_are_on_the_sheet(draft, people, login):
    reason = "台风红色预警，需立即发布停课通知。"
    login(people["leader"]).post(reverse("cms_fast_track", args=[draft.pk]), {"reason": reason})
    html = login(people["leader"]).get(reverse("cms_signoff_sheet", args=[draft.pk])).content.decode()
    assert reason in html and people["leader"].get_full_name() in html
    with translation.override("zh-hans"):
        assert translation.gettext("pending") in html  # the retrospective review is still open


def test_the_page_header_links_the_sheet_for_those_who_may_see_it(reviewed, people, login):
    url = reverse("cms_signoff_sheet", args=[reviewed.pk])
    edit = reverse("wagtailadmin_pages:edit", args=[reviewed.pk])
    assert url in login(people["leader"]).get(edit).content.decode()
    assert url not in login(people["editor"]).get(edit).content.decode()


# --- Audit actions by their labels -------------------------------------------------

OUR_APPS = ["cms", "home", "policies", "briefings", "interactions", "search", "accountability"]


def written_log_actions():
    """Every action code our code passes to wagtail.log_actions.log(): string
    literals and module constants named in `action=`."""
    codes = set()
    root = Path(settings.BASE_DIR)
    for app in OUR_APPS:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            constants = {
                target.id: node.value.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "log":
                    for keyword in node.keywords:
                        if keyword.arg != "action":
                            continue
                        if isinstance(keyword.value, ast.Constant):
                            codes.add(keyword.value.value)
                        elif isinstance(keyword.value, ast.Name):
                            codes.add(constants.get(keyword.value.id) or _imported_constant(keyword.value.id))
    return codes


def _imported_constant(name):
    from cms.workflow import actions

    return getattr(actions, name)


def test_every_log_action_the_project_writes_has_a_label():
    codes = written_log_actions()
    assert {"cms.fast_track", "cms.confidentiality_review.signed", "cms.review_restarted", "policies.expired"} <= codes
    for code in codes:
        assert registry.action_exists(code), f"{code} is written to the log but has no label (register_log_actions)"
        with translation.override("zh-hans"):
            assert str(registry.get_action_label(code)) != code


def test_the_csv_shows_each_actions_label_in_the_viewers_language(reviewed, people, login):
    response = login(people["leader"]).get(reverse("cms_review_audit_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    code, label = header.index("action"), header.index("action_label")
    assert label == code + 1
    with translation.override("zh-hans"):
        expected = {
            "cms.confidentiality_review.signed": str(registry.get_action_label("cms.confidentiality_review.signed")),
            "wagtail.workflow.approve": str(registry.get_action_label("wagtail.workflow.approve")),
        }
    seen = {row[code]: row[label] for row in body}
    for action, text in expected.items():
        assert seen[action] == text
    assert "审" in seen["cms.confidentiality_review.signed"]  # Chinese, not English
    assert all(row[label] and row[label] != row[code] for row in body if row[code] != "attest")
    attest_row = next(row for row in body if row[code] == "attest")
    assert attest_row[label] == expected["cms.confidentiality_review.signed"]


def test_the_page_history_shows_labels_not_codes(reviewed, people, login):
    html = login(people["leader"]).get(reverse("wagtailadmin_pages:history", args=[reviewed.pk])).content.decode()
    with translation.override("zh-hans"):
        label = str(registry.get_action_label("cms.confidentiality_review.signed"))
    assert label in html
    # Codes appear only as the values of the action filter, never as text.
    assert "cms.confidentiality_review.signed" not in re.sub(r"<[^>]+>", "", html)
