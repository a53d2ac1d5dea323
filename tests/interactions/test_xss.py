"""Script payloads typed into a comment stay inert on every surface."""

import csv
import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from interactions import services
from interactions.models import Comment

from .conftest import post_comment

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
]
RAW_MARKERS = ["<script>alert", "<img src=x", "<svg/onload"]


@pytest.fixture
def hostile(client, consultation, moderator):
    body = "意见 " + " ".join(PAYLOADS) + '\n=HYPERLINK("http://evil")'
    post_comment(
        client,
        consultation,
        body=body,
        display_name="<b onmouseover=alert(1)>x</b>",
        region="<i>r</i>",
        contact_email="x@example.com",
    )
    comment = Comment.objects.get()
    services.moderate([comment], "approve", moderator)
    return Comment.objects.get()


def assert_inert_html(html):
    for marker in RAW_MARKERS + ["<b onmouseover", "<i>r</i>"]:
        assert marker not in html


def test_public_page(client, consultation, hostile):
    html = client.get(consultation.url).content.decode()
    assert "&lt;script&gt;alert" in html
    assert_inert_html(html)
    assert_inert_html(client.get(consultation.url + "?group=section").content.decode())


def test_feed(client, consultation, hostile):
    xml = client.get(consultation.url + "feed/").content.decode()
    # Double-escaped: a reader that renders the description as HTML shows the text.
    assert "&amp;lt;script&amp;gt;" in xml
    assert "<script" not in xml and "&lt;script" not in xml.replace("&amp;lt;script", "")


def test_admin_queue_and_detail(client, hostile, moderator):
    client.force_login(moderator)
    queue = client.get(reverse("interactions_admin:queue"), {"status": ""}).content.decode()
    assert_inert_html(queue)
    detail = client.get(reverse("interactions_admin:detail", args=[hostile.pk])).content.decode()
    assert_inert_html(detail)


def test_email(hostile, consultation):
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert_inert_html(html)
    assert message.content_subtype == "plain"  # the text part is not interpreted as HTML
    # The citizen's text is not echoed: the form must not become a way to mail
    # arbitrary words to arbitrary addresses from the government's domain.
    assert "alert" not in message.body and "alert" not in html and "HYPERLINK" not in message.body
    assert consultation.title in message.subject


def test_email_escapes_the_page_title(client, home):
    from .conftest import make_consultation

    page = make_consultation(home, "xss-title", title="<script>alert(2)</script>征求意见")
    post_comment(client, page, contact_email="y@example.com")
    html = mail.outbox[-1].alternatives[0][0]
    assert "<script>alert(2)" not in html and "&lt;script&gt;alert(2)" in html


def test_public_exports(client, consultation, hostile):
    response = client.get(consultation.url + "export/json/")
    assert response["Content-Type"].startswith("application/json")
    raw = response.content.decode()
    assert "<" not in raw  # even escaped inside JSON strings
    data = json.loads(raw)
    assert "<script>alert('x')</script>" in data["comments"][0]["comment"]
    response = client.get(consultation.url + "export/csv/")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2].startswith("<b") or rows[1][2].startswith("'")


def test_formula_injection_escaped_in_staff_exports(client, consultation, moderator):
    from .conftest import add_comment

    add_comment(consultation, "=1+2", display_name="@SUM(A1)", region="-3", contact_phone="+8613800138000")
    client.force_login(moderator)
    response = client.get(reverse("interactions_admin:export", args=["csv"]), {"status": ""})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    cell = dict(zip(header, row, strict=True))
    values = set(cell.values())
    assert "'=1+2" in values and "'@SUM(A1)" in values and "'-3" in values and "'+8613800138000" in values
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    response = client.get(reverse("interactions_admin:export", args=["xlsx"]), {"status": ""})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type == "s" for c in cells if c.value)
    assert not any(str(c.value).startswith(("=", "+", "-", "@")) for c in cells if c.value)
    assert "'=1+2" in [c.value for c in cells]


def test_public_csv_escapes_formulas(client, consultation, moderator):
    from .conftest import add_comment

    comment = add_comment(consultation, "=cmd|' /C calc'!A0")
    services.moderate([comment], "approve", moderator)
    text = client.get(consultation.url + "export/csv/").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][5] == "'=cmd|' /C calc'!A0"


def test_staff_export_neutralises_cells_starting_with_a_tab_or_carriage_return(client, consultation, moderator):
    from .conftest import add_comment

    add_comment(consultation, "\t=1+2", display_name="\r=SUM(A1)")
    client.force_login(moderator)
    response = client.get(reverse("interactions_admin:export", args=["csv"]), {"status": ""})
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[:2]
    values = set(row)
    assert "'\t=1+2" in values and "'\r=SUM(A1)" in values
