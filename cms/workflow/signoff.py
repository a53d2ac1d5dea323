"""The review-and-sign-off sheet (审签单) of one page, as a print view and a PDF.

One sheet per document: its title, 文号 and 索引号; each stage of its live
review (the one that approved the live revision) or, for a page not live
yet, of its latest review — stage, reviewer, time, action, comment; the
confidentiality checklist answers with the record's content hash and
signature check; the leader's sign-off opinion (签发意见); and any emergency
fast-track publication. Shown to those who may read the review audit and
hold a page permission on the page."""

from dataclasses import dataclass, field
from io import BytesIO
from xml.sax.saxutils import escape

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.models import Page, TaskState, WorkflowState

from .checklist import CHECKLIST
from .models import ConfidentialityReviewRecord, FastTrackPublication
from .views import can_view_audit


def may_see_sheet(user, page):
    if not can_view_audit(user):
        return False
    return user.is_superuser or page.permissions_for_user(user).can_edit()


def person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def when(value):
    return date_format(timezone.localtime(value), "Y-m-d H:i") if value else ""


@dataclass
class Stage:
    name: str
    action: str
    reviewer: str
    at: str
    comment: str
    revision_id: int | None
    sign_off: bool = False


@dataclass
class Record:
    reviewer: str
    at: str
    revision_id: int
    answers: list  # [(label, answered yes)]
    comment: str
    content_hash: str
    signature_valid: bool
    content_matches: bool


@dataclass
class FastTrack:
    by: str
    at: str
    reason: str
    reviewed_at: str


@dataclass
class Sheet:
    page: Page
    title: str
    document_number: str
    index_number: str
    status: str
    review_status: str = ""
    review_started: str = ""
    requested_by: str = ""
    stages: list = field(default_factory=list)
    records: list = field(default_factory=list)
    sign_off: Stage | None = None
    fast_tracks: list = field(default_factory=list)
    generated_at: str = ""
    generated_by: str = ""


def review_of(page):
    """The review that approved the live revision, else the latest one."""
    states = WorkflowState.objects.for_instance(page).select_related("requested_by").order_by("-created_at", "-pk")
    if page.live and page.live_revision_id:
        live = states.filter(
            task_states__revision_id=page.live_revision_id, task_states__status=TaskState.STATUS_APPROVED
        ).first()
        if live is not None:
            return live
    return states.first()


def build_sheet(page, user):
    page = page.specific
    sheet = Sheet(
        page=page,
        title=page.title,
        document_number=getattr(page, "document_number", "") or "",
        index_number=getattr(page, "index_number", "") or "",
        status=str(page.status_string),
        generated_at=when(timezone.now()),
        generated_by=person(user),
    )
    state = review_of(page)
    if state is not None:
        sheet.review_status = str(state.get_status_display())
        sheet.review_started = when(state.created_at)
        sheet.requested_by = person(state.requested_by)
        task_states = state.task_states.select_related("task", "finished_by").order_by("started_at", "pk")
        for task_state in task_states:
            task = task_state.task.specific
            stage = Stage(
                name=task.name,
                action=str(task_state.get_status_display()),
                reviewer=person(task_state.finished_by),
                at=when(task_state.finished_at or task_state.started_at),
                comment=task_state.comment,
                revision_id=task_state.revision_id,
                sign_off=bool(getattr(task, "require_comment", False)),
            )
            sheet.stages.append(stage)
            if stage.sign_off and task_state.status == TaskState.STATUS_APPROVED:
                sheet.sign_off = stage
        records = ConfidentialityReviewRecord.objects.filter(page_id=page.pk, task_state__workflow_state=state)
        for record in records.select_related("revision").order_by("signed_at", "pk"):
            sheet.records.append(
                Record(
                    reviewer=record.reviewer_name,
                    at=when(record.signed_at),
                    revision_id=record.revision_id,
                    answers=[(str(label), record.answers.get(key) is True) for key, label in CHECKLIST],
                    comment=record.comment,
                    content_hash=record.content_hash,
                    signature_valid=record.signature_valid(),
                    content_matches=record.content_matches(),
                )
            )
    for fast_track in (
        FastTrackPublication.objects.filter(page_id=page.pk).select_related("published_by").order_by("published_at")
    ):
        sheet.fast_tracks.append(
            FastTrack(
                by=person(fast_track.published_by),
                at=when(fast_track.published_at),
                reason=fast_track.reason,
                reviewed_at=when(fast_track.reviewed_at),
            )
        )
    return sheet


def _page_for(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not may_see_sheet(request.user, page):
        raise PermissionDenied
    return page


def sheet(request, page_id):
    page = _page_for(request, page_id)
    context = {"sheet": build_sheet(page, request.user), "labels": sheet_labels()}
    return TemplateResponse(request, "cms/workflow/signoff_sheet.html", context)


# --- PDF -----------------------------------------------------------------------------

FONT = "STSong-Light"  # a CID font every PDF reader has: no font file to ship


def _styles():
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=17, leading=24, alignment=1, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontSize=12, leading=18, spaceBefore=10, spaceAfter=4),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=11, textColor=colors.grey),
        "mono": ParagraphStyle("mono", parent=body, fontName="Courier", fontSize=7.5, leading=10),
    }


def _p(text, style):
    from reportlab.platypus import Paragraph

    # Paragraph reads a markup language: every piece of user content is escaped.
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _table(rows, widths, styles, header=True):
    from reportlab.lib import colors
    from reportlab.platypus import Flowable, Table, TableStyle

    cells = [[cell if isinstance(cell, Flowable) else _p(cell, styles["body"]) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(commands))
    return table


def sheet_pdf_bytes(sheet):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    styles = _styles()
    width = A4[0] - 36 * mm
    labels = sheet_labels()
    story = [_p(labels["heading"], styles["title"])]
    story.append(
        _table(
            [
                [labels["title"], sheet.title],
                [labels["document_number"], sheet.document_number or "—"],
                [labels["index_number"], sheet.index_number or "—"],
                [labels["status"], sheet.status],
                [
                    labels["review"],
                    " ".join(filter(None, [sheet.review_status, sheet.review_started, sheet.requested_by])) or "—",
                ],
            ],
            [width * 0.22, width * 0.78],
            styles,
            header=False,
        )
    )
    story.append(_p(labels["stages"], styles["h2"]))
    rows = [[labels["stage"], labels["action"], labels["reviewer"], labels["time"], labels["comment"]]]
    rows += [[s.name, s.action, s.reviewer, s.at, s.comment] for s in sheet.stages] or [
        [labels["none"], "", "", "", ""]
    ]
    story.append(_table(rows, [width * f for f in (0.24, 0.12, 0.14, 0.17, 0.33)], styles))
    story.append(_p(labels["sign_off"], styles["h2"]))
    if sheet.sign_off:
        story.append(_p(f"{sheet.sign_off.comment}\n{sheet.sign_off.reviewer}  {sheet.sign_off.at}", styles["body"]))
    else:
        story.append(_p(labels["no_sign_off"], styles["body"]))
    story.append(_p(labels["confidentiality"], styles["h2"]))
    if not sheet.records:
        story.append(_p(labels["no_record"], styles["body"]))
    for record in sheet.records:
        rows = [[labels["item"], labels["answer"]]]
        rows += [[label, labels["yes"] if yes else labels["no"]] for label, yes in record.answers]
        story.append(_table(rows, [width * 0.8, width * 0.2], styles))
        story.append(Spacer(1, 2 * mm))
        story.append(
            _table(
                [
                    [labels["reviewer"], f"{record.reviewer}  {record.at}"],
                    [labels["revision"], str(record.revision_id)],
                    [labels["comment"], record.comment or "—"],
                    [labels["content_hash"], _p(record.content_hash, styles["mono"])],
                    [labels["signature"], labels["valid"] if record.signature_valid else labels["invalid"]],
                    [labels["content_check"], labels["unchanged"] if record.content_matches else labels["changed"]],
                ],
                [width * 0.22, width * 0.78],
                styles,
                header=False,
            )
        )
    if sheet.fast_tracks:
        story.append(_p(labels["fast_track"], styles["h2"]))
        rows = [[labels["published_by"], labels["time"], labels["reason"], labels["retrospective"]]]
        rows += [[f.by, f.at, f.reason, f.reviewed_at or labels["pending"]] for f in sheet.fast_tracks]
        story.append(_table(rows, [width * f for f in (0.16, 0.18, 0.44, 0.22)], styles))
    story.append(Spacer(1, 6 * mm))
    story.append(_p(f"{labels['generated']} {sheet.generated_at} · {sheet.generated_by}", styles["small"]))

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{labels['heading']} · {sheet.title}",
        author=sheet.generated_by,
    )
    document.build(story)
    return buffer.getvalue()


def sheet_pdf(request, page_id):
    page = _page_for(request, page_id)
    data = sheet_pdf_bytes(build_sheet(page, request.user))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="signoff-{page.pk}-{timezone.localdate():%Y%m%d}.pdf"'
    return response


def sheet_labels():
    """The sheet's words (shared by the print view and the PDF)."""
    return {
        "heading": _("Review and sign-off sheet"),
        "title": pgettext("document", "Title"),
        "document_number": _("Document number"),
        "index_number": _("Index number"),
        "status": pgettext("page", "Status"),
        "review": pgettext("sign-off sheet", "Review"),
        "stages": _("Review stages"),
        "stage": _("Stage"),
        "action": pgettext("review", "Action"),
        "reviewer": _("Reviewer"),
        "time": pgettext("review", "Time"),
        "comment": pgettext("review", "Comment"),
        "none": _("No review yet."),
        "sign_off": _("Sign-off opinion"),
        "no_sign_off": _("Not signed off yet."),
        "confidentiality": _("Confidentiality review"),
        "no_record": _("No confidentiality review record."),
        "item": _("Checklist item"),
        "answer": pgettext("checklist", "Answer"),
        "yes": pgettext("checklist", "Yes"),
        "no": pgettext("checklist", "No"),
        "revision": _("Revision"),
        "content_hash": _("Content hash (SHA-256)"),
        "signature": _("Signature"),
        "valid": _("valid"),
        "invalid": _("INVALID"),
        "content_check": _("Content check"),
        "unchanged": _("the revision is unchanged since it was signed"),
        "changed": _("the revision differs from what was signed"),
        "fast_track": _("Emergency publication"),
        "published_by": _("Published by"),
        "reason": _("Reason"),
        "retrospective": _("Retrospective review"),
        "pending": _("pending"),
        "generated": _("Generated"),
    }


# --- Links from the page --------------------------------------------------------------


@hooks.register("register_page_header_buttons")
def signoff_sheet_button(page, user, view_name, next_url=None):
    if may_see_sheet(user, page):
        yield Button(
            gettext_lazy("Review and sign-off sheet"),
            reverse("cms_signoff_sheet", args=[page.pk]),
            icon_name="doc-full",
            priority=80,
        )
