from django.contrib.auth.models import Group
from django.db.models import Q
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState

from .actions import is_leader
from .models import FastTrackPublication
from .stages import stage_label


def is_reviewer(user):
    """Superusers and members of any group that reviews at some active stage."""
    if user.is_superuser:
        return True
    reviews = (
        Q(scopedgroupapprovaltask__active=True)
        | Q(confidentialityreviewtask__active=True)
        | Q(groupapprovaltask__active=True)
    )
    return Group.objects.filter(user=user).filter(reviews).exists()


def awaiting_review(user):
    """(task state, page, stage) the user can act on now, oldest first."""
    items = []
    states = TaskState.objects.reviewable_by(user).select_related("task", "workflow_state__requested_by")
    for state in states.order_by("started_at"):
        page = Page.objects.filter(pk=state.workflow_state.object_id).first()
        if page is None:
            continue
        page = page.specific
        task = state.task.specific
        can_review = getattr(task, "user_can_review", None)
        if can_review is not None and not can_review(page, user):
            continue
        items.append(
            {
                "state": state,
                "page": page,
                "stage": stage_label(task),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
        )
    return items


class AwaitingMyReviewPanel(Component):
    name = "awaiting_my_review"
    template_name = "cms/workflow/awaiting_my_review_panel.html"
    order = 210

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        retrospective = []
        if is_leader(user):
            retrospective = list(
                FastTrackPublication.objects.filter(reviewed_at__isnull=True).order_by("published_at")[:20]
            )
        return {"items": awaiting_review(user), "retrospective": retrospective, "request": parent_context["request"]}
