"""XSS canary sweep: one distinctive payload typed into every text an editor
or a citizen controls, then every public page, feed, API answer, admin
listing, e-mail and export is read back. The payload must never come out
as live markup, and spreadsheet cells must never start a formula."""

import csv
import io
import re

import pytest
from django.core import mail
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.html import escape
from wagtail.fields import RichTextField
from wagtail.models import Page

from accountability.models import SurveyResponse
from briefings.models import Spokesperson
from cms.models import Department, Topic
from interactions.cases.models import Case
from interactions.models import Comment

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PAYLOAD = '<script>alert("gk-canary")</script>"\'><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","gk")'
# What would run if the payload came out unescaped.
LIVE = ['<script>alert("gk-canary")', "<img src=x onerror=alert(1)>", "<script>alert(&quot;gk-canary"]
SKIP_FIELDS = {"slug", "url_path", "draft_title", "search_description", "content_type", "locale", "path", "url"}


def poison(instance_or_model, qs=None, extra=None):
    """Every free-text field of the rows in `qs` set to the payload (cut to
    the field's max_length), written straight to the table so no clean() or
    editor sanitiser gets in the way."""
    model = instance_or_model
    qs = qs if qs is not None else model._default_manager.all()
    fields = {}
    for field in model._meta.get_fields():
        if not isinstance(field, models.CharField | models.TextField) or field.choices or field.name in SKIP_FIELDS:
            continue
        if (
            field.unique
            or not field.editable
            or field.name.endswith(("_code", "code", "digest", "hash", "email", "phone"))
        ):
            continue
        if field.model is not model and not issubclass(model, field.model):
            continue
        limit = field.max_length or 10_000
        if isinstance(field, RichTextField):
            # Stored HTML: what the rich-text editor saves when someone types the payload.
            fields[field.name] = f"<p>{escape(PAYLOAD)} {escape(FORMULA)}</p>"
        else:
            fields[field.name] = (PAYLOAD + " " + FORMULA)[:limit] if limit >= 40 else None
    fields = {k: v for k, v in fields.items() if v}
    fields.update(extra or {})
    for name, val in fields.items():
        # One column at a time: a multi-table page updates each table.
        qs.update(**{name: val})
    return fields


def assert_inert(text, where):
    for marker in LIVE:
        assert marker not in text, f"unescaped payload in {where}"


def admin_urls_without_arguments():
    urls = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
                urls.append("/" + prefix + route.lstrip("^").rstrip("$"))

    for entry in get_resolver().url_patterns:
        if str(entry.pattern) == "admin/":
            walk(entry.url_patterns, "admin/")
    skip = (
        "logout",
        "login",
        "password",
        "2fa",
        "/run/",
        "delete",
        "unpublish",
        "jsi18n",
        "/new/",
        "add/",
        "create",
        "error",
        "failwhale",
    )
    return sorted({u for u in urls if not any(s in u for s in skip)})


def test_payload_never_comes_out_live(client, demo_site, make_user, settings):
    superuser = make_user("gk-canary-admin", superuser=True)
    settings.RATELIMIT_ENABLE = False
    # --- seed the payload everywhere text is kept -----------------------------
    for page in Page.objects.live().filter(depth__gt=1).specific().iterator():
        poison(type(page), type(page).objects.filter(pk=page.pk))
    Page.objects.filter(depth__gt=1).update(title=PAYLOAD)
    for model in (Department, Topic, Spokesperson, Comment, SurveyResponse):
        poison(model)
    poison(Case, extra={"reply": PAYLOAD + "\n" + FORMULA})
    mail.outbox = []
    # A citizen's letter with the payload: its receipt e-mail is checked below.
    from interactions.cases.forms import trap_token
    from interactions.cases.models import Category

    settings.CASES_MIN_FILL_SECONDS = 0
    client.post(
        "/cases/letter/",
        {
            "category": Category.objects.filter(active=True).first().pk,
            "subject": PAYLOAD,
            "body": PAYLOAD + " " + FORMULA,
            "contact_name": PAYLOAD[:80],
            "contact_email": "canary@example.test",
            "started": trap_token(0),
            "website": "",
        },
    )

    # --- read it back ---------------------------------------------------------
    urls = [
        "/",
        "/en/",
        f"/search/?q={PAYLOAD}",
        f"/en/search/?q={PAYLOAD}",
        f"/search/suggest/?q={PAYLOAD}",
        "/search/?q=gk",
    ]
    urls += [p.url for p in Page.objects.live().filter(depth__gt=1)]
    urls += ["/catalogue/", "/en/catalogue/", "/cases/answers/", "/cases/statistics/", "/sitemap.xml"]
    urls += [f"/cases/answers/{pk}/" for pk in Case.objects.published().values_list("pk", flat=True)[:5]]
    urls += [
        "/feeds/policies/",
        "/feeds/interpretations/",
        "/feeds/briefings/",
        "/feeds/consultations/",
        "/feeds/incidents/",
        "/feeds/topics/",
    ]
    urls += [p.url + "feed/" for p in Page.objects.live().filter(consultationpage__isnull=False)]
    checked = 0
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert_inert(response.content.decode(), url)
        checked += 1

    # Data formats: the payload may appear as data, but never served as HTML.
    data_urls = ["/api/v2/pages/?fields=*&limit=50", "/api/v2/departments/", "/api/v2/topics/", "/catalogue.json"]
    data_urls += [
        f"/api/v2/pages/{pk}/" for pk in Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True)[:40]
    ]
    for url in data_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "html" not in response["Content-Type"], url
        assert response.get("X-Content-Type-Options") == "nosniff", url

    # --- spreadsheets: no formula can start a cell ----------------------------
    exports = ["/catalogue.csv", "/cases/statistics.csv"]
    exports += [p.url + "export/csv/" for p in Page.objects.live().filter(consultationpage__isnull=False)]
    for url in exports:
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))):
            for cell in row:
                assert not re.match(r"^[=+\-@\t\r]", cell), (url, cell[:40])

    # --- the admin, as a superuser ---------------------------------------------
    client.force_login(superuser)
    admin = admin_urls_without_arguments()
    admin += [f"/admin/pages/{pk}/" for pk in Page.objects.filter(depth__lte=3).values_list("pk", flat=True)]
    admin += [f"/admin/comments/{pk}/" for pk in Comment.objects.values_list("pk", flat=True)[:3]]
    admin += [f"/admin/cases/{pk}/" for pk in Case.objects.values_list("pk", flat=True)[:3]]
    for url in admin:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        assert_inert(response.content.decode(), url)
        checked += 1
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/admin/comments/export/{fmt}/", {"status": ""})
        if response.status_code == 200 and fmt == "csv":
            body = b"".join(response.streaming_content) if response.streaming else response.content
            for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))):
                for cell in row:
                    assert not re.match(r"^[=+\-@]", cell), cell[:40]
        elif response.status_code == 200:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(response.content))
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    for cell in row:
                        assert not (isinstance(cell, str) and re.match(r"^[=+\-@]", cell)), cell[:40]

    # --- e-mails: HTML parts inert, nothing mailed to strangers as markup -------
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            if "html" in mimetype:
                assert_inert(content, f"e-mail {message.subject!r}")
        assert_inert(message.subject, "e-mail subject")
    assert checked > 60
