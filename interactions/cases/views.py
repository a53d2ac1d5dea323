"""The citizen's side: write, receive a code, look the case up, rate the
reply; and the public answers and statistics pages."""

import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.limits import ratelimit
from cms.models import Department
from cms.spreadsheet import safe_cell
from cms.textfilter import contains_any
from cms.views import rate_limited

from . import services, stats
from .departments import departments
from .forms import CorrectionForm, DisclosureForm, LetterForm, LookupForm, RatingForm
from .models import Case, Channel, Status
from .templatetags.cases_tags import localize_all

SESSION_CASE = "cases.lookup"
SESSION_RECEIPT = "cases.receipt"


def submit_rate(group, request):
    return getattr(settings, "CASES_SUBMIT_RATE", "10/h")


def lookup_rate(group, request):
    return getattr(settings, "CASES_LOOKUP_RATE", "10/m")


def _submit(request, form_class, channel, template):
    if getattr(request, "limited", False):
        return rate_limited(request)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {
            name: value for name, value in form.cleaned_data.items() if name in {f.name for f in Case._meta.fields}
        }
        case, code, password = services.create_case(
            channel=channel,
            attachments=form.cleaned_data["attachments"],
            submission_key=form.submission_key,
            language=(translation.get_language() or settings.LANGUAGE_CODE)[:10],
            **fields,
        )
        if not case.repeated:
            services.send_receipt(case, code, password, request.build_absolute_uri(reverse("cases:lookup")))
        # A repeat of the same form (double click, retry) shows the same receipt.
        request.session[SESSION_RECEIPT] = {"case": case.pk, "code": code, "password": password}
        return redirect("cases:receipt")
    return render(request, template, {"form": form}, status=400 if request.method == "POST" else 200)


@never_cache
@ratelimit(key="ip", rate=submit_rate, method="POST", group="cases.submit")
def letter(request):
    return _submit(request, LetterForm, Channel.LETTER, "cases/letter_form.html")


@never_cache
@ratelimit(key="ip", rate=submit_rate, method="POST", group="cases.submit")
def disclosure(request):
    return _submit(request, DisclosureForm, Channel.DISCLOSURE, "cases/disclosure_form.html")


@never_cache
def receipt(request):
    """The code and password, shown once: reloading shows the lookup link only."""
    data = request.session.pop(SESSION_RECEIPT, None)
    case = Case.objects.filter(pk=data["case"]).first() if data else None
    # A receipt only for a stored case, and only with its own code.
    if case is None or services.lookup(data["code"], data["password"]) != case:
        data = case = None
    return render(request, "cases/receipt.html", {"receipt": data, "case": case})


def _session_case(request):
    pk = request.session.get(SESSION_CASE)
    return Case.objects.filter(pk=pk).first() if pk else None


@never_cache
@ratelimit(key="ip", rate=lookup_rate, method="POST", group="cases.lookup")
def lookup(request):
    """The stable lookup URL. Every failure gets the same page and message."""
    if getattr(request, "limited", False):
        return rate_limited(request)
    form = LookupForm(request.POST or None)
    failed = False
    if request.method == "POST":
        # Always do the same work, whatever is wrong with the input.
        case = services.lookup(request.POST.get("code", "")[:80], request.POST.get("password", "")[:40])
        if case is not None and form.is_valid():
            request.session.cycle_key()
            request.session[SESSION_CASE] = case.pk
            return redirect("cases:case")
        failed = True
        form = LookupForm(initial={"code": ""})
    return render(request, "cases/lookup.html", {"form": form, "failed": failed})


def timeline_steps(case):
    """The public progress bar: received → accepted → assigned → extended →
    replied → rated → closed, each with the date it was reached."""
    reached = {}
    for event in case.public_timeline():
        reached.setdefault(event.kind, event.at)
    labels = [
        ("received", _("Received")),
        ("accepted", _("Accepted")),
        ("assigned", _("Assigned to a department")),
        ("extended", _("Extended")),
        ("replied", _("Replied")),
        ("rated", _("Rated")),
        ("closed", _("Case closed")),
    ]
    return [
        {"key": key, "label": label, "at": reached.get(key)}
        for key, label in labels
        if key != "extended" or key in reached
    ]


@never_cache
def case_view(request):
    case = _session_case(request)
    if case is None:
        return redirect("cases:lookup")
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "steps": timeline_steps(case),
            "events": case.public_timeline(),
            "rating_form": RatingForm()
            if case.status in (Status.REPLIED, Status.CLOSED) and case.replied_at and not case.rated_at
            else None,
            "correction_form": CorrectionForm() if case.status == Status.CORRECTION else None,
        },
    )


@never_cache
@require_POST
def rate(request):
    case = _session_case(request)
    if case is None:
        return redirect("cases:lookup")
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate(case, form.cleaned_data["rating"], form.cleaned_data["comment"])
        except services.CaseError as error:
            return render(
                request,
                "cases/case.html",
                {"case": case, "steps": timeline_steps(case), "events": case.public_timeline(), "error": str(error)},
                status=409,
            )
    return redirect("cases:case")


@never_cache
@require_POST
def correct(request):
    case = _session_case(request)
    if case is None:
        return redirect("cases:lookup")
    form = CorrectionForm(request.POST)
    if form.is_valid() and case.status == Status.CORRECTION:
        services.receive_correction(case, form.cleaned_data["answer"])
    return redirect("cases:case")


def leave(request):
    request.session.pop(SESSION_CASE, None)
    return redirect("cases:lookup")


# --- Public answers ------------------------------------------------------------


def _published(case):
    return {"case": case, "subject": case.public_subject, "body": case.public_body, "reply": case.public_reply}


def answers(request):
    cases = Case.objects.published().select_related("department", "category").order_by("-replied_at")
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if query:
        cases = cases.filter(contains_any(("public_subject", "public_body", "public_reply"), query))
    department = request.GET.get("department", "")
    if department.isdecimal() and len(department) <= 9:
        # Any translation of the chosen department: one department, whatever row a case names.
        cases = cases.filter(
            department__translation_key__in=Department.objects.filter(pk=int(department)).values("translation_key")
        )
    channel = request.GET.get("channel", "")
    if channel in Channel.values:
        cases = cases.filter(channel=channel)
    page = Paginator(cases, 20).get_page(request.GET.get("page"))
    choices = list(departments())
    localize_all([c.department for c in page] + choices)
    return render(
        request,
        "cases/answers.html",
        {
            "page_obj": page,
            "items": [_published(c) for c in page],
            "query": query,
            "department": department,
            "channel": channel,
            "departments": choices,
            "channels": Channel.choices,
        },
    )


def answer(request, pk):
    case = get_object_or_404(Case.objects.published().select_related("department"), pk=pk)
    return render(request, "cases/answer.html", _published(case))


# --- Statistics ------------------------------------------------------------------


def _year(request):
    value = request.GET.get("year", "")
    return int(value) if value.isdecimal() and 2000 <= int(value) <= 2100 else timezone.localdate().year


def statistics(request):
    year = _year(request)
    rows = stats.month_rows(year)
    totals = stats.monthly_totals(rows)
    return render(
        request,
        "cases/statistics.html",
        {
            "year": year,
            "rows": rows,
            "totals": totals,
            "chart": stats.bar_chart(totals),
            "years": range(timezone.localdate().year, 2019, -1),
        },
    )


def statistics_csv(request):
    from .templatetags.cases_tags import localized

    year = _year(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cases-{year}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Department"),
            _("Month"),
            _("Received"),
            _("Replied"),
            _("On time"),
            _("Average working days"),
            _("Median working days"),
            _("Overdue"),
            _("Satisfaction rate (%)"),
        ]
    )
    for row in stats.month_rows(year):
        department = localized(row["department"]) if row["department"] else _("Not yet assigned")
        writer.writerow(
            [
                safe_cell(x)
                for x in (
                    department,
                    f"{year}-{row['month']:02d}",
                    row["received"],
                    row["replied"],
                    row["on_time"],
                    row["average_days"],
                    row["median_days"],
                    row["overdue"],
                    row["satisfaction"],
                )
            ]
        )
    return response
