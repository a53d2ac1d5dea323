"""What happens to a comment: submission, screening, clustering, moderation,
reports. Views and admin views call these; so can other apps (briefings)."""

import hashlib
import hmac
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms import antispam

from . import notices, screening
from .models import ClusterBand, Comment, CommentAttachment, CommentCluster, CommentModerationLog, CommentReport

logger = logging.getLogger(__name__)


def similarity_threshold():
    return float(getattr(settings, "INTERACTIONS_SIMILARITY_THRESHOLD", 0.6))


def report_threshold():
    return int(getattr(settings, "INTERACTIONS_REPORTS_TO_HIDE", 3))


# --- Submission -----------------------------------------------------------------


def submit_comment(page, data, files=(), *, submission_key, language="", suspected_automation=""):
    """Store one comment (or find the one already stored for `submission_key`).

    Returns (comment, tracking code or None if it was a repeat). A repeat is
    caught by the unique (page, submission_key) constraint, not by a query
    before every insert: repeats are rare, submissions are not.

    `suspected_automation` (cms.antispam.HONEYPOT / TOO_FAST) stores the
    comment all the same, pending and flagged with the reason: a moderator
    decides. No receipt e-mail goes out when the hidden field was filled in
    (a bot's address list must not make us send mail)."""
    sections = dict(page.specific.draft_sections()) if hasattr(page.specific, "draft_sections") else {}
    comment = Comment(
        page=page,
        body=data["body"],
        display_name=data.get("display_name", ""),
        region=data.get("region", ""),
        contact_email=data.get("contact_email", ""),
        contact_phone=data.get("contact_phone", ""),
        consent_publish=bool(data.get("consent_publish")),
        notify_by_email=bool(data.get("notify_by_email") and data.get("contact_email")),
        section_anchor=data.get("section") or "",
        section_label=sections.get(data.get("section") or "", ""),
        submission_key=submission_key,
        language=language,
    )
    code = comment.issue_tracking_code()
    comment.screen()
    if suspected_automation:
        comment.suspected_automation = suspected_automation
        with translation.override(settings.LANGUAGE_CODE):  # read by moderators
            comment.add_flag(str(dict(antispam.SUSPECTED_AUTOMATION)[suspected_automation]))
    try:
        with transaction.atomic():
            assign_cluster(comment, save=False)
            comment.save()
            for upload in files:
                CommentAttachment.objects.create(
                    comment=comment,
                    file=upload,
                    original_name=upload.name[:200],
                    content_type=getattr(upload, "detected_type", ""),
                    size=upload.size,
                )
    except IntegrityError:
        # The same form posted twice at once (double click): the first wins.
        existing = Comment.objects.filter(page=page, submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, None
    if comment.contact_email and suspected_automation != antispam.HONEYPOT:
        # Stored and committed above; the code exists only in this process now.
        send_receipt(comment, code)
    return comment, code


def assign_cluster(comment, save=True):
    """Put `comment` in the cluster of a near-duplicate, or a new cluster.
    With save=False the comment is not saved (it is about to be inserted).

    One query finds the candidate clusters (those sharing an LSH band key)
    together with each one's first comment, the text compared. A cluster's
    size is counted from its comments when shown, not kept in a counter: a
    campaign's submissions would all queue for the lock on that one row."""
    shingle_set = screening.shingles(comment.body)
    keys = screening.band_keys(screening.minhash(shingle_set))
    lead_body = Comment.objects.filter(cluster_id=OuterRef("cluster_id")).order_by("id").values("body")[:1]
    candidates = (
        ClusterBand.objects.filter(page_id=comment.page_id, key__in=keys)
        .values("cluster_id")
        .annotate(shared=Count("id"), lead_body=Subquery(lead_body))
        .order_by("-shared", "cluster_id")
        .values_list("cluster_id", "lead_body")[:30]
    )
    threshold = similarity_threshold()
    for cluster_id, body in candidates:
        if body is not None and screening.jaccard(shingle_set, screening.shingles(body)) >= threshold:
            comment.cluster_id = cluster_id
            if save:
                comment.save(update_fields=["cluster"])
            return comment.cluster_id
    cluster = CommentCluster.objects.create(page_id=comment.page_id)
    ClusterBand.objects.bulk_create([ClusterBand(cluster=cluster, page_id=comment.page_id, key=k) for k in keys])
    comment.cluster = cluster
    if save:
        comment.save(update_fields=["cluster"])
    return cluster.pk


def send_receipt(comment, code):
    """E-mail the tracking code. Plain text, with an escaped HTML alternative."""
    page = comment.page.specific
    with translation.override(comment.language or settings.LANGUAGE_CODE):
        track_url = page.full_url + "track/" if hasattr(page, "track_view") else page.full_url
        context = {"comment": comment, "code": code, "page": page, "track_url": track_url}
        subject = _("Your comment has been received: %(title)s") % {"title": page.title}
        text = render_to_string("interactions/email/receipt.txt", context)
        html = render_to_string("interactions/email/receipt.html", context)
    message = EmailMultiAlternatives(subject.replace("\n", " ")[:180], text, to=[comment.contact_email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("Could not send the receipt for comment %s", comment.pk)


# --- Moderation -----------------------------------------------------------------

# action → (statuses it applies to, resulting status)
TRANSITIONS = {
    "approve": ({Comment.PENDING}, Comment.PUBLISHED),
    "reject": ({Comment.PENDING, Comment.HIDDEN}, Comment.REJECTED),
    "hide": ({Comment.PUBLISHED}, Comment.HIDDEN),
    "restore": ({Comment.HIDDEN}, Comment.PUBLISHED),
}


def purge_public_cache(page_ids):
    """Drop cached copies of what shows comments: the page in every language,
    with its feed and exports (ConsultationPage.get_cached_paths)."""
    from wagtail.models import Page

    from cms import pagecache

    keys = Page.objects.filter(pk__in=set(page_ids)).values("translation_key")
    pages = list(Page.objects.filter(translation_key__in=keys))
    if pages:
        try:
            pagecache.purge_pages(pages)
        except Exception:
            logger.exception("Could not purge the page cache")


def log(comment, action, user=None, reason="", from_status="", to_status=""):
    return CommentModerationLog.objects.create(
        comment=comment, actor=user, action=action, reason=reason[:300], from_status=from_status, to_status=to_status
    )


def moderate(comments, action, user, *, reason=None, note=""):
    """Apply `action` to each comment it fits; return how many changed.
    Rejecting needs a RejectReason; every change is logged."""
    if action not in TRANSITIONS:
        raise ValueError(action)
    if action == "reject" and reason is None:
        raise ValidationError(_("Choose a reason for rejecting."))
    allowed, target = TRANSITIONS[action]
    now = timezone.now()
    changed = 0
    reason_text = " — ".join(x for x in [str(reason) if reason else "", note] if x)
    with transaction.atomic():
        for comment in comments:
            if comment.status not in allowed:
                continue
            before = comment.status
            comment.status = target
            comment.moderated_at = now
            if target == Comment.PUBLISHED:
                comment.published_at = comment.published_at or now
                comment.report_count = 0
            if action == "reject":
                comment.reject_reason = reason
            comment.save(update_fields=["status", "moderated_at", "published_at", "report_count", "reject_reason"])
            log(comment, action, user, reason_text, before, target)
            changed += 1
            if action in ("approve", "reject"):
                notices.comment_moderated(comment, action)
    if changed:
        purge_public_cache(c.page_id for c in comments)
    return changed


def set_disposition(comments, disposition, user, *, note="", internal_note="", whole_cluster=False):
    """Record what was done with each comment (and, optionally, every comment
    of its cluster). `note` is the reason given to the public (required when
    not adopted), shown once the outcome is published; `internal_note` never is."""
    if disposition not in dict(Comment.DISPOSITIONS):
        raise ValueError(disposition)
    if disposition == Comment.NOT_ADOPTED and not note.strip():
        raise ValidationError(_("Give the reason a comment was not adopted."))
    targets = {c.pk: c for c in comments}
    if whole_cluster:
        cluster_ids = {c.cluster_id for c in targets.values() if c.cluster_id}
        for other in Comment.objects.filter(cluster_id__in=cluster_ids):
            targets.setdefault(other.pk, other)
    with transaction.atomic():
        for comment in targets.values():
            if comment.status == Comment.REJECTED:
                continue
            comment.disposition = disposition
            comment.disposition_note = note
            comment.disposition_internal_note = internal_note
            comment.save(update_fields=["disposition", "disposition_note", "disposition_internal_note"])
            log(
                comment,
                "disposition",
                user,
                " — ".join(x for x in [str(comment.get_disposition_display()), note, internal_note] if x),
            )
    purge_public_cache(c.page_id for c in targets.values())
    return len(targets)


# --- Reports ----------------------------------------------------------------------


def reporter_key(request):
    """A keyed hash of the client address: counts one report per client
    without storing the address. The address is cms.client_address's (behind
    the trusted proxies; an IPv6 /64 is one client, so nobody can hide a
    comment by reporting it from three addresses of their own /64)."""
    from cms.client_address import client_key

    address = client_key(request)
    return hmac.new(settings.SECRET_KEY.encode(), f"report:{address}".encode(), hashlib.sha256).hexdigest()


REPORT_COUNTED, REPORT_HELD, REPORT_REPEATED, REPORT_CLOSED = "counted", "held", "repeated", "closed"


def report_reasons_text(comment):
    """ "Advertising or spam ×2; Something else ×1": the counted reports'
    reasons, most frequent first, in the active language (for the history)."""
    counts = {}
    for report in comment.reports.filter(suspected_automation=""):
        label = report.reason_label or "—"
        counts[label] = counts.get(label, 0) + 1
    return "; ".join(f"{label} ×{n}" for label, n in sorted(counts.items(), key=lambda item: -item[1]))


def report_comment(comment, reporter, category="", details="", *, suspected_automation=""):
    """Record a citizen's report (why: a REPORT_REASONS code, and details).
    At the threshold the comment leaves the public page and goes back to the
    moderation queue. A report suspected of automation is stored for the
    moderators but not counted. Returns REPORT_COUNTED, REPORT_HELD,
    REPORT_REPEATED (this client already reported it: nothing new stored) or
    REPORT_CLOSED (no longer published: already back with the moderators)."""
    if comment.status != Comment.PUBLISHED:
        return REPORT_CLOSED
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment,
                reporter=reporter,
                category=category,
                details=details[:150],
                suspected_automation=suspected_automation,
            )
    except IntegrityError:
        return REPORT_REPEATED
    if suspected_automation:
        return REPORT_HELD
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.report_count += 1
        fields = ["report_count"]
        if comment.report_count >= report_threshold() and comment.status == Comment.PUBLISHED:
            comment.status = Comment.PENDING
            # Stored words are read by moderators: in the site's language, not the reporter's.
            with translation.override(settings.LANGUAGE_CODE):
                comment.add_flag(_("Reported by citizens"))
                reason = _("Reported %(n)d times: %(reasons)s") % {
                    "n": comment.report_count,
                    "reasons": report_reasons_text(comment),
                }
            fields += ["status", "flagged", "flag_reasons"]
            log(comment, "auto_hide", None, reason, Comment.PUBLISHED, Comment.PENDING)
        comment.save(update_fields=fields)
    if comment.status != Comment.PUBLISHED:
        purge_public_cache([comment.page_id])
    return REPORT_COUNTED
