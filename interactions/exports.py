"""Comment exports. Staff exports carry personal data; public ones carry only
what the public page shows. Every cell that a spreadsheet could read as a
formula (= + - @, tab, CR) is prefixed with an apostrophe."""

import csv
import io
import json

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Comment

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def staff_columns():
    return [
        (_("ID"), lambda c: c.pk),
        (_("Page"), lambda c: c.page.title),
        (_("Submitted at"), lambda c: timezone.localtime(c.submitted_at).strftime("%Y-%m-%d %H:%M")),
        (_("Status"), lambda c: c.get_status_display()),
        (_("Section"), lambda c: c.section_label),
        (_("Display name"), lambda c: c.display_name),
        (_("Region"), lambda c: c.region),
        (_("E-mail"), lambda c: c.contact_email),
        (_("Phone"), lambda c: c.contact_phone),
        (_("Consents to publication"), lambda c: _("yes") if c.consent_publish else _("no")),
        (pgettext("public comment", "Comment"), lambda c: c.body),
        (_("Comment as published"), lambda c: c.public_body),
        (_("Flag"), lambda c: c.flag_reasons),
        (_("Cluster"), lambda c: c.cluster_id or ""),
        (_("Reject reason"), lambda c: c.reject_reason.label if c.reject_reason_id else ""),
        (_("Disposition"), lambda c: c.get_disposition_display() if c.disposition else ""),
        (_("Reason or note"), lambda c: c.disposition_note),
    ]


def public_rows(queryset):
    for comment in queryset.public().order_by("submitted_at", "id"):
        yield {
            "id": comment.pk,
            "submitted_at": timezone.localtime(comment.submitted_at).isoformat(),
            "name": comment.public_display_name,
            "region": comment.public_region,
            "section": comment.section_label,
            "comment": comment.public_body,
            "cluster": comment.cluster_id,
            "disposition": comment.disposition if comment.disposition else "",
        }


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def staff_csv(queryset, filename="comments.csv"):
    columns = staff_columns()
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 Chinese correctly with a BOM
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(str(title)) for title, _get in columns])
    for comment in queryset.select_related("page", "reject_reason").iterator(chunk_size=2000):
        writer.writerow([safe_cell(get(comment)) for _title, get in columns])
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def staff_xlsx(queryset, filename="comments.xlsx"):
    from openpyxl import Workbook

    columns = staff_columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(pgettext("public comment", "Comments"))
    sheet.append([safe_cell(str(title)) for title, _get in columns])
    for comment in queryset.select_related("page", "reject_reason").iterator(chunk_size=2000):
        # Every cell is written as a string: openpyxl would store "=…" as a formula.
        sheet.append([_string_cell(sheet, safe_cell(get(comment))) for _title, get in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(
        HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        filename,
    )


def _string_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def public_csv(queryset, filename="comments.csv"):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    fields = ["id", "submitted_at", "name", "region", "section", "comment", "cluster", "disposition"]
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for row in public_rows(queryset):
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def public_json(queryset, filename="comments.json"):
    text = json.dumps({"comments": list(public_rows(queryset))}, ensure_ascii=False, indent=1)
    # Inert even if some client renders it as HTML.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _attachment(HttpResponse(text, content_type="application/json; charset=utf-8"), filename)


def public_queryset(page):
    return Comment.objects.for_page(page)
