"""Idempotent intake (issue 20, defect 5) and never a receipt for nothing.

A letter, a disclosure request or a hotline case sent twice — two requests
at once against a live server, or a resend — is one case, and every
response shows its receipt. A suspect submission (honeypot, time trap) is
refused with a message that keeps what was typed; a receipt is shown only
for a stored row."""

import re
import threading

import pytest
import requests
from django.urls import reverse

from interactions.cases.forms import read_trap_token, trap_token
from interactions.cases.models import Case, CaseMail
from tests.cases.test_public import submit_letter

ROUNDS = 4


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def form_data(channel, category, department):
    common = {
        "subject": "公交站台缺少遮雨棚",
        "body": "建设路口公交站台没有遮雨棚。",
        "contact_name": "李四",
        "contact_phone": "13912345678",
        "website": "",
    }
    if channel == "letter":
        return {**common, "category": str(category.pk), "contact_email": "lisi@example.test"}
    return {**common, "requester_type": "natural", "department": str(department.pk)}


def post_at_once(base, path, data, copies=2):
    """Load the form once, then send it `copies` times at the same moment,
    each from its own connection; follow each answer to its receipt."""
    first = requests.Session()
    html = first.get(base + path, timeout=30).text
    data = {**data, "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"), "started": hidden(html, "started")}
    barrier, results = threading.Barrier(copies), [None] * copies

    def send(index):
        session = requests.Session()
        session.cookies.update(first.cookies)  # the same browser's CSRF cookie
        barrier.wait()
        response = session.post(
            base + path, data=data, headers={"Referer": base + path}, allow_redirects=False, timeout=60
        )
        receipt = session.get(base + response.headers["Location"], timeout=30) if response.status_code == 302 else None
        results[index] = (response.status_code, receipt.text if receipt is not None else response.text)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    return results


def receipt_of(html):
    code = re.search(r'id="tracking-code">([^<]+)<', html)
    password = re.search(r'id="tracking-password">([^<]+)<', html)
    reference = re.search(r"(XX|YS)\d{4}-\d{6}", html)
    return code and code.group(1), password and password.group(1), reference and reference.group(0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("channel", ["letter", "disclosure"])
def test_a_form_posted_twice_at_once_is_one_case_with_one_receipt(
    live_server, home, category, department, settings, channel
):
    settings.CASES_MIN_FILL_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    from interactions.cases import services

    for _round in range(ROUNDS):
        before = Case.objects.count()
        results = post_at_once(live_server.url, f"/cases/{channel}/", form_data(channel, category, department))
        assert [status for status, _html in results] == [302, 302], [html[:300] for _s, html in results]
        receipts = {receipt_of(html) for _status, html in results}
        assert len(receipts) == 1, receipts  # both responses show the same receipt…
        code, password, reference = receipts.pop()
        assert code and password and reference
        assert Case.objects.count() == before + 1  # …of one case
        case = services.lookup(code, password)
        assert case is not None and case.reference == reference
        assert case.events.filter(kind="received").count() == 1
    if channel == "letter":
        # One receipt e-mail per case, not per request.
        assert CaseMail.objects.filter(recipients=["lisi@example.test"]).count() == ROUNDS


def test_a_resent_form_shows_the_receipt_of_the_case_it_made(
    client, home, category, old_token, mailoutbox, run_on_commit
):
    data = {**form_data("letter", category, None), "started": old_token}
    with run_on_commit():
        first = submit_letter(client, data)
        first_receipt = receipt_of(client.get(first.url).content.decode())
        again = submit_letter(client, data)  # the back button and 'send' once more
        again_receipt = receipt_of(client.get(again.url).content.decode())
    assert first.status_code == again.status_code == 302
    assert first_receipt == again_receipt and first_receipt[0]
    assert Case.objects.count() == 1
    assert len([m for m in mailoutbox if "lisi@example.test" in m.to]) == 1
    # A new form is a new letter.
    submit_letter(client, {**data, "started": trap_token(0)})
    assert Case.objects.count() == 2


def test_a_hotline_case_entered_twice_is_one_case(client, supervisor, category, department):
    client.force_login(supervisor)
    form = client.get(reverse("cases_admin:create")).content.decode()
    data = {
        "channel": "hotline",
        "category": category.pk,
        "subject": "噪音扰民",
        "body": "夜间施工噪音。",
        "contact_name": "赵六",
        "contact_phone": "13700000000",
        "department": department.pk,
        "received_at": "2026-11-02 09:30:00",
        "started": hidden(form, "started"),
    }
    first, second = client.post(reverse("cases_admin:create"), data), client.post(reverse("cases_admin:create"), data)
    assert first.status_code == second.status_code == 200
    assert Case.objects.count() == 1
    assert (first.context["code"], first.context["password"]) == (second.context["code"], second.context["password"])


# --- Never a receipt for nothing ---------------------------------------------------


def refused(response, typed):
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and "tracking-code" not in html
    for text in typed:
        assert text in html  # what was typed is still there
    return html


@pytest.mark.parametrize("channel", ["letter", "disclosure"])
def test_the_honeypot_is_refused_in_words_keeping_what_was_typed(
    client, home, category, department, old_token, channel
):
    data = {**form_data(channel, category, department), "started": old_token, "website": "http://example.test"}
    html = refused(
        client.post(reverse(f"cases:{channel}"), data), [data["subject"], data["body"], data["contact_name"]]
    )
    assert "Nothing was stored" in html or "没有保存" in html or "未保存" in html
    assert 'value="http://example.test"' not in html  # the hidden field comes back empty
    assert not Case.objects.exists()
    # Sent again from the page it got back, the letter is received.
    response = client.post(reverse(f"cases:{channel}"), {**data, "website": "", "started": hidden(html, "started")})
    assert response.status_code == 302 and Case.objects.count() == 1


def test_the_time_trap_is_refused_and_the_same_form_goes_through_later(client, home, category, settings):
    settings.CASES_MIN_FILL_SECONDS = 3
    import time

    data = {**form_data("letter", category, None), "started": trap_token(time.time() - 1)}
    html = refused(submit_letter(client, data), [data["subject"], data["body"]])
    assert not Case.objects.exists()
    stamp = hidden(html, "started")
    assert read_trap_token(stamp) == read_trap_token(data["started"])  # same form, same key
    settings.CASES_MIN_FILL_SECONDS = 0.5
    time.sleep(0.6)
    assert submit_letter(client, {**data, "started": stamp}).status_code == 302
    assert Case.objects.count() == 1


def test_an_expired_or_forged_form_says_so_and_offers_a_fresh_one(client, home, category):
    data = {**form_data("letter", category, None), "started": "forged"}
    html = refused(submit_letter(client, data), [data["subject"]])
    fresh = hidden(html, "started")
    assert read_trap_token(fresh) is not None
    assert submit_letter(client, {**data, "started": trap_token(0)}).status_code == 302


def test_no_receipt_without_a_stored_case(client, home):
    html = client.get(reverse("cases:receipt")).content.decode()
    assert "tracking-code" not in html
    session = client.session
    session["cases.receipt"] = {"case": 999999, "code": "GK-FAKE", "password": "X"}
    session.save()
    html = client.get(reverse("cases:receipt")).content.decode()
    assert "GK-FAKE" not in html
