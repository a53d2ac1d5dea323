"""Admin screens: the supervision dashboard, public-opinion alerts."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.widgets import AdminPageChooser

from cms import charts

from . import dashboard, monitoring
from .departments import can_open_dashboard, visible_keys
from .exports import csv_response, xlsx_response
from .models import ItemTerm, OpinionAlert


def can_monitor(user):
    return bool(user.is_active and (user.is_superuser or user.has_perm("accountability.change_opinionalert")))


# --- supervision dashboard ------------------------------------------------------------


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("date range", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=pgettext_lazy("date range", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self):
        today = timezone.localdate()
        start = datetime.date(today.year, 1, 1)
        end = today
        if self.is_valid():
            start = self.cleaned_data["start"] or start
            end = self.cleaned_data["end"] or end
        if end < start:
            start, end = end, start
        return start, end


def period_presets(today):
    """(label, start, end) shortcuts for the period form."""
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_year = today.year - 1
    return [
        (_("This year"), datetime.date(today.year, 1, 1), today),
        (_("This quarter"), quarter_start, today),
        (_("Last year"), datetime.date(last_year, 1, 1), datetime.date(last_year, 12, 31)),
        (_("Last 30 days"), today - datetime.timedelta(days=29), today),
    ]


CHARTED = ["documents", "letters", "requests", "on_time", "satisfaction", "briefings"]


def supervision(request):
    user = request.user
    if not can_open_dashboard(user):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    sort = request.GET.get("sort") or ""
    descending = sort.startswith("-")
    sort = sort.lstrip("-")
    visible = visible_keys(user)
    rows = dashboard.table(start, end, visible=visible, sort=sort, descending=descending)
    fmt = request.GET.get("format")
    labels = [str(label) for _key, label, _kind in dashboard.COLUMNS]
    if fmt in ("csv", "xlsx"):
        header = [_("Department")] + labels
        body = [[row["name"]] + [row[key] for key in dashboard.COLUMN_KEYS] for row in rows]
        filename = f"supervision-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
        if fmt == "csv":
            return csv_response(filename, header, body)
        return xlsx_response(filename, [(_("Supervision"), header, body)])
    column_labels = dict((k, label) for k, label, _kind in dashboard.COLUMNS)
    chart_svgs = [charts.bars([(row["name"], row[key]) for row in rows], str(column_labels[key])) for key in CHARTED]
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("format", None)
    return TemplateResponse(
        request,
        "accountability/admin/supervision.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "rows": rows,
            "columns": dashboard.COLUMNS,
            "sort": sort,
            "descending": descending,
            "base_query": query.urlencode(),
            "charts": chart_svgs,
            "sees_all": visible is None,
            "outcome_days": dashboard.outcome_days(),
            "presets": period_presets(timezone.localdate()),
        },
    )


# --- public-opinion alerts -------------------------------------------------------------


def alerts(request):
    if not can_monitor(request.user):
        raise PermissionDenied
    status = request.GET.get("status", OpinionAlert.OPEN)
    queryset = OpinionAlert.objects.all()
    if status in dict(OpinionAlert.STATUSES):
        queryset = queryset.filter(status=status)
    page = Paginator(queryset.order_by("-day", "-count"), 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    start = today - datetime.timedelta(days=29)
    top = [row["term"] for row in monitoring.top_terms(ItemTerm.KEYWORD, start, today, limit=5)]
    topics = [row["term"] for row in monitoring.top_terms(ItemTerm.TOPIC, start, today, limit=5)]
    topic_names = topic_labels()
    top_topics = [
        {**row, "term": topic_names.get(row["term"], row["term"])}
        for row in monitoring.top_terms(ItemTerm.TOPIC, start, today, limit=10)
    ]
    topic_series = {
        topic_names.get(slug, slug): series
        for slug, series in monitoring.daily_series(ItemTerm.TOPIC, topics, start, today).items()
    }
    return TemplateResponse(
        request,
        "accountability/admin/alerts.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": OpinionAlert.STATUSES,
            "now": timezone.now(),
            "keyword_chart": charts.lines(
                monitoring.daily_series(ItemTerm.KEYWORD, top, start, today), _("Top keywords, last 30 days")
            ),
            "topic_chart": charts.lines(topic_series, _("Topics, last 30 days")),
            "top_keywords": monitoring.top_terms(ItemTerm.KEYWORD, start, today, limit=20),
            "top_topics": top_topics,
        },
    )


def topic_labels():
    """{slug: name} of the topics, in the admin's language when translated."""
    from django.utils.translation import get_language

    from cms.models import Topic

    labels = {}
    for slug, name, code in Topic.objects.values_list("slug", "name", "locale__language_code").order_by("pk"):
        if slug not in labels or code == get_language():
            labels[slug] = name
    return labels


class AlertForm(forms.ModelForm):
    class Meta:
        model = OpinionAlert
        fields = ["level", "status", "response_kind", "response_page", "note"]
        widgets = {"response_page": AdminPageChooser()}


def alert(request, pk):
    if not can_monitor(request.user):
        raise PermissionDenied
    item = get_object_or_404(OpinionAlert, pk=pk)
    form = AlertForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        alert_obj = form.save(commit=False)
        alert_obj.graded_by = request.user
        alert_obj.graded_at = timezone.now()
        alert_obj.resolved_at = (
            None if alert_obj.status == OpinionAlert.OPEN else (alert_obj.resolved_at or timezone.now())
        )
        try:
            alert_obj.full_clean()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            alert_obj.save()
            messages.success(request, _("Alert saved."))
            return redirect("accountability_admin:alert", pk=item.pk)
    history = monitoring.daily_series(
        ItemTerm.KEYWORD, [item.keyword], item.day - datetime.timedelta(days=14), item.day
    )
    return TemplateResponse(
        request,
        "accountability/admin/alert.html",
        {
            "alert": item,
            "form": form,
            "items": item.items.order_by("created_at"),
            "history": history[item.keyword],
            "chart": charts.lines(history, _("Daily mentions of “%(word)s”") % {"word": item.keyword}),
            "now": timezone.now(),
        },
    )


def run_now(request):
    if not can_monitor(request.user) or request.method != "POST":
        raise PermissionDenied
    from django_q.tasks import async_task

    async_task("accountability.tasks.monitor")
    messages.success(request, _("The analysis has been queued."))
    return redirect("accountability_admin:alerts")
