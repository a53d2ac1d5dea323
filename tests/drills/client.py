"""A citizen's browser, reduced to what a submission needs: fetch the form
(cookies, CSRF token, the form's own hidden fields), then post it."""

import re

import requests

HIDDEN = re.compile(r'<input[^>]+type="hidden"[^>]*>')
NAME = re.compile(r'name="([^"]+)"')
VALUE = re.compile(r'value="([^"]*)"')


def hidden_fields(html):
    fields = {}
    for tag in HIDDEN.findall(html):
        name, value = NAME.search(tag), VALUE.search(tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def form_html(html, action_suffix):
    """The <form> whose action ends with `action_suffix` (pages carry several forms)."""
    for match in re.finditer(r"<form\b[^>]*>.*?</form>", html, re.S):
        action = re.search(r'action="([^"]*)"', match.group(0)[:500])
        if action and action.group(1).endswith(action_suffix):
            return match.group(0)
    return html


def first_option(html, select_name):
    block = re.search(rf'<select[^>]+name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    values = re.findall(r'<option value="([^"]+)"', block.group(1)) if block else []
    return values[0] if values else ""


def submit_comment(base, consultation_url, text, timeout=30):
    """Returns the HTTP status of the submission (302 = accepted) or an exception name."""
    session = requests.Session()
    try:
        form = session.get(base + consultation_url, timeout=timeout)
        if form.status_code != 200:
            return f"form-{form.status_code}"
        data = {
            **hidden_fields(form_html(form.text, "comment/")),
            "body": text,
            "consent_publish": "on",
            "display_name": "演练",
        }
        response = session.post(
            base + consultation_url + "comment/",
            data=data,
            allow_redirects=False,
            timeout=timeout,
            headers={"Referer": base + consultation_url},
        )
        if response.status_code == 302 and "receipt" not in response.headers.get("Location", ""):
            return "302-not-receipt"
        return response.status_code
    except requests.RequestException as exc:
        return type(exc).__name__


def submit_letter(base, text, timeout=30):
    session = requests.Session()
    try:
        form = session.get(base + "/cases/letter/", timeout=timeout)
        if form.status_code != 200:
            return f"form-{form.status_code}"
        data = {
            **hidden_fields(form_html(form.text, "/cases/letter/")),
            "category": first_option(form.text, "category"),
            "subject": text,
            "body": "演练来信正文：" + text,
            "contact_name": "演练",
            "contact_email": "drill@example.test",
        }
        response = session.post(
            base + "/cases/letter/",
            data=data,
            allow_redirects=False,
            timeout=timeout,
            headers={"Referer": base + "/cases/letter/"},
        )
        return response.status_code
    except requests.RequestException as exc:
        return type(exc).__name__
