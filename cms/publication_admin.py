"""What the person who pressed a button sees when a page rule refuses or
holds a publication (the rules themselves: cms/publication.py).

* Any admin request that ends in PublicationRefused (edit and create pages'
  Publish and Schedule, workflow approval from the editor or the dashboard,
  revert, copy, translation, the emergency fast track, the admin API) is
  answered with the rule's own words on the page's edit view instead of
  Wagtail's "no permission" page. The refusal was raised before anything went
  live, inside the publication's transaction: the page is as it was (an edit
  saved before pressing Publish stays a draft, so nothing typed is lost).
* Bulk publish checks every selected page first and publishes none if any
  is refused, naming each one.
* Submitting for review warns at once about what would stop publication."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page

from cms.security import on_this_site

from .publication import PublicationRefused, hold_message_of, problems_of


def _same_site(request, target, fallback):
    """`target` when it stays on this site, else `fallback`. Wagtail checks a
    bulk action's `next` against the host (and falls back to the bulk URL
    itself, a 404 without its ids); it is checked again here so no
    request-supplied target is ever followed off the site."""
    return target if target != request.path and on_this_site(request, target) else fallback


def _admin_prefix():
    return reverse("wagtailadmin_home")


def _report_refusal(request, problems):
    for problem in problems:
        messages.error(request, problem)
    messages.warning(request, _("The page was not published; your changes have been saved as a draft."))


class PublicationRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PublicationRefused) or not request.path_info.startswith(_admin_prefix()):
            return None
        _report_refusal(request, exception.problems)
        if exception.page_id and Page.objects.filter(pk=exception.page_id).exists():
            target = reverse("wagtailadmin_pages:edit", args=[exception.page_id])
        else:
            target = _admin_prefix()
        if request.headers.get("x-requested-with") == "XMLHttpRequest" or request.content_type == "application/json":
            # The workflow modal follows "redirect"; the admin API client reads the message.
            return JsonResponse(
                {
                    "step": "success",
                    "redirect": target,
                    "error_code": "publication_refused",
                    "message": " ".join(exception.problems),
                },
                status=200 if request.headers.get("x-requested-with") else 400,
            )
        return redirect(target)


@hooks.register("before_publish_page")
def check_page_rules_before_publishing(request, page):
    """The edit and create pages' Publish: the draft has just been saved.
    Refusals are reported here without an exception; a publication the
    rules hold (approved, waiting for another page) is done and explained."""
    revision = page.get_latest_revision()
    content = revision.as_object() if revision else page.specific
    problems = problems_of(content, request.user)
    if problems:
        _report_refusal(request, problems)
        return redirect("wagtailadmin_pages:edit", page.pk)
    message = hold_message_of(content)
    if message is not None:
        revision.publish(user=request.user, skip_permission_checks=True)
        messages.success(request, message)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


def warn_about_release_rules(request, page):
    if not request.POST.get("action-submit"):
        return
    revision = page.get_latest_revision()
    content = revision.as_object() if revision else page.specific
    for problem in problems_of(content, request.user):
        messages.warning(request, _("Submitted, but it cannot be published yet: %(reason)s") % {"reason": problem})


hooks.register("after_edit_page", warn_about_release_rules)
hooks.register("after_create_page", warn_about_release_rules)


@hooks.register("before_bulk_action")
def bulk_publish_checks_every_page_first(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    form = getattr(action_class_instance, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in list(pages):
            pages.extend(page.get_descendants().not_live())
    refused = []
    for page in pages:
        page = page.specific
        revision = page.get_latest_revision()
        content = revision.as_object() if revision else page
        problems = problems_of(content, request.user)
        if problems:
            refused.append((page, problems))
    if not refused:
        return None
    for page, problems in refused:
        messages.error(request, f"“{page.get_admin_display_title()}”: {' '.join(problems)}")
    messages.warning(request, _("Nothing was published: publish the other pages again without the ones named above."))
    # Without a usable `next`: the listing the first refused page is in, where its message shows.
    parent = refused[0][0].get_parent()
    fallback = reverse("wagtailadmin_explore", args=[parent.pk]) if parent else _admin_prefix()
    return redirect(_same_site(request, action_class_instance.next_url, fallback))


@hooks.register("register_admin_urls")
def translation_review_urls():
    from .translation_review import admin_urls

    return admin_urls()


@hooks.register("register_log_actions")
def publication_log_actions(actions):
    from django.utils.translation import gettext_lazy

    from .publication import REFUSED_ACTION

    actions.register_action(
        REFUSED_ACTION, gettext_lazy("Publication refused"), gettext_lazy("Publication refused by a publication rule")
    )
