import csv

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page, PageLogEntry

from cms.spreadsheet import safe_cell

from .actions import RECORD_SIGNED_ACTION, can_fast_track, fast_track_publish
from .checklist import CHECKLIST_KEYS
from .forms import FastTrackForm
from .models import ConfidentialityReviewRecord


@require_http_methods(["GET", "POST"])
def fast_track(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_fast_track(page, request.user):
        raise PermissionDenied
    form = FastTrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fast_track_publish(page, request.user, form.cleaned_data["reason"])
        messages.warning(
            request,
            _("'%(title)s' is published and awaits retrospective review.") % {"title": page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "cms/workflow/fast_track.html", {"page": page, "form": form})


def can_view_audit(user):
    return user.is_active and (user.is_superuser or user.has_perm("cms.view_confidentialityreviewrecord"))


def audit_log(request):
    if not can_view_audit(request.user):
        raise PermissionDenied
    records = Paginator(ConfidentialityReviewRecord.objects.all(), 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "cms/workflow/audit_log.html", {"records": records})


AUDIT_COLUMNS = [
    "kind",
    "timestamp",
    "page_id",
    "page_title",
    "action",
    "action_label",
    "user",
    "revision_id",
    "content_hash",
    "signature_valid",
    "answers",
    "comment",
]


def action_label(action):
    """The registered label of a log action, in the active language (the
    viewer's admin language); the code itself when nothing registered it."""
    if log_action_registry.action_exists(action):
        return str(log_action_registry.get_action_label(action))
    return action


def audit_rows():
    labels = {}
    for entry in PageLogEntry.objects.select_related("user").order_by("timestamp", "pk").iterator():
        data = entry.data or {}
        comment = data.get("reason") or data.get("comment") or ""
        if not comment and isinstance(data.get("workflow"), dict):
            comment = data["workflow"].get("comment", "")
        yield [
            "log",
            entry.timestamp.isoformat(),
            entry.page_id,
            entry.label,
            entry.action,
            labels.setdefault(entry.action, action_label(entry.action)),
            entry.user.get_username() if entry.user else "",
            entry.revision_id or "",
            "",
            "",
            "",
            comment,
        ]
    for record in ConfidentialityReviewRecord.objects.order_by("signed_at", "pk").iterator():
        yield [
            "confidentiality_review",
            record.signed_at.isoformat(),
            record.page_id,
            record.page_title,
            "attest",
            action_label(RECORD_SIGNED_ACTION),
            record.reviewer_name,
            record.revision_id,
            record.content_hash,
            "yes" if record.signature_valid() else "NO",
            ";".join(f"{key}={'yes' if record.answers.get(key) else 'no'}" for key in CHECKLIST_KEYS),
            record.comment,
        ]


def audit_log_csv(request):
    if not can_view_audit(request.user):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="review-audit-{timezone.now():%Y%m%d-%H%M}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 Chinese correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(AUDIT_COLUMNS)
    for row in audit_rows():
        writer.writerow([safe_cell(value) for value in row])
    return response
