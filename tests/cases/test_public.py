"""The citizen's side: forms with spam traps, the receipt shown once, the
lookup (identical failures, rate limit), the timeline and rating once."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interactions.cases import services
from interactions.cases.forms import trap_token
from interactions.cases.models import Case, CaseEvent, Channel, Rating, Supervision


@pytest.fixture
def letter_data(category, old_token):
    return {
        "category": category.pk,
        "subject": "公交站台缺少遮雨棚",
        "body": "建设路口公交站台没有遮雨棚，雨天候车不便。",
        "contact_name": "李四",
        "contact_phone": "13912345678",
        "contact_email": "lisi@example.test",
        "consent_publish": "on",
        "started": old_token,
        "website": "",
    }


def submit_letter(client, data, **extra):
    return client.post(reverse("cases:letter"), data, **extra)


def test_letter_form_renders_with_labels(client, home, category):
    response = client.get(reverse("cases:letter"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_subject"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html and 'name="started"' in html


def test_letter_submission_shows_code_and_password_once(client, home, letter_data, mailoutbox, run_on_commit):
    with run_on_commit():
        response = submit_letter(client, letter_data)
    assert response.status_code == 302 and response.url == reverse("cases:receipt")
    receipt = client.get(reverse("cases:receipt"))
    html = receipt.content.decode()
    case = Case.objects.get()
    code = receipt.context["receipt"]["code"]
    password = receipt.context["receipt"]["password"]
    assert code in html and password in html
    assert case.channel == Channel.LETTER and case.term_days == 15 and case.deadline
    assert services.lookup(code, password) == case
    # Not stored in clear.
    assert code not in case.tracking_digest and password not in case.password_hash
    # Shown once: a reload no longer has them.
    again = client.get(reverse("cases:receipt")).content.decode()
    assert code not in again and password not in again
    # E-mailed to the address given.
    mail = [m for m in mailoutbox if "lisi@example.test" in m.to]
    assert mail and code in mail[0].body and password in mail[0].body
    assert case.events.filter(kind="received").exists()


def test_honeypot_and_time_trap(client, home, letter_data):
    assert submit_letter(client, {**letter_data, "website": "http://spam.example"}).status_code == 400
    assert submit_letter(client, {**letter_data, "started": trap_token()}).status_code == 400  # too fast
    assert submit_letter(client, {**letter_data, "started": "forged"}).status_code == 400
    assert not Case.objects.exists()


def test_contact_is_required(client, home, letter_data):
    response = submit_letter(client, {**letter_data, "contact_phone": "", "contact_email": ""})
    assert response.status_code == 400 and not Case.objects.exists()


def test_submission_rate_limit_returns_429(client, home, letter_data, settings):
    settings.CASES_SUBMIT_RATE = "2/h"
    # Three different letters (each its own form, so its own submission key).
    assert submit_letter(client, {**letter_data, "started": trap_token(0)}).status_code == 302
    assert submit_letter(client, {**letter_data, "started": trap_token(0)}).status_code == 302
    response = submit_letter(client, {**letter_data, "started": trap_token(0)})
    assert response.status_code == 429
    # The real wait: the hourly window's remaining time, not a flat minute.
    assert 60 < int(response["Retry-After"]) <= 3600
    assert Case.objects.count() == 2


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_attachments_are_typed_by_content_and_size_limited(client, home, letter_data, settings):
    pdf = SimpleUploadedFile("photo.jpg", b"%PDF-1.7\n...", content_type="image/jpeg")
    docx = SimpleUploadedFile("letter.docx", docx_bytes(), content_type="application/octet-stream")
    assert submit_letter(client, {**letter_data, "attachments": [pdf, docx]}).status_code == 302
    types = sorted(Case.objects.get().attachments.values_list("content_type", flat=True))
    assert types == ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]

    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert submit_letter(client, {**letter_data, "attachments": [fake]}).status_code == 400
    settings.CASES_MAX_ATTACHMENT_BYTES = 10
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 100, content_type="application/pdf")
    assert submit_letter(client, {**letter_data, "attachments": [big]}).status_code == 400
    assert Case.objects.count() == 1


def test_disclosure_request(client, home, department, old_token):
    data = {
        "requester_type": "organisation",
        "contact_name": "王五",
        "organisation": "",
        "contact_phone": "0755-12345678",
        "department": department.pk,
        "subject": "2025年学校建设资金使用情况",
        "body": "请公开……",
        "started": old_token,
    }
    response = client.post(reverse("cases:disclosure"), data)
    assert response.status_code == 400  # an organisation needs its name
    response = client.post(reverse("cases:disclosure"), {**data, "organisation": "示例科技有限公司"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.channel, case.term_days, case.requester_type, case.department) == (
        Channel.DISCLOSURE,
        20,
        "organisation",
        department,
    )
    assert case.status == "assigned"


# --- Lookup --------------------------------------------------------------------


def lookup(client, code, password):
    return client.post(reverse("cases:lookup"), {"code": code, "password": password})


def test_lookup_with_the_right_code(client, home, make_case):
    case, code, password = make_case()
    response = lookup(client, code.lower().replace("-", " "), password)  # forgiving about case and spaces
    assert response.status_code == 302
    page = client.get(reverse("cases:case"))
    html = page.content.decode()
    assert case.subject in html and case.body in html
    assert case.reference in html


def test_lookup_failures_are_identical(client, home, make_case):
    case, code, password = make_case()
    _other, other_code, other_password = make_case(subject="别人的信")
    responses = [
        lookup(client, code, "WRONGPASSWORD"),  # wrong password
        lookup(client, "GK-AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", password),  # unknown code
        lookup(client, other_code, password),  # someone else's code with my password
        lookup(client, code, other_password),  # my code with someone else's password
        lookup(client, "", ""),  # nothing
    ]
    # Identical apart from the per-response CSRF mask.
    bodies = {re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode()) for r in responses}
    assert {r.status_code for r in responses} == {200}
    assert len(bodies) == 1
    assert "别人的信" not in bodies.pop()
    assert client.get(reverse("cases:case")).status_code == 302  # nothing opened


def test_lookup_is_rate_limited(client, home, make_case, settings):
    settings.CASES_LOOKUP_RATE = "3/m"
    case, code, password = make_case()
    for _i in range(3):
        assert lookup(client, code, "nope").status_code == 200
    response = lookup(client, code, password)
    assert response.status_code == 429 and response["Retry-After"]


def test_lookup_shows_no_personal_data_of_staff_or_internal_notes(client, home, make_case, handler, department):
    case, code, password = make_case()
    services.assign(case, department, handler)
    services.add_note(case, handler, "内部备注：此人多次来信")
    lookup(client, code, password)
    html = client.get(reverse("cases:case")).content.decode()
    assert "内部备注" not in html
    assert handler.username not in html and handler.email not in html
    assert "示例市教育局" in html


# --- Timeline and rating -----------------------------------------------------------


def replied_case(make_case, handler, reviewer, department, **fields):
    case, code, password = make_case(**fields)
    services.assign(case, department, handler)
    services.draft_reply(case, handler, "已安排维修，预计下周完工。")
    services.approve_reply(case, reviewer)
    case.refresh_from_db()
    return case, code, password


def test_public_timeline(client, home, make_case, handler, reviewer, department):
    case, code, password = make_case(channel=Channel.DISCLOSURE, requester_type="natural")
    services.accept(case, handler)
    services.assign(case, department, handler)
    services.request_extension(case, handler, 10, "需要协调多个部门。")
    services.decide_extension(case, reviewer, approve=True)
    services.draft_reply(case, handler, "经查，所申请信息予以公开。", outcome="disclosed")
    services.approve_reply(case, reviewer)
    services.rate(case, Rating.SATISFIED, "谢谢")
    services.close(case, handler)
    kinds = [e.kind for e in case.public_timeline()]
    assert kinds == ["received", "accepted", "assigned", "extended", "replied", "rated", "closed"]
    lookup(client, code, password)
    page = client.get(reverse("cases:case"))
    steps = [(s["key"], bool(s["at"])) for s in page.context["steps"]]
    assert steps == [
        ("received", True),
        ("accepted", True),
        ("assigned", True),
        ("extended", True),
        ("replied", True),
        ("rated", True),
        ("closed", True),
    ]
    html = page.content.decode()
    assert "需要协调多个部门" in html and "经查，所申请信息予以公开。" in html
    # Internal steps (drafts, extension request) are not public.
    assert not {"reply_drafted", "extension_requested"} & set(kinds)


def test_rating_once(client, home, make_case, handler, reviewer, department):
    case, code, password = replied_case(make_case, handler, reviewer, department)
    lookup(client, code, password)
    assert client.post(reverse("cases:rate"), {"rating": "basically", "comment": "还行"}).status_code == 302
    response = client.post(reverse("cases:rate"), {"rating": "unsatisfied"})
    assert response.status_code == 409
    case.refresh_from_db()
    assert (case.rating, case.rating_comment) == ("basically", "还行")
    assert case.supervision == ""
    assert CaseEvent.objects.filter(case=case, kind="rated").count() == 1
    with pytest.raises(services.CaseError):
        services.rate(case, Rating.SATISFIED)


def test_cannot_rate_before_reply(make_case):
    case, _code, _pw = make_case()
    with pytest.raises(services.CaseError):
        services.rate(case, Rating.SATISFIED)


def test_rating_requires_a_looked_up_case(client, home, make_case, handler, reviewer, department):
    replied_case(make_case, handler, reviewer, department)
    assert client.post(reverse("cases:rate"), {"rating": "unsatisfied"}).status_code == 302
    assert not Case.objects.filter(rated_at__isnull=False).exists()


def test_unsatisfied_rating_opens_supervision_and_shows_it(
    client, home, make_case, handler, reviewer, department, mailoutbox, run_on_commit
):
    department.email = "jyj@shili.gov.example"
    department.save()
    case, code, password = replied_case(make_case, handler, reviewer, department)
    lookup(client, code, password)
    with run_on_commit():
        client.post(reverse("cases:rate"), {"rating": "unsatisfied", "comment": "没有解决问题"})
    case.refresh_from_db()
    assert case.supervision == Supervision.OPEN
    assert any("jyj@shili.gov.example" in m.to and case.reference in m.subject for m in mailoutbox)
    html = client.get(reverse("cases:case")).content.decode()
    assert 'id="case-supervision"' in html


def test_correction_answered_by_the_applicant(client, home, make_case, handler, department):
    case, code, password = make_case(channel=Channel.DISCLOSURE)
    services.assign(case, department, handler)
    services.request_correction(case, handler, "请说明所需信息的时间范围。")
    lookup(client, code, password)
    html = client.get(reverse("cases:case")).content.decode()
    assert "请说明所需信息的时间范围。" in html
    client.post(reverse("cases:correct"), {"answer": "2025年全年。"})
    case.refresh_from_db()
    assert case.status == "assigned" and case.deadline and case.correction_answer == "2025年全年。"


def test_english_pages(client, home_en, category):
    assert client.get("/en/cases/letter/").status_code == 200
    assert client.get("/en/cases/lookup/").status_code == 200


def test_home_page_links_to_the_case_pages(client, home):
    html = client.get("/").content.decode()
    for name in ("letter", "disclosure", "lookup", "answers", "statistics"):
        assert reverse(f"cases:{name}") in html
