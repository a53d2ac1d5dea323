"""The moderation queue, comment detail, staff exports and the outcome
editor, in the Wagtail admin. Only users with interactions.moderate_comment
(the Comment moderators group) get in."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, models
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from wagtail.models import Page

from cms.textfilter import contains_any

from . import exports, masking, services
from .models import Comment, CommentAttachment, CommentReport, ConsultationOutcome, ConsultationPage, RejectReason

PER_PAGE = 50
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: an exact COUNT(*) over 100,000
    comments costs more than the page itself, and nobody pages that far."""

    @cached_property
    def count(self):
        return self.object_list.order_by()[: COUNT_CAP + 1].count()  # no sort needed to count

    @property
    def capped(self):
        return self.count > COUNT_CAP


FLAG_CHOICES = [
    ("", gettext_lazy("Any")),
    ("1", gettext_lazy("Flagged")),
    ("0", gettext_lazy("Not flagged")),
    ("automation", gettext_lazy("Suspected automation")),
    ("reported", gettext_lazy("Reported by citizens")),
]


def require_moderator(request, perm="interactions.moderate_comment"):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def pages_with_comments():
    """Ids of the pages that have comments, by a loose index scan: one probe
    of the page_id index per page (a recursive MIN), where DISTINCT or EXISTS
    read every comment's index entry (17 ms at 100,000 on PostgreSQL)."""
    table = connection.ops.quote_name(Comment._meta.db_table)
    # The table name is the model's own, quoted; nothing here comes from a request.
    sql = (
        f"WITH RECURSIVE walk(page_id) AS (SELECT MIN(page_id) FROM {table} "  # noqa: S608
        f"UNION ALL SELECT (SELECT MIN(page_id) FROM {table} WHERE page_id > walk.page_id) FROM walk WHERE walk.page_id IS NOT NULL) "
        "SELECT page_id FROM walk WHERE page_id IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


class FilterForm(forms.Form):
    page = forms.TypedChoiceField(label=gettext_lazy("Consultation"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    flag = forms.ChoiceField(label=gettext_lazy("Flag"), required=False, choices=FLAG_CHOICES)
    section = forms.CharField(label=gettext_lazy("Section"), required=False)
    disposition = forms.ChoiceField(label=gettext_lazy("Disposition"), required=False)
    q = forms.CharField(label=gettext_lazy("Text contains"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pages = Page.objects.filter(pk__in=pages_with_comments()).order_by("title")
        self.fields["page"].choices = [("", pgettext("filter", "All"))] + [
            (p.pk, f"{p.title} ({p.locale.language_code})") for p in pages.select_related("locale")
        ]
        self.fields["status"].choices = [("", pgettext("filter", "All")), *Comment.STATUSES]
        self.fields["disposition"].choices = [("", _("Any")), ("none", _("No disposition yet")), *Comment.DISPOSITIONS]
        self.sections = []
        page_id = self.data.get("page")
        if page_id and str(page_id).isdigit():
            page = ConsultationPage.objects.filter(pk=int(page_id)).first()
            if page:
                self.sections = page.draft_sections()
        if self.sections:
            self.fields["section"] = forms.ChoiceField(
                label=gettext_lazy("Section"), required=False, choices=[("", pgettext("filter", "All"))] + self.sections
            )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("page"):
            page = Page.objects.filter(pk=data["page"]).first()
            queryset = queryset.for_page(page) if page else queryset.none()
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("flag") == "1":
            queryset = queryset.filter(flagged=True)
        elif data.get("flag") == "0":
            queryset = queryset.filter(flagged=False)
        elif data.get("flag") == "automation":
            queryset = queryset.exclude(suspected_automation="")
        elif data.get("flag") == "reported":
            queryset = queryset.filter(models.Exists(CommentReport.objects.filter(comment=models.OuterRef("pk"))))
        if data.get("section"):
            queryset = queryset.filter(section_anchor=data["section"])
        if data.get("disposition") == "none":
            queryset = queryset.filter(disposition="")
        elif data.get("disposition"):
            queryset = queryset.filter(disposition=data["disposition"])
        if data.get("q"):
            queryset = queryset.filter(contains_any(("body", "display_name"), data["q"]))
        return queryset


class ActionForm(forms.Form):
    ACTIONS = [
        ("approve", gettext_lazy("Approve (publish)")),
        ("reject", pgettext_lazy("moderation", "Reject")),
        ("hide", gettext_lazy("Hide")),
        ("restore", gettext_lazy("Restore")),
        ("dispose", gettext_lazy("Set disposition")),
    ]
    action = forms.ChoiceField(label=pgettext_lazy("moderation", "Action"), choices=ACTIONS)
    ids = forms.ModelMultipleChoiceField(queryset=Comment.objects.all(), widget=forms.MultipleHiddenInput)
    reason = forms.ModelChoiceField(
        label=gettext_lazy("Reject reason"), queryset=RejectReason.objects.filter(active=True), required=False
    )
    disposition = forms.ChoiceField(
        label=gettext_lazy("Disposition"), choices=[("", "—"), *Comment.DISPOSITIONS], required=False
    )
    whole_cluster = forms.BooleanField(label=gettext_lazy("Apply to every similar comment"), required=False)
    note = forms.CharField(label=gettext_lazy("Note / reason"), required=False, max_length=1000)
    internal_note = forms.CharField(
        label=gettext_lazy("Internal note (never published)"), required=False, max_length=1000
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Choose a reason for rejecting."))
        if data.get("action") == "dispose" and not data.get("disposition"):
            self.add_error("disposition", _("Choose a disposition."))
        return data


def apply_action(request, form):
    data = form.cleaned_data
    comments = list(data["ids"])
    if data["action"] == "dispose":
        n = services.set_disposition(
            comments,
            data["disposition"],
            request.user,
            note=data["note"],
            internal_note=data["internal_note"],
            whole_cluster=data["whole_cluster"],
        )
    else:
        n = services.moderate(comments, data["action"], request.user, reason=data.get("reason"), note=data["note"])
    messages.success(request, _("%(n)d comments updated.") % {"n": n})


def queue(request):
    require_moderator(request)
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = Comment.PENDING
    filters = FilterForm(params)
    if request.method == "POST":
        form = ActionForm(request.POST)
        if form.is_valid():
            try:
                apply_action(request, form)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(reverse("interactions_admin:queue") + "?" + request.GET.urlencode())
    queryset = filters.filter(Comment.objects.select_related("page", "reject_reason")).order_by("-submitted_at", "-id")
    paginator = CappedPaginator(queryset, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("p"))
    # Why citizens reported each comment on this page, in one query.
    models.prefetch_related_objects(page_obj.object_list, "reports")
    # get_FOO_display hashes every lazy choice on every call: translate each label once per page.
    statuses, dispositions = {k: str(v) for k, v in Comment.STATUSES}, {k: str(v) for k, v in Comment.DISPOSITIONS}
    for comment in page_obj.object_list:
        comment.status_label, comment.disposition_label = (
            statuses.get(comment.status, comment.status),
            dispositions.get(comment.disposition, ""),
        )
        comment.report_reasons = report_reasons(comment.reports.all())
    query = {k: v for k, v in params.items() if k != "p"}
    return TemplateResponse(
        request,
        "interactions/admin/queue.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "comments": page_obj.object_list,
            "action_form": ActionForm(),
            "reasons": RejectReason.objects.filter(active=True),
            "dispositions": Comment.DISPOSITIONS,
            "query": urlencode(query),
            "can_export": request.user.has_perm("interactions.export_comment"),
            "consultations": ConsultationPage.objects.order_by("-opens_at")[:50],
        },
    )


def report_reasons(reports):
    """[(label, count, [details])] of a comment's reports, most frequent first;
    reports suspected of automation are counted apart."""
    groups = {}
    for report in reports:
        label = report.reason_label or pgettext("report", "No reason given")
        if report.suspected_automation:
            label = _("%(reason)s (suspected automation)") % {"reason": label}
        entry = groups.setdefault(label, {"label": label, "count": 0, "details": []})
        entry["count"] += 1
        if report.details:
            entry["details"].append(report.details)
    return sorted(groups.values(), key=lambda entry: -entry["count"])


def detail(request, pk):
    require_moderator(request)
    comment = get_object_or_404(Comment.objects.select_related("page", "reject_reason", "cluster"), pk=pk)
    if request.method == "POST":
        form = ActionForm(request.POST)
        if form.is_valid():
            try:
                apply_action(request, form)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(reverse("interactions_admin:detail", args=[pk]))
    similar = []
    if comment.cluster_id:
        similar = Comment.objects.filter(cluster_id=comment.cluster_id).exclude(pk=pk).order_by("id")[:20]
    return TemplateResponse(
        request,
        "interactions/admin/detail.html",
        {
            "comment": comment,
            # The original with each span the public copy masks highlighted, and the masks added by hand.
            "highlighted": {
                name: masking.highlighted(comment, getattr(comment, name))
                for name in ("body", "display_name", "region")
            },
            "manual_masks": masking.masks_of(comment),
            "log": comment.log_entries.select_related("actor")[:100],
            "reports": comment.reports.all(),
            "report_reasons": report_reasons(comment.reports.all()),
            "attachments": comment.attachments.all(),
            "similar": similar,
            "cluster_size": comment.cluster.size if comment.cluster_id else 1,
            "reasons": RejectReason.objects.filter(active=True),
            "dispositions": Comment.DISPOSITIONS,
        },
    )


def attachment(request, pk):
    require_moderator(request)
    item = get_object_or_404(CommentAttachment, pk=pk)
    services.log(item.comment, "download_attachment", request.user, item.original_name)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export(request, fmt):
    require_moderator(request, "interactions.export_comment")
    params = request.GET.copy()
    filters = FilterForm(params)
    queryset = filters.filter(Comment.objects.all()).order_by("submitted_at", "id")
    if fmt == "xlsx":
        return exports.staff_xlsx(queryset)
    return exports.staff_csv(queryset)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = ConsultationOutcome
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}


def outcome(request, page_id):
    require_moderator(request)
    page = get_object_or_404(ConsultationPage, pk=page_id)
    record = ConsultationOutcome.for_consultation(page) or ConsultationOutcome.objects.create(page=page)
    form = OutcomeForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        record = form.save()
        if "publish" in request.POST:
            try:
                record.publish(request.user)
                messages.success(request, _("The outcome is published."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("interactions_admin:outcome", args=[page_id]))
    blocking = record.blocking_comments()
    return TemplateResponse(
        request,
        "interactions/admin/outcome.html",
        {
            "consultation": page,
            "record": record,
            "form": form,
            "counts": record.disposition_counts(),
            "blocking_count": blocking.count(),
            "blocking": blocking.order_by("id")[:20],
            "comment_counts": Comment.objects.counts_for(page),
        },
    )
