"""Who reviewed and signed off the live version of a page (谁审查谁负责)."""

from wagtail.models import Page, Site, TaskState

from cms import roles

from .models import FastTrackPublication, ReviewSettings
from .stages import stage_label


def reviewer_label(task, user, display):
    if display == ReviewSettings.NAMES and user is not None:
        return user.get_full_name() or user.get_username()
    group = task.groups.first() if hasattr(task, "groups") else None
    if group is not None:
        return str(roles.ROLE_LABELS.get(group.name, group.name))
    return ""


def accountability_for(page, request=None):
    """A dict for cms/includes/accountability.html, or None if nothing to show.
    An alias shows its original's text, so it shows the original's review,
    and says so (an untranslated page in another language)."""
    if not isinstance(page, Page) or not page.live:
        return None
    original = None
    if page.alias_of_id:
        original = Page.objects.filter(pk=page.alias_of_id, live=True).select_related("locale").first()
        if original is None:
            return None
        page = original
    if not page.live_revision_id:
        return None
    settings_row = None
    if request is not None and Site.find_for_request(request) is not None:
        settings_row = ReviewSettings.for_request(request)
    display = settings_row.accountability_display if settings_row else ReviewSettings.ROLES
    pending = (
        FastTrackPublication.objects.filter(page_id=page.pk, reviewed_at__isnull=True).order_by("-published_at").first()
    )
    if display == ReviewSettings.HIDDEN:
        return {"pending_retrospective": pending, "stages": [], "original": original} if pending or original else None
    states = (
        TaskState.objects.filter(
            revision_id=page.live_revision_id,
            status=TaskState.STATUS_APPROVED,
            workflow_state__status="approved",
        )
        .select_related("task", "finished_by")
        .order_by("finished_at")
    )
    stages = []
    seen = set()
    for state in states:
        if state.task_id in seen:
            continue
        seen.add(state.task_id)
        task = state.task.specific
        stages.append(
            {
                "stage": stage_label(task),
                "by": reviewer_label(task, state.finished_by, display),
                "at": state.finished_at,
                "sign_off": getattr(task, "require_comment", False),
            }
        )
    if not stages and not pending and not original:
        return None
    return {"stages": stages, "pending_retrospective": pending, "original": original}
