"""The handlers' side, in the Wagtail admin: a case list (with the
supervision queue as a filter), one page per case with the actions its
state allows, and the entry form for hotline cases.

Every view reads cases through `access.visible_cases(user)`: a handler
sees and acts on their own departments' cases only, supervisors and
superusers on all; a case outside the scope answers 404."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from cms.spreadsheet import safe_cell
from cms.textfilter import contains_any

from . import access, services
from .forms import AssignForm, CorrectionRequestForm, ExtensionForm, HotlineForm, ReplyForm, ResolveForm, TextForm
from .models import Case, CaseAttachment, Channel, ExtensionState, Status, Supervision
from .templatetags.cases_tags import localize_all

# What a row of the case list shows: the long texts stay in the database.
LIST_FIELDS = (
    "id",
    "channel",
    "subject",
    "status",
    "received_at",
    "deadline",
    "deadline_provisional",
    "supervision",
    "department__id",
    "department__name",
    "department__translation_key",
    "department__locale_id",
)


is_handler = access.is_handler


def handler_required(view):
    def wrapped(request, *args, **kwargs):
        if not is_handler(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


FILTERS = {
    "open": lambda qs: qs.open(),
    "triage": lambda qs: qs.filter(status__in=[Status.RECEIVED, Status.ACCEPTED]),
    "review": lambda qs: qs.filter(status=Status.REVIEW),
    "publication": lambda qs: qs.awaiting_publication(),
    "extension": lambda qs: qs.filter(extension_state=ExtensionState.REQUESTED),
    "supervision": lambda qs: qs.filter(supervision=Supervision.OPEN),
    "overdue": lambda qs: qs.open().filter(deadline__lt=timezone.localdate()),
    "provisional": lambda qs: qs.open().filter(deadline_provisional=True),
    "mine": None,
    "all": lambda qs: qs,
}


def filtered_cases(request):
    """(the user's cases under the list's filter and search, filter key, query)"""
    cases = access.visible_cases(request.user)
    current = request.GET.get("filter", "open")
    if current == "mine":
        cases = cases.filter(department__translation_key__in=access.department_keys(request.user)).open()
    elif current in FILTERS:
        cases = FILTERS[current](cases)
    query = request.GET.get("q", "").strip()
    if query:
        cases = cases.filter(contains_any(("subject", "body", "contact_name"), query))
    return cases.order_by("deadline", "received_at", "id"), current, query


@handler_required
def index(request):
    cases, current, query = filtered_cases(request)
    page = Paginator(cases.select_related(None).select_related("department").only(*LIST_FIELDS), 50).get_page(
        request.GET.get("page")
    )
    localize_all([case.department for case in page])
    # get_FOO_display hashes every lazy choice on every call: translate each label once per page.
    channels, statuses = {k: str(v) for k, v in Channel.choices}, {k: str(v) for k, v in Status.choices}
    for case in page:
        case.channel_label, case.status_label = (
            channels.get(case.channel, case.channel),
            statuses.get(case.status, case.status),
        )
    filters = [
        ("open", _("Open")),
        ("triage", _("To triage")),
        ("mine", _("My departments")),
        ("review", _("Replies to review")),
        ("publication", _("Answers to publish")),
        ("extension", _("Extensions to approve")),
        ("supervision", _("Supervision queue")),
        ("overdue", _("Overdue")),
        ("provisional", _("Provisional deadlines")),
        ("all", pgettext("filter", "All")),
    ]
    return render(
        request,
        "cases/admin/index.html",
        {
            "page_obj": page,
            "filters": filters,
            "current": current,
            "query": query,
            "today": timezone.localdate(),
            "missing_years": services.missing_schedule_years(),
            "sees_all": access.is_supervisor(request.user),
            "has_departments": bool(access.department_keys(request.user)),
        },
    )


@handler_required
def export(request):
    """The list as CSV (the case register, 台账), within the user's scope.
    No contact details and no letter text: counts and dates for reporting."""
    from .templatetags.cases_tags import localized

    cases, _current, _query = filtered_cases(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cases.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Reference"),
            _("Channel"),
            _("Subject"),
            _("Department"),
            _("Status"),
            _("Received"),
            _("Deadline"),
            _("Replied"),
            _("Working days taken"),
            _("Rating"),
            _("Supervision"),
        ]
    )
    rows = list(cases.select_related("department", "category")[:10000])
    localize_all([case.department for case in rows])
    for case in rows:
        writer.writerow(
            [
                safe_cell(value)
                for value in (
                    case.reference,
                    case.get_channel_display(),
                    case.subject,
                    localized(case.department) if case.department else "",
                    case.get_status_display(),
                    f"{case.received_on:%Y-%m-%d}",
                    case.deadline or "",
                    case.replied_on or "",
                    case.working_days_taken,
                    case.get_rating_display(),
                    case.get_supervision_display() if case.supervision else "",
                )
            ]
        )
    return response


def scoped_case(request, pk, queryset=None):
    """The case if the user may see it, else 404 (a case outside one's scope does not exist)."""
    return get_object_or_404(access.visible_cases(request.user, queryset), pk=pk)


@handler_required
def create(request):
    form = HotlineForm(request.POST or None, initial={"received_at": timezone.now(), "channel": Channel.HOTLINE})
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "started"}
        case, code, password = services.create_case(user=request.user, submission_key=form.submission_key, **fields)
        if not case.repeated:
            messages.success(request, _("Case %(ref)s created.") % {"ref": case.reference})
        return render(
            request,
            "cases/admin/created.html",
            {"case": case, "code": code, "password": password, "can_open": access.can_see(request.user, case)},
        )
    return render(request, "cases/admin/create.html", {"form": form})


@handler_required
def detail(request, pk):
    case = scoped_case(
        request, pk, Case.objects.select_related("department", "category", "reply_drafted_by", "extension_requested_by")
    )
    user = request.user
    return render(
        request,
        "cases/admin/detail.html",
        {
            "case": case,
            "events": case.events.select_related("actor"),
            "attachments": case.attachments.all(),
            "assign_form": AssignForm(initial={"department": case.department}),
            "text_form": TextForm(),
            "extension_form": ExtensionForm(),
            "reply_form": ReplyForm(
                initial={"reply": case.reply, "outcome": case.outcome, "legal_ground": case.legal_ground}
            ),
            "can_draft": services.can_draft(user, case),
            "can_review": case.status == Status.REVIEW and case.reply_drafted_by_id != user.pk,
            "can_decide_extension": case.extension_state == ExtensionState.REQUESTED
            and case.extension_requested_by_id != user.pk,
            "days_left": services.working_days_left(case),
            "is_disclosure": case.channel == Channel.DISCLOSURE,
            "correction_form": CorrectionRequestForm(),
            "resolve_form": ResolveForm(),
            **publication_context(user, case),
        },
    )


def publication_context(user, case):
    """The publication review: the public copy exactly as /cases/answers/<pk>/
    will show it, the original with every masked span marked, and whether
    this user may approve it."""
    if not (case.consent_publish and case.replied_at):
        return {"publication": None}
    from interactions import masking as manual_masking

    from .masking import highlighted

    return {
        "publication": {
            "digest": services.public_copy_digest(case),
            "can_publish": services.can_publish(user, case),
            "highlighted": [
                (pgettext("case", "Subject"), highlighted(case, case.subject)),
                (_("Letter"), highlighted(case, case.body)),
                (_("Reply"), highlighted(case, case.reply)),
            ],
            "manual_masks": manual_masking.masks_of(case),
        }
    }


def _text(request):
    form = TextForm(request.POST)
    return form.cleaned_data["text"] if form.is_valid() else ""


# Every action a case page can POST (cases_admin:action); tests walk them all.
ACTIONS = (
    "accept",
    "assign",
    "correction",
    "correction_received",
    "extension",
    "extension_approve",
    "extension_refuse",
    "draft",
    "approve",
    "return",
    "note",
    "supervise",
    "resolve",
    "close",
    "withhold",
    "publish",
    "mask",
)


def _do(request, case, action):
    if action == "accept":
        services.accept(case, request.user)
    elif action == "assign":
        form = AssignForm(request.POST)
        if not form.is_valid():
            raise services.CaseError(_("Choose a department."))
        services.assign(case, form.cleaned_data["department"], request.user)
    elif action == "correction":
        form = CorrectionRequestForm(request.POST)
        if not form.is_valid():
            raise services.CaseError(" ".join(m for errors in form.errors.values() for m in errors))
        services.request_correction(case, request.user, form.cleaned_data["text"], days=form.cleaned_data["days"])
    elif action == "correction_received":
        services.receive_correction(case, _text(request), request.user)
    elif action == "extension":
        form = ExtensionForm(request.POST)
        if not form.is_valid():
            raise services.CaseError(
                _("An extension is between 1 and %(max)s working days, with a reason.") % {"max": 20}
            )
        services.request_extension(case, request.user, form.cleaned_data["days"], form.cleaned_data["reason"])
    elif action in ("extension_approve", "extension_refuse"):
        services.decide_extension(case, request.user, action == "extension_approve")
    elif action == "draft":
        form = ReplyForm(request.POST)
        if not form.is_valid():
            raise services.CaseError(_("The reply is empty."))
        services.draft_reply(
            case,
            request.user,
            form.cleaned_data["reply"],
            form.cleaned_data["outcome"],
            form.cleaned_data["legal_ground"],
        )
    elif action == "approve":
        services.approve_reply(case, request.user)
    elif action == "return":
        services.return_reply(case, request.user, _text(request))
    elif action == "note":
        services.add_note(case, request.user, _text(request))
    elif action == "supervise":
        services.open_supervision(case, _text(request) or _("Opened by a handler."), request.user)
    elif action == "resolve":
        form = ResolveForm(request.POST)
        if not form.is_valid():
            raise services.CaseError(_("Say how the supervision was resolved: the citizen reads it."))
        services.resolve_supervision(case, request.user, form.cleaned_data["text"], form.cleaned_data["new_reply"])
    elif action == "close":
        services.close(case, request.user)
    elif action == "withhold":
        services.set_withheld(case, request.user, not case.withhold_publication)
    elif action == "publish":
        services.publish_answer(case, request.user, request.POST.get("digest", ""))
    elif action == "mask":
        from django.core.exceptions import ValidationError

        from interactions import masking as manual_masking

        if not case.replied_at:
            raise services.CaseError(_("A public copy exists once the reply is sent."))
        try:
            manual_masking.add(case, request.POST.get("text", ""), request.user)
        except ValidationError as error:
            raise services.CaseError(" ".join(error.messages)) from error
        services.add_note(case, request.user, _("Masked by hand in the public copy"))
    else:
        raise services.CaseError(_("Unknown action."))


@require_POST
@handler_required
def action(request, pk, action):
    case = scoped_case(request, pk)
    try:
        _do(request, case, action)
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done."))
    return redirect("cases_admin:detail", pk=case.pk)


@handler_required
def attachment(request, pk):
    item = get_object_or_404(CaseAttachment, pk=pk)
    if not access.can_see(request.user, item.case):
        raise Http404
    services.log(
        item.case, "note", request.user, detail=_("Attachment opened: %(name)s") % {"name": item.original_name}
    )
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=True, filename=item.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
