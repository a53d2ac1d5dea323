"""Citizens hear back: e-mail when their comment is published or rejected
(with the reason), and when the consultation's outcome is published.

Only to commenters who gave an address and ticked "e-mail me"
(`Comment.notify_by_email`); through the django-q2 queue, after the
moderation has committed; in the language the comment was written in.

Idempotent: every message is a `CommentNotice` row whose unique `key` names
the event and the person — `published:<comment>`, `rejected:<comment>`,
`outcome:<consultation>:<hash of the address>` (one message per person
listing all their comments on that consultation). Building a notice twice
finds the row; delivery claims it (`sent_at`) before sending, so a task
django-q2 hands out again sends nothing twice."""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def wants_mail(comment):
    return bool(comment.notify_by_email and comment.contact_email)


def _queue(func, *args, name):
    from django_q.tasks import async_task

    # A unique name: django-q2 looks results up by name.
    task_name = f"{name}-{uuid.uuid4().hex[:12]}"
    transaction.on_commit(lambda: async_task(func, *args, task_name=task_name), robust=True)


# --- Events (called by interactions.services and ConsultationOutcome.publish) ----


def comment_moderated(comment, action):
    """A moderator approved or rejected `comment` (inside their transaction)."""
    from .models import CommentNotice

    if not wants_mail(comment):
        return
    event = CommentNotice.PUBLISHED if action == "approve" else CommentNotice.REJECTED
    _queue("interactions.notices.send_comment_notice", comment.pk, event, name=f"comment-notice-{comment.pk}")


def outcome_published(outcome):
    _queue("interactions.notices.send_outcome_notices", outcome.pk, name=f"outcome-notices-{outcome.pk}")


# --- Tasks ------------------------------------------------------------------------


def send_comment_notice(comment_id, event):
    """Build (once) and send the notice of `event` about one comment, if the
    comment is still in the state the event announces."""
    from .models import Comment, CommentNotice

    comment = Comment.objects.select_related("page", "reject_reason").filter(pk=comment_id).first()
    if comment is None or not wants_mail(comment):
        return False
    expected = {
        CommentNotice.PUBLISHED: (Comment.PUBLISHED, Comment.HIDDEN),
        CommentNotice.REJECTED: (Comment.REJECTED,),
    }
    if comment.status not in expected[event]:
        return False  # overtaken by a later moderation: that one tells
    page = comment.page.specific
    with translation.override(comment.language or settings.LANGUAGE_CODE):
        context = {
            "comment": comment,
            "page": page,
            "page_url": page.full_url,
            "track_url": _track_url(page),
            # Interview questions (briefings) use the same pipeline, without an outcome.
            "consultation": hasattr(page, "outcome_is_published"),
        }
        if event == CommentNotice.PUBLISHED:
            subject = (
                _("Your comment has been published: %(title)s")
                if comment.consent_publish
                else _("Your comment has been accepted: %(title)s")
            ) % {"title": page.title}
            template = "interactions/email/notice_published.txt"
        else:
            reason = comment.reject_reason
            context["reason"] = (reason.public_explanation or reason.label) if reason else ""
            subject = _("Your comment was not published: %(title)s") % {"title": page.title}
            template = "interactions/email/notice_rejected.txt"
        body = render_to_string(template, context)
    notice = _notice(f"{event}:{comment.pk}", event, comment, subject, body)
    return deliver(notice.pk)


def send_outcome_notices(outcome_id):
    """One message per person who asked, listing their comments on the
    consultation (any language version) with each one's disposition."""
    from .models import Comment, CommentNotice, ConsultationOutcome

    outcome = ConsultationOutcome.objects.select_related("page").filter(pk=outcome_id).first()
    if outcome is None or not outcome.published_at:
        return 0
    people = {}
    comments = (
        outcome.comments().filter(notify_by_email=True).exclude(contact_email="").select_related("page").order_by("id")
    )
    for comment in comments:
        people.setdefault(comment.contact_email.strip().lower(), []).append(comment)
    queued = 0
    for address, theirs in people.items():
        latest = theirs[-1]
        page = latest.page.specific
        with translation.override(latest.language or settings.LANGUAGE_CODE):
            rows = [
                {
                    "comment": c,
                    "status": str(c.get_status_display()),
                    "disposition": str(c.get_disposition_display())
                    if c.disposition and c.status != Comment.REJECTED
                    else "",
                    "reason": c.disposition_note if c.disposition and c.status != Comment.REJECTED else "",
                }
                for c in theirs
            ]
            context = {"page": page, "outcome": outcome, "rows": rows, "outcome_url": page.full_url + "#outcome"}
            subject = _("The outcome of the consultation is published: %(title)s") % {"title": page.title}
            body = render_to_string("interactions/email/notice_outcome.txt", context)
        digest = hashlib.sha256(address.encode()).hexdigest()[:40]
        notice = _notice(
            f"outcome:{outcome.page.translation_key}:{digest}", CommentNotice.OUTCOME, latest, subject, body
        )
        if notice.sent_at is None:
            _queue("interactions.notices.deliver", notice.pk, name=f"comment-notice-deliver-{notice.pk}")
            queued += 1
    return queued


def _notice(key, event, comment, subject, body):
    from .models import CommentNotice

    try:
        with transaction.atomic():
            notice, _created = CommentNotice.objects.get_or_create(
                key=key,
                defaults={
                    "event": event,
                    "comment": comment,
                    "to": comment.contact_email,
                    "language": comment.language,
                    "subject": " ".join(str(subject).split())[:255],
                    "body": body,
                },
            )
    except IntegrityError:  # built at the same moment by another worker
        notice = CommentNotice.objects.get(key=key)
    return notice


def deliver(notice_id):
    """Send one notice once: claimed by setting `sent_at` before sending,
    released if sending fails (the task is retried)."""
    from .models import CommentNotice
    from .services import log

    claimed_at = timezone.now()
    if not CommentNotice.objects.filter(pk=notice_id, sent_at__isnull=True).update(sent_at=claimed_at):
        return False
    notice = CommentNotice.objects.select_related("comment").get(pk=notice_id)
    try:
        send_mail(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [notice.to])
    except Exception:
        CommentNotice.objects.filter(pk=notice_id, sent_at=claimed_at).update(sent_at=None)
        raise
    CommentNotice.objects.filter(pk=notice_id).update(body="")
    if notice.comment_id:
        log(notice.comment, "notice_sent", None, str(notice.get_event_display()))
    return True


def _track_url(page):
    return page.full_url + "track/" if hasattr(page, "track_view") else page.full_url
