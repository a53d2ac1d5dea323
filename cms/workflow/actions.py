"""Review actions that are more than one Wagtail call: restarting review after
an edit, and the emergency fast track."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import TaskState

from cms import roles

FAST_TRACK_ACTION = "cms.fast_track"
RECORD_SIGNED_ACTION = "cms.confidentiality_review.signed"
REVIEW_RESTARTED_ACTION = "cms.review_restarted"


def restart_review_after_edit(page, user=None):
    """WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT, applied at once.

    Wagtail only notices an edit when the current stage is approved (and a
    resubmission after "changes requested" resumes at the stage that asked).
    Here, right after any edit, the review is put on the new revision: the
    stage that should run is the first one not approved *on the latest
    revision*. If that is the current stage, it simply reviews the new
    revision; otherwise (some stage had approved an older revision) the
    current stage is cancelled and review starts again there, and the
    approvals and any confidentiality record of older revisions no longer count."""
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != workflow_state.STATUS_IN_PROGRESS:
        return None
    current = workflow_state.current_task_state
    latest = page.get_latest_revision()
    if current is None or latest is None or current.status != TaskState.STATUS_IN_PROGRESS:
        return None
    if current.revision_id != latest.pk and _same_content(page, current.revision, latest):
        # A revision with nothing new (comments aside): the review goes on.
        return None
    expected = workflow_state.get_next_task()
    with transaction.atomic():
        if expected is None or expected.pk == current.task_id:
            if current.revision_id != latest.pk:
                TaskState.objects.filter(pk=current.pk).update(revision=latest)
                return "moved"
            return None
        # Cancelling the stage lets Wagtail start the first stage not approved
        # on the latest revision; its reviewers are notified.
        current.specific.cancel(user=user, comment="")
        log(
            instance=page,
            action=REVIEW_RESTARTED_ACTION,
            user=user,
            revision=latest,
            data={"cancelled_task": current.task.name, "restarted_at": expected.name, "revision": latest.pk},
        )
        return "restarted"


def _same_content(page, reviewed, latest):
    from cms.revisions import same_content

    return same_content(type(page.specific), reviewed.content, latest.content)


def is_leader(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=roles.LEADERS).exists())


def can_fast_track(page, user):
    """Leaders, for pages inside their section (they can edit it), that are
    under a workflow."""
    if page is None or page.depth <= 1 or not is_leader(user):
        return False
    if not user.is_superuser and "change" not in page.permissions_for_user(user).permissions:
        return False
    return page.get_workflow() is not None


@transaction.atomic
def fast_track_publish(page, user, reason):
    """Publish the page's latest revision now; start the normal review on it
    as a retrospective review and mark the page until that review completes."""
    from .models import FastTrackPublication

    page = page.specific
    reason = (reason or "").strip()
    if not reason:
        raise PermissionDenied("A reason is required.")
    if not can_fast_track(page, user):
        raise PermissionDenied
    workflow_state = page.current_workflow_state
    if workflow_state is not None:
        workflow_state.cancel(user=user)
    revision = page.get_latest_revision() or page.save_revision(user=user)
    # The fast track is the authority here, not the page publish permission
    # (which Leaders deliberately do not hold).
    revision.publish(user=user, skip_permission_checks=True)
    record = FastTrackPublication.objects.create(
        page=page,
        page_title=page.title[:255],
        revision=revision,
        published_by=user,
        reason=reason,
        published_at=timezone.now(),
    )
    log(instance=page, action=FAST_TRACK_ACTION, user=user, revision=revision, data={"reason": reason})
    page = type(page).objects.get(pk=page.pk)
    record.workflow_state = page.get_workflow().start(page, user)
    record.save(update_fields=["workflow_state"])
    return record
