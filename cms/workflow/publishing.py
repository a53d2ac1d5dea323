"""What happens when a workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail's default publishes the *latest* revision as the approving user and
checks that user's publish permission. Here the approval is the authority:
the exact revision the last stage approved is published, and only if a
valid confidentiality record exists for that very revision."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def workflow_has_confidentiality_stage(workflow):
    from .models import ConfidentialityReviewTask

    return ConfidentialityReviewTask.objects.filter(workflow_tasks__workflow=workflow, active=True).exists()


def publish_approved_revision(workflow_state, user=None):
    from .models import valid_record_for

    revision = workflow_state.current_task_state.revision
    if workflow_has_confidentiality_stage(workflow_state.workflow) and valid_record_for(revision) is None:
        # Only reachable if an edit slipped past the restart (see receivers):
        # an older revision's confidentiality record never counts.
        raise PermissionDenied(_("This revision has no valid confidentiality review record."))
    revision.publish(user=user, skip_permission_checks=True)
