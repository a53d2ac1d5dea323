"""Translations go through review like any other page.

wagtail-localize's translation editor replaces the page editor for a
translated page, and it has no way to submit for review. Here:

* `submit_translation` saves the translated strings as a draft revision and
  starts (or resumes) the page's review workflow; the translation editor
  shows a review bar with that button, the stage in progress and, for its
  reviewers, the stage's actions (cms/templates/wagtail_localize/...).
* The two wagtail-localize paths that change what a live page shows without
  review are open only to those who may publish the page: converting a
  translation into an alias of its original (the page then shows the
  original text at once) and "Sync translated pages" with "Publish
  immediately". They are answered by `guarded_convert_to_alias` and
  `guarded_update_translations`, registered at the same addresses ahead of
  wagtail-localize's own (cms comes first in INSTALLED_APPS)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.models import Page, TaskState
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import convert, update_translations

from cms import publication
from cms.workflow.actions import restart_review_after_edit
from cms.workflow.stages import stage_label


def enabled_translation(page):
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source")
        .first()
    )


def save_translation_draft(translation, page, user):
    """The translated strings as a new draft revision of `page`. On a live
    page wagtail-localize writes the text into the live row before saving
    the revision; cms.publication keeps the live row as published."""
    translation.save_target(user=user, publish=False)
    return Page.objects.get(pk=page.pk).specific


@require_POST
def submit_translation(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    permissions = page.permissions_for_user(request.user)
    translation = enabled_translation(page)
    if translation is None or not permissions.can_edit():
        raise PermissionDenied
    workflow = page.get_workflow()
    if workflow is None:
        messages.error(request, _("This section has no review workflow: ask a site administrator to assign one."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    with transaction.atomic():
        try:
            page = save_translation_draft(translation, page, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("wagtailadmin_pages:edit", page.pk)
        state = page.current_workflow_state
        if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
            state.resume(request.user)
        elif state is not None and state.status == state.STATUS_IN_PROGRESS:
            restart_review_after_edit(page, request.user)
        elif permissions.can_submit_for_moderation():
            workflow.start(page, request.user)
        else:
            raise PermissionDenied
    messages.success(
        request,
        _("The translation “%(title)s” has been submitted for review.") % {"title": page.get_admin_display_title()},
    )
    for problem in publication.problems_of(page.get_latest_revision_as_object(), request.user):
        messages.warning(request, _("Submitted, but it cannot be published yet: %(reason)s") % {"reason": problem})
    return redirect("wagtailadmin_pages:edit", page.pk)


def review_bar_context(page, user):
    """What the translation editor's review bar shows to `user`."""
    state = page.current_workflow_state
    task_state = page.current_workflow_task_state if state else None
    actions = []
    if task_state is not None and task_state.status == TaskState.STATUS_IN_PROGRESS:
        task = task_state.task.specific
        for name, label, modal in task.get_actions(page, user):
            actions.append(
                {
                    "label": label,
                    "modal": modal,
                    "url": reverse("wagtailadmin_pages:workflow_action", args=[page.pk, name, task_state.pk]),
                }
            )
    permissions = page.permissions_for_user(user)
    can_submit = (
        permissions.can_edit()
        and page.get_workflow() is not None
        and (
            state is None
            or state.status in (state.STATUS_NEEDS_CHANGES, state.STATUS_IN_PROGRESS)
            or permissions.can_submit_for_moderation()
        )
    )
    return {
        "page": page,
        "workflow_state": state,
        "stage": stage_label(task_state.task) if task_state else None,
        "actions": actions,
        "can_submit": can_submit and not actions,
        "submit_url": reverse("cms_submit_translation", args=[page.pk]),
        "can_publish": permissions.can_publish(),
    }


def _refuse(request, page, message):
    messages.error(request, message)
    return redirect("wagtailadmin_pages:edit", page.pk)


def guarded_convert_to_alias(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        return _refuse(
            request,
            page,
            _(
                "Turning a translation into an alias would show the original text on the live page at once, without review. "
                "Only someone who may publish this page can do it; edit the translation and submit it for review instead."
            ),
        )
    # The publisher's confirmation is the authority: the live row may follow the original.
    with publication.authorised(page.pk):
        return convert.convert_to_alias(request, page_id)


_update_view = update_translations.UpdateTranslationsView.as_view()


def guarded_update_translations(request, translation_source_id):
    if request.method == "POST" and request.POST.get("publish_translations"):
        source = get_object_or_404(TranslationSource, pk=translation_source_id)
        for translation in source.translations.filter(enabled=True).select_related("target_locale"):
            target = Page.objects.filter(
                translation_key=source.object_id, locale_id=translation.target_locale_id
            ).first()
            if target is not None and not target.permissions_for_user(request.user).can_publish():
                messages.error(
                    request,
                    _(
                        "“Publish immediately” would put unreviewed translations live. Only someone who may publish them can do it: "
                        "untick it, then submit each translation for review from its editor."
                    ),
                )
                return redirect(request.get_full_path())
    return _update_view(request, translation_source_id=translation_source_id)


def admin_urls():
    return [
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            guarded_convert_to_alias,
            name="cms_guarded_convert_to_alias",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            guarded_update_translations,
            name="cms_guarded_update_translations",
        ),
        path("review/translation/<int:page_id>/submit/", submit_translation, name="cms_submit_translation"),
    ]
