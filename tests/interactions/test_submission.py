import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from interactions.forms import new_form_token
from interactions.models import Comment, CommentAttachment

from .conftest import form_data, post_comment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"


def test_a_comment_is_stored_pending_with_a_receipt(client, consultation):
    response = post_comment(client, consultation, contact_email="citizen@example.com", section="sec-2")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.PENDING
    assert comment.section_label == "2 养犬登记"
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    code = receipt.context["code"]
    assert code and code.startswith("GK-")
    assert code in receipt.content.decode()
    assert Comment.find_by_tracking_code(code) == comment
    # The e-mail carries the same code.
    assert len(mail.outbox) == 1
    assert code in mail.outbox[0].body
    assert mail.outbox[0].to == ["citizen@example.com"]
    # The status can be looked up with it.
    track = client.post(consultation.url + "track/", {"code": code})
    assert "待审核" in track.content.decode() or "Pending" in track.content.decode()


def test_no_email_without_contact(client, consultation):
    post_comment(client, consultation)
    assert Comment.objects.count() == 1
    assert mail.outbox == []


def test_5000_code_points_accepted_5001_rejected(client, consultation):
    # Astral characters are one code point each (two UTF-16 units, four bytes).
    ok = "意" * 4990 + "😀" * 10
    assert len(ok) == 5000
    assert post_comment(client, consultation, body=ok).status_code == 302
    response = post_comment(client, consultation, body=ok + "x")
    assert response.status_code == 400
    assert Comment.objects.count() == 1
    assert Comment.objects.get().body == ok


def test_crlf_counts_as_one_newline(client, consultation):
    body = ("a" * 99 + "\r\n") * 50  # 5,000 characters once CRLF becomes LF
    assert post_comment(client, consultation, body=body).status_code == 302


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_real_pdf_and_png_are_accepted(client, consultation):
    data = form_data(attachments=[upload("draft-notes.pdf", PDF, "application/pdf"), upload("photo.png", PNG)])
    response = client.post(consultation.url + "comment/", data)
    assert response.status_code == 302
    kinds = sorted(CommentAttachment.objects.values_list("content_type", flat=True))
    assert kinds == ["application/pdf", "image/png"]


@pytest.mark.parametrize(
    "name,content",
    [
        ("report.pdf", EXE),  # a program calling itself a PDF
        ("photo.pdf", PNG),  # an image with a PDF's name
        ("notes.docx", PDF),  # a PDF calling itself Word
        ("script.exe", EXE),
        ("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_lying_or_unwanted_attachments_are_rejected(client, consultation, name, content):
    data = form_data(attachments=[upload(name, content, "application/pdf")])
    response = client.post(consultation.url + "comment/", data)
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_at_most_three_attachments(client, consultation):
    files = [upload(f"f{i}.pdf", PDF) for i in range(4)]
    assert client.post(consultation.url + "comment/", form_data(attachments=files)).status_code == 400
    assert Comment.objects.count() == 0


def test_attachment_over_10_mb_rejected(client, consultation):
    big = PDF + b"0" * (10 * 1024 * 1024)
    assert (
        client.post(consultation.url + "comment/", form_data(attachments=[upload("big.pdf", big)])).status_code == 400
    )
    assert Comment.objects.count() == 0


def test_attachments_are_not_under_media_root(client, consultation, settings):
    client.post(consultation.url + "comment/", form_data(attachments=[upload("a.pdf", PDF)]))
    path = CommentAttachment.objects.get().file.path
    assert str(settings.MEDIA_ROOT) not in path
    assert str(settings.INTERACTIONS_PRIVATE_ROOT) in path


def _receipt_code(client, response):
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    return receipt.context["code"]


def test_honeypot_is_stored_held_with_a_real_receipt(client, consultation):
    """Never a receipt for nothing: a filled hidden field (a bot, or a browser's
    autofill) is stored, held for a moderator and marked; its code works."""
    response = post_comment(client, consultation, website="http://spam.example", contact_email="a@example.com")
    code = _receipt_code(client, response)
    comment = Comment.objects.get()
    assert Comment.find_by_tracking_code(code) == comment
    assert comment.status == Comment.PENDING and comment.flagged
    assert comment.suspected_automation == "honeypot"
    # No receipt e-mail: a bot's address list must not make us send mail.
    assert mail.outbox == []
    track = client.post(consultation.url + "track/", {"code": code}).content.decode()
    assert 'class="notice" role="alert"' not in track


def test_time_trap_stores_and_holds(client, consultation, settings):
    settings.INTERACTIONS_MIN_FILL_SECONDS = 3
    response = post_comment(client, consultation, token=new_form_token(), contact_email="a@example.com")
    code = _receipt_code(client, response)
    comment = Comment.objects.get()
    assert Comment.find_by_tracking_code(code) == comment
    assert comment.status == Comment.PENDING and comment.suspected_automation == "too_fast"
    # A person who pastes fast still gets the receipt e-mail with the code.
    assert len(mail.outbox) == 1 and code in mail.outbox[0].body


def test_time_trap_lets_people_through(client, consultation, settings, monkeypatch):
    settings.INTERACTIONS_MIN_FILL_SECONDS = 3
    token = new_form_token()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 10)
    assert post_comment(client, consultation, token=token).status_code == 302
    assert Comment.objects.count() == 1


def test_forged_token_is_refused(client, consultation):
    response = post_comment(client, consultation, token="forged")
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_rate_limit_returns_429_with_retry_after(client, consultation, settings):
    settings.INTERACTIONS_COMMENT_RATE = "3/m"
    codes = [post_comment(client, consultation, body=f"意见{i}").status_code for i in range(5)]
    assert codes[:3] == [302, 302, 302]
    assert codes[3:] == [429, 429]
    response = post_comment(client, consultation, body="再来一条")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Comment.objects.count() == 3


def test_double_click_stores_one_comment(client, consultation):
    data = form_data(contact_email="c@example.com")
    first = client.post(consultation.url + "comment/", data)
    second = client.post(consultation.url + "comment/", data)
    assert first.status_code == second.status_code == 302
    assert Comment.objects.count() == 1
    assert len(mail.outbox) == 1
    assert first["Location"] == second["Location"]
    # The second receipt still shows the code (same browser session).
    assert client.get(second["Location"]).context["code"]


def test_retry_from_another_session_stores_one_comment(consultation):
    data = form_data(body="只在本浏览器显示的原文")
    assert Client().post(consultation.url + "comment/", data).status_code == 302
    other = Client()
    response = other.post(consultation.url + "comment/", data)
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    # Without the first session the receipt shows neither the code nor the text.
    receipt = other.get(response["Location"]).content.decode()
    assert "只在本浏览器显示的原文" not in receipt and "GK-" not in receipt


def test_csrf_is_enforced(consultation):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(consultation.url + "comment/", form_data())
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_form_page_has_csrf_token_and_honeypot(client, consultation):
    html = client.get(consultation.url).content.decode()
    assert "csrfmiddlewaretoken" in html
    assert 'name="website"' in html and 'name="token"' in html


def test_closed_consultation_refuses_comments(client, home):
    from .conftest import make_consultation

    closed = make_consultation(home, "closed-one", opens=-10, closes=-1)
    response = post_comment(client, closed)
    assert response.status_code == 200
    assert Comment.objects.count() == 0


def test_phone_contact_is_validated_and_normalised(client, consultation):
    assert post_comment(client, consultation, contact_phone="12345").status_code == 400
    assert post_comment(client, consultation, contact_phone="138 0013 8000").status_code == 302
    assert Comment.objects.get().contact_phone == "+8613800138000"


def test_contact_details_never_shown_publicly(client, consultation, moderator):
    from interactions import services

    post_comment(client, consultation, contact_email="secret-person@example.com", contact_phone="13800138000")
    services.moderate(Comment.objects.all(), "approve", moderator)
    html = client.get(consultation.url).content.decode()
    assert "secret-person" not in html and "13800138000" not in html
    assert "secret-person" not in client.get(consultation.url + "export/json/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submit_stores_one_comment(transactional_db, home):
    """Two requests with the same form token racing each other (a double
    click on a slow connection): the unique key lets exactly one row in."""
    import threading
    import uuid

    from django.db import connection

    from interactions import services

    from .conftest import make_consultation

    page = make_consultation(home)
    key = uuid.uuid4()
    barrier = threading.Barrier(2)
    results = []

    def submit():
        try:
            barrier.wait()
            results.append(
                services.submit_comment(page, {"body": "同时提交的意见", "consent_publish": True}, submission_key=key)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Comment.objects.count() == 1
    assert len(results) == 2
    assert {comment.pk for comment, _code in results} == {Comment.objects.get().pk}
    assert sum(1 for _comment, code in results if code) == 1


def test_the_receipt_code_travels_in_a_signed_httponly_cookie_and_is_never_cached(client, consultation, settings):
    from django.core.cache import cache

    settings.GONGKAI_PAGE_CACHE_SECONDS = 300
    cache.clear()
    response = post_comment(client, consultation)
    cookie = response.cookies["gk_receipts"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) == 3600
    assert "sessionid" not in response.cookies  # a submission writes no session row
    receipt = client.get(response["Location"])
    assert receipt.context["code"]
    assert "no-store" in receipt["Cache-Control"] and "private" in receipt["Cache-Control"]
    # Another visitor on the same address gets neither the page cache's copy nor the code.
    other = Client().get(response["Location"])
    assert other.context["code"] is None
    assert receipt.context["code"] not in other.content.decode()
    cache.clear()


def test_a_tampered_receipts_cookie_shows_no_code(client, consultation):
    response = post_comment(client, consultation)
    value = client.cookies["gk_receipts"].value
    client.cookies["gk_receipts"] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert receipt.context["code"] is None
