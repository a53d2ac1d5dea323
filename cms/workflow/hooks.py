"""Wagtail hooks for the review workflow (imported by cms/wagtail_hooks.py)."""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.models import GroupPagePermission, Page

from . import signoff, views
from .actions import (
    FAST_TRACK_ACTION,
    RECORD_SIGNED_ACTION,
    REVIEW_RESTARTED_ACTION,
    can_fast_track,
    restart_review_after_edit,
)
from .panels import AwaitingMyReviewPanel, is_reviewer


@hooks.register("register_admin_urls")
def review_urls():
    return [
        path("review/fast-track/<int:page_id>/", views.fast_track, name="cms_fast_track"),
        path("review/audit/", views.audit_log, name="cms_review_audit"),
        path("review/audit.csv", views.audit_log_csv, name="cms_review_audit_csv"),
        path("review/signoff/<int:page_id>/", signoff.sheet, name="cms_signoff_sheet"),
        path("review/signoff/<int:page_id>/pdf/", signoff.sheet_pdf, name="cms_signoff_sheet_pdf"),
    ]


@hooks.register("register_log_actions")
def review_log_actions(actions):
    actions.register_action(FAST_TRACK_ACTION, _("Emergency publication"), _("Published on the emergency fast track"))
    actions.register_action(
        RECORD_SIGNED_ACTION, _("Confidentiality attestation"), _("Confidentiality review record signed")
    )
    actions.register_action(REVIEW_RESTARTED_ACTION, _("Review restarted"), _("Edited during review: review restarted"))


@hooks.register("construct_homepage_panels")
def awaiting_my_review_panel(request, panels):
    # Ours lists the same task states, scoped to the reviewer's sections,
    # plus pages awaiting retrospective review; Wagtail's would duplicate it.
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "workflow_objects_to_moderate"]
    if is_reviewer(request.user):
        panels.append(AwaitingMyReviewPanel())


class FastTrackMenuItem(ActionMenuItem):
    label = _("Emergency publish…")
    name = "action-fast-track"
    icon_name = "warning"
    order = 90

    def is_shown(self, context):
        return context["view"] == "edit" and can_fast_track(context.get("page"), context["request"].user)

    def get_url(self, parent_context):
        return reverse("cms_fast_track", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def fast_track_menu_item():
    return FastTrackMenuItem()


@hooks.register("after_edit_page")
def restart_review_on_edit(request, page):
    restart_review_after_edit(page, request.user)


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_audit(request.user)


@hooks.register("register_reports_menu_item")
def review_audit_menu_item():
    return AuditMenuItem(_("Review audit"), reverse("cms_review_audit"), icon_name="list-ul", order=900)


def section_filter(user):
    """Q matching pages inside the sections the user holds page permissions on."""
    paths = set(GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True))
    query = Q(pk__in=[])
    for page_path in paths:
        query |= Q(path__startswith=page_path)
    return query


@hooks.register("construct_page_chooser_queryset")
def chooser_hides_other_sections_drafts(pages, request):
    """The page chooser lists the whole tree, titled with each page's *draft*
    title. Outside their own sections a user sees only live pages, and not
    those whose unpublished draft has a different title."""
    user = request.user
    if user.is_superuser:
        return pages
    mine = section_filter(user)
    # Wagtail has no hook for the page being browsed, which the chooser shows
    # as its heading: check it here, where its id is in the URL.
    match = getattr(request, "resolver_match", None)
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None:
        parent = Page.objects.filter(pk=parent_id).first()
        if parent is not None and not parent.is_root():
            visible = Page.objects.filter(pk=parent.pk).filter(mine).exists() or (
                parent.live and (not parent.has_unpublished_changes or parent.draft_title == parent.title)
            )
            if not visible:
                raise Http404
    # Computed first: the admin search can only filter on indexed fields (id, live, path).
    retitled = list(
        Page.objects.filter(live=True, has_unpublished_changes=True)
        .exclude(draft_title=F("title"))
        .exclude(mine)
        .values_list("pk", flat=True)
    )
    return pages.filter((Q(live=True) & ~Q(pk__in=retitled)) | mine)


# --- Gaps in Wagtail's own checks -------------------------------------------------


def _in_review(page):
    from wagtail.models import WorkflowState

    ids = [str(pk) for pk in page.get_descendants(inclusive=True).values_list("pk", flat=True)]
    return (
        WorkflowState.objects.active()
        .filter(base_content_type=page.get_base_content_type(), object_id__in=ids)
        .exists()
    )


@hooks.register("before_delete_page")
def no_deleting_pages_under_review(request, page):
    """Anyone with "change" may delete a draft in Wagtail; a page under review
    (the subject of signed records) is deleted only after the review is
    cancelled."""
    if not request.user.is_superuser and _in_review(page):
        raise PermissionDenied(_("This page is under review: cancel the review before deleting it."))


@hooks.register("before_bulk_action")
def no_bulk_deleting_pages_under_review(request, action_type, objects, action_class_instance):
    if action_type == "delete" and not request.user.is_superuser:
        for obj in objects:
            if isinstance(obj, Page) and _in_review(obj):
                raise PermissionDenied(_("A selected page is under review: cancel the review before deleting it."))


@hooks.register("before_move_page")
def move_confirmation_needs_move_permission(request, page_to_move, destination):
    """Wagtail's move-confirmation page checks nothing before showing the page
    (and its draft title); the move itself is checked. Check first."""
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
