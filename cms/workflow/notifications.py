"""Who hears about what, delivered through django-q2.

- a stage starts (submission, or the previous stage approved): that stage's reviewers;
- changes requested: the submitter and everyone who approved an earlier stage, with the comment;
- the workflow approved (published or scheduled): the submitter.

A ReviewNotification row per (event, person) is written in the same
transaction as the event; its unique constraint means one message per person
per event, however often a signal fires or a job is retried. Wagtail's own
moderation e-mails are switched off in `disable_wagtail_moderation_emails`."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task
from wagtail.models import TaskState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .stages import stage_label

logger = logging.getLogger(__name__)

# Wagtail's receivers (wagtail/admin/signal_handlers.py) and their dispatch uids.
WAGTAIL_MODERATION_RECEIVERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, "WorkflowState", "workflow_state_submitted_email_notification"),
    (workflow_rejected, "WorkflowState", "workflow_state_rejected_email_notification"),
    (workflow_approved, "WorkflowState", "workflow_state_approved_email_notification"),
]


def _wagtail_email_disabled(sender, **kwargs):
    """Stands in for one of Wagtail's moderation e-mail receivers: ours replace them."""


def disable_wagtail_moderation_emails():
    """Called from CmsConfig.ready(), which runs before wagtail.admin's.

    A signal keeps the first receiver connected under a dispatch_uid, so
    claiming Wagtail's uids first makes its later `connect` calls no-ops.
    The explicit disconnect covers any order of app loading."""
    from wagtail.models import WorkflowState

    for signal, sender, uid in WAGTAIL_MODERATION_RECEIVERS:
        sender = WorkflowState if sender == "WorkflowState" else sender
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(_wagtail_email_disabled, sender=sender, dispatch_uid=uid, weak=False)


def connect_receivers():
    task_submitted.connect(on_task_submitted, dispatch_uid="gongkai_review_task_submitted")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="gongkai_review_workflow_rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="gongkai_review_workflow_approved")


# --- Recipients -----------------------------------------------------------------


def stage_reviewers(task_state):
    """Active users who can act on this stage for this page."""
    task = task_state.task.specific
    page = task_state.workflow_state.content_object
    page = getattr(page, "specific", page)
    users = get_user_model().objects.filter(is_active=True, groups__in=task.groups.all()).distinct()
    can_review = getattr(task, "user_can_review", None)
    return [user for user in users if can_review is None or can_review(page, user)]


def earlier_approvers(workflow_state):
    approved = workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED, finished_by__isnull=False)
    return [state.finished_by for state in approved.select_related("finished_by")]


# --- Receivers --------------------------------------------------------------------


def on_task_submitted(sender, instance, user=None, **kwargs):
    task_state = instance
    page = _page(task_state.workflow_state)
    notify(
        f"stage:{task_state.pk}",
        stage_reviewers(task_state),
        actor=user,
        page=page,
        message=lambda: (
            _("Awaiting your review: %(title)s") % {"title": page.get_admin_display_title()},
            _("%(title)s is waiting for %(stage)s.\nSubmitted by: %(submitter)s\n\nReview it here: %(url)s")
            % {
                "title": page.get_admin_display_title(),
                "stage": stage_label(task_state.task),
                "submitter": _name(task_state.workflow_state.requested_by),
                "url": _admin_url(page),
            },
        ),
    )


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    workflow_state = instance
    task_state = workflow_state.current_task_state
    page = _page(workflow_state)
    notify(
        f"changes:{task_state.pk}",
        [workflow_state.requested_by, *earlier_approvers(workflow_state)],
        actor=user,
        page=page,
        message=lambda: (
            _("Changes requested: %(title)s") % {"title": page.get_admin_display_title()},
            _("%(reviewer)s requested changes to %(title)s at %(stage)s:\n\n%(comment)s\n\nEdit it here: %(url)s")
            % {
                "reviewer": _name(task_state.finished_by),
                "title": page.get_admin_display_title(),
                "stage": stage_label(task_state.task),
                "comment": task_state.comment,
                "url": _admin_url(page),
            },
        ),
    )


def on_workflow_approved(sender, instance, user=None, **kwargs):
    from .models import FastTrackPublication

    workflow_state = instance
    page = _page(workflow_state)
    FastTrackPublication.objects.filter(page_id=page.pk, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), workflow_state=workflow_state
    )
    page.refresh_from_db()
    scheduled = bool(page.go_live_at and page.go_live_at > timezone.now() and not page.live)

    def message():
        if scheduled:
            subject = _("Approved, scheduled for publication: %(title)s") % {"title": page.get_admin_display_title()}
        else:
            subject = _("Published: %(title)s") % {"title": page.get_admin_display_title()}
        body = _("%(title)s passed every review stage.\n\nPublic page: %(live)s\nAdmin: %(url)s") % {
            "title": page.get_admin_display_title(),
            "live": page.full_url or "-",
            "url": _admin_url(page),
        }
        return subject, body

    notify(f"published:{workflow_state.pk}", [workflow_state.requested_by], actor=user, page=page, message=message)


# --- Delivery -----------------------------------------------------------------------


def notify(event_key, users, *, actor=None, page=None, message):
    """Record one notification per distinct recipient and queue the e-mails
    once the transaction commits. `message()` returns (subject, body) and is
    evaluated in each recipient's language."""
    from .models import ReviewNotification

    seen = set()
    created = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if actor is not None and user.pk == actor.pk:
            continue
        if ReviewNotification.objects.filter(event_key=event_key, recipient=user).exists():
            continue
        with translation.override(_language(user)):
            subject, body = message()
        try:
            with transaction.atomic():
                created.append(
                    ReviewNotification.objects.create(
                        event_key=event_key[:120], recipient=user, subject=subject[:255], body=str(body)
                    ).pk
                )
        except IntegrityError:
            continue
    if created:
        transaction.on_commit(lambda: async_task("cms.workflow.notifications.deliver", created), robust=True)
    return created


def deliver(notification_ids):
    """Run by django-q2: send each not-yet-sent notification once.

    Each row is claimed (sent_at set and committed) before its e-mail goes
    out: a worker killed after the mail server took the message is handed
    the task again by django-q2 and must not send it twice. A send that
    fails releases the claim."""
    from .models import ReviewNotification

    for pk in notification_ids:
        claimed_at = timezone.now()
        if not ReviewNotification.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=claimed_at):
            continue
        item = ReviewNotification.objects.select_related("recipient").get(pk=pk)
        if _stage_already_over(item.event_key) or not item.recipient.email:
            # Cancelled in the same request (an edit sent review back to an
            # earlier stage), or nobody to write to: nothing to send.
            continue
        try:
            send_mail(item.subject, item.body, settings.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL, [item.recipient.email])
        except Exception:
            ReviewNotification.objects.filter(pk=pk, sent_at=claimed_at).update(sent_at=None)
            raise


# --- Helpers --------------------------------------------------------------------------


def _stage_already_over(event_key):
    kind, _sep, pk = event_key.partition(":")
    if kind != "stage" or not pk.isdigit():
        return False
    return not TaskState.objects.filter(pk=int(pk), status=TaskState.STATUS_IN_PROGRESS).exists()


def _page(workflow_state):
    obj = workflow_state.content_object
    return getattr(obj, "specific", obj)


def _name(user):
    if user is None:
        return "-"
    return user.get_full_name() or user.get_username()


def _admin_url(page):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[page.pk])


def _language(user):
    try:
        return user.wagtail_userprofile.get_preferred_language()
    except Exception:
        return settings.LANGUAGE_CODE
