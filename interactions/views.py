"""Public views of a consultation page (routed by ConsultationPage)."""

import time
import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.html import escape, linebreaks
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms import limits
from cms.views import rate_limited

from . import exports, services, tracking
from .forms import CommentForm, ReportForm
from .models import Comment

PER_PAGE = 20
# The tracking codes of the visitor's own recent comments, shown once on the
# receipt page, travel in a signed cookie rather than a database session: a
# submission then writes one row, not two, and the cookie dies in an hour.
RECEIPTS_COOKIE = "gk_receipts"
RECEIPTS_SALT = "interactions.receipts"
RECEIPT_LIFETIME = 3600
RECEIPTS_KEPT = 10


def _receipts(request):
    try:
        receipts = signing.loads(request.COOKIES.get(RECEIPTS_COOKIE, ""), salt=RECEIPTS_SALT, max_age=RECEIPT_LIFETIME)
    except signing.BadSignature:
        return {}
    if not isinstance(receipts, dict):
        return {}
    return {k: v for k, v in receipts.items() if isinstance(v, dict) and v.get("t", 0) > time.time() - RECEIPT_LIFETIME}


def _set_receipts(response, receipts):
    newest = dict(sorted(receipts.items(), key=lambda item: item[1]["t"])[-RECEIPTS_KEPT:])
    response.set_cookie(
        RECEIPTS_COOKIE,
        signing.dumps(newest, salt=RECEIPTS_SALT, compress=True),
        max_age=RECEIPT_LIFETIME,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def comment_rate():
    return getattr(settings, "INTERACTIONS_COMMENT_RATE", "5/m")


def _limited(request, group, rate):
    """Counted per client address; the wait left is kept for rate_limited()."""
    return limits.hit(request, group, rate) is not None


def consultation_context(page, request, form=None):
    comments = Comment.objects.for_page(page)
    leads = comments.public_leads().order_by("-submitted_at", "-id")
    group_by_section = request.GET.get("group") == "section"
    if group_by_section:
        leads = leads.order_by("section_anchor", "-submitted_at", "-id")
    paginator = Paginator(leads, PER_PAGE)
    comment_page = paginator.get_page(request.GET.get("page"))
    grouped = []
    if group_by_section:
        for comment in comment_page:
            if not grouped or grouped[-1]["anchor"] != comment.section_anchor:
                grouped.append({"anchor": comment.section_anchor, "label": comment.section_label, "comments": []})
            grouped[-1]["comments"].append(comment)
    outcome = page.outcome if page.outcome_is_published else None
    if form is None and page.is_open:
        form = CommentForm(page=page)
    return {
        "comment_form": form if page.is_open else None,
        "comment_page": comment_page,
        "grouped_comments": grouped,
        "group_by_section": group_by_section,
        "counts": comments.counts_for(page),
        "outcome": outcome,
        "disposition_counts": outcome.disposition_counts() if outcome else None,
        "show_dispositions": outcome is not None,
        "sections": page.draft_sections(),
    }


def submit(page, request):
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    if _limited(request, "interactions.comment", comment_rate()):
        return rate_limited(request)
    if not page.is_open:
        return page.render(
            request, context_overrides={"closed_message": _("This consultation is not open for comments.")}
        )
    form = CommentForm(request.POST, request.FILES, page=page)
    if not form.is_valid():
        response = page.render(request, form=form)
        response.status_code = 400
        return response
    # Never a receipt for nothing: a suspect comment (honeypot, sent at once)
    # is stored and held for a moderator, marked, and gets a real receipt.
    comment, code = services.submit_comment(
        page,
        form.cleaned_data,
        form.cleaned_data.get("attachments") or [],
        submission_key=form.cleaned_data["token"],
        language=get_language() or "",
        suspected_automation=form.suspicion(),
    )
    receipts = _receipts(request)
    key = str(form.cleaned_data["token"])
    if code:
        receipts[key] = {"code": code, "comment": comment.pk, "t": time.time()}
    response = HttpResponseRedirect(page.url + page.reverse_subpage("receipt") + "?key=" + key)
    _set_receipts(response, receipts)
    return response


def receipt(page, request):
    key = request.GET.get("key", "")
    entry = _receipts(request).get(key)
    comment = None
    if entry:
        comment = Comment.objects.for_page(page).filter(pk=entry["comment"]).first()
    else:
        try:
            comment = Comment.objects.filter(page=page, submission_key=uuid.UUID(key)).first()
        except ValueError:
            comment = None
    if comment is None:
        raise Http404
    response = page.render(
        request,
        template="interactions/comment_receipt.html",
        context_overrides={"code": entry["code"] if entry else None, "comment": comment},
    )
    # It may show a tracking code: never kept by the page cache or a proxy.
    patch_cache_control(response, private=True, no_store=True)
    return response


def track(page, request):
    comment = None
    searched = False
    if request.method == "POST":
        if _limited(request, "interactions.track", "20/m"):
            return rate_limited(request)
        searched = True
        comment = tracking.lookup(Comment.objects.for_page(page), request.POST.get("code", ""))
    return page.render(
        request, template="interactions/comment_track.html", context_overrides={"found": comment, "searched": searched}
    )


def report(page, request, comment_id):
    """GET: what is being reported and why (a confirmation page). POST: record it.
    The comment list links here instead of carrying a form per comment, so
    the list holds no CSRF token and can be shared between visitors."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    comment = Comment.objects.public().for_page(page).filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _limited(request, "interactions.report", "10/h"):
            return rate_limited(request)
        if form.is_valid():
            result = services.report_comment(
                comment,
                services.reporter_key(request),
                category=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                suspected_automation=form.suspicion(),
            )
            # "Recorded" only for a stored report; a repeat says the first one counts.
            response = page.render(
                request,
                template="interactions/comment_reported.html",
                context_overrides={"comment": comment, "recorded": result != services.REPORT_REPEATED},
            )
            patch_cache_control(response, private=True, no_store=True)
            return response
    response = page.render(
        request,
        template="interactions/comment_report.html",
        context_overrides={"comment": comment, "report_form": form},
    )
    if form.is_bound:
        response.status_code = 400
    response["X-Robots-Tag"] = "noindex"
    return response


def export(page, request, fmt):
    queryset = exports.public_queryset(page)
    name = f"consultation-{page.pk}-comments.{fmt}"
    # Dispositions are internal until the outcome is published.
    concluded = page.outcome_is_published
    if fmt == "csv":
        return exports.public_csv(queryset, name, with_dispositions=concluded)
    return exports.public_json(queryset, name, with_dispositions=concluded)


class CommentsFeed(Feed):
    """RSS of a consultation's published comments (masked text, HTML-escaped)."""

    def __call__(self, request, *args, page=None, **kwargs):
        self.page = page
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Comments: %(title)s") % {"title": self.page.title}

    def link(self):
        return self.page.url

    def description(self):
        return self.page.summary

    def items(self):
        return Comment.objects.public().for_page(self.page).order_by("-published_at")[:50]

    def item_title(self, item):
        return (item.public_display_name or _("Anonymous")) + (f" · {item.section_label}" if item.section_label else "")

    def item_description(self, item):
        text = linebreaks(escape(item.public_body))
        if item.disposition and self.page.outcome_is_published:
            # Only once the outcome is out, and with the public reason only.
            disposition = item.public_disposition()
            line = _("Disposition: %(label)s") % {"label": disposition["disposition"]}
            if disposition["disposition_reason"]:
                line += " — " + disposition["disposition_reason"]
            text += "<p>" + escape(line) + "</p>"
        return text

    def item_link(self, item):
        return f"{self.page.url}#comment-{item.pk}"

    def item_pubdate(self, item):
        return item.published_at


def feed(page, request):
    return CommentsFeed()(request, page=page)
