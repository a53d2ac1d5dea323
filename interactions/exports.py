"""Comment exports. Staff exports carry personal data; public ones carry only
what the public page shows — dispositions only once the consultation's
outcome is published, with their public reason, never the internal note.
Everything people read is a label in the reader's language, not a code.
Every cell passes through cms.spreadsheet.safe_cell, so none can start a
formula."""

import csv
import io
import json

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.spreadsheet import safe_cell

from .models import Comment


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
        (_("Suspected automation"), lambda c: c.get_suspected_automation_display() if c.suspected_automation else ""),
        (_("Reports by citizens"), report_summary),
        (_("Cluster"), lambda c: c.cluster_id or ""),
        (_("Reject reason"), lambda c: c.reject_reason.label if c.reject_reason_id else ""),
        (_("Disposition"), lambda c: c.get_disposition_display() if c.disposition else ""),
        (_("Reason given to the public"), lambda c: c.disposition_note),
        (_("Internal note"), lambda c: c.disposition_internal_note),
        (_("Wants e-mail updates"), lambda c: _("yes") if c.notify_by_email else _("no")),
        (_("Moderation history"), history),
    ]


def report_summary(comment):
    """ "Advertising or spam: details; …" over the comment's reports (prefetched)."""
    return "; ".join(
        report.text + (f" ({report.get_suspected_automation_display()})" if report.suspected_automation else "")
        for report in comment.reports.all()
    )


def history(comment):
    """Every moderation action, oldest first, in words: "2026-05-01 10:00
    Approved and published (moderator; Pending → Published): reason"."""
    lines = []
    for entry in reversed(list(comment.log_entries.all())):
        when = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M")
        who = entry.actor.get_username() if entry.actor_id and entry.actor else _("System")
        details = [who]
        if entry.from_status or entry.to_status:
            details.append(f"{entry.from_status_label or '—'} → {entry.to_status_label or '—'}")
        line = f"{when} {entry.action_label} ({'; '.join(details)})"
        lines.append(f"{line}: {entry.reason}" if entry.reason else line)
    return "\n".join(lines)


def staff_queryset(queryset):
    return queryset.select_related("page", "reject_reason").prefetch_related("reports", "log_entries__actor")


PUBLIC_FIELDS = ["id", "submitted_at", "name", "region", "section", "comment", "cluster"]
DISPOSITION_FIELDS = ["disposition", "disposition_code", "disposition_reason"]


def public_rows(queryset, with_dispositions=False):
    """The public copy of each published comment; its disposition (label,
    code, public reason) only `with_dispositions` (the outcome is published)."""
    for comment in queryset.public().order_by("submitted_at", "id"):
        row = {
            "id": comment.pk,
            "submitted_at": timezone.localtime(comment.submitted_at).isoformat(),
            "name": comment.public_display_name,
            "region": comment.public_region,
            "section": comment.section_label,
            "comment": comment.public_body,
            "cluster": comment.cluster_id,
        }
        if with_dispositions:
            row.update(comment.public_disposition())
        yield row


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
    for comment in staff_queryset(queryset).iterator(chunk_size=2000):
        writer.writerow([safe_cell(get(comment)) for _title, get in columns])
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def staff_xlsx(queryset, filename="comments.xlsx"):
    from openpyxl import Workbook

    columns = staff_columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(pgettext("public comment", "Comments"))
    sheet.append([safe_cell(str(title)) for title, _get in columns])
    for comment in staff_queryset(queryset).iterator(chunk_size=2000):
        # Every cell is written as a string: openpyxl would store "=…" as a formula.
        sheet.append([_string_cell(sheet, safe_cell(get(comment))) for _title, get in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(
        HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
        filename,
    )


def _string_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"
    return cell


def public_csv(queryset, filename="comments.csv", with_dispositions=False):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    fields = PUBLIC_FIELDS + (DISPOSITION_FIELDS if with_dispositions else [])
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for row in public_rows(queryset, with_dispositions):
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def public_json(queryset, filename="comments.json", with_dispositions=False):
    text = json.dumps({"comments": list(public_rows(queryset, with_dispositions))}, ensure_ascii=False, indent=1)
    # Inert even if some client renders it as HTML.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _attachment(HttpResponse(text, content_type="application/json; charset=utf-8"), filename)


def public_queryset(page):
    return Comment.objects.for_page(page)
