"""The one point every publication passes.

Wagtail makes a page revision live in `PublishPageRevisionAction.execute()`.
`Page.publish()` calls it (so do `revision.publish()`, workflow approval,
scheduled publishing, bulk publish, translation sync and code), and the
admin's edit view and the admin API build the action themselves, so an
override of `Page.publish()` is skipped by the edit page's Publish button.
`install()` wraps `execute()` once, at start-up, and the page's own rules
run there, on the content exactly as it would be published. A page type
states its rules by overriding the methods of `PublicationRules` (a mixin of
`cms.models.BasePage`):

    content.publication_problems(user)        -> messages; non-empty refuses
    content.publication_hold_message()        -> a message when an approved
    content.hold_publication(revision, user)     revision must wait instead
    content.prepare_publication(revision)     -> stamps saved with the row
    live.after_publication(revision, user)    -> what follows (notes, citations)

A refused or held publication that came from the schedule has its schedule
cancelled here, for every page type (`_cancel_schedule`); a refusal is
recorded as `cms.publication_refused` in the page history.

A page row can also become live without a revision being published: a copy
kept live, an alias following its original, code creating a live page.
`BasePage.save()` sends those through `guard_live_save()`, which applies the
same problems and stamps; and a live row is never rewritten with content
that was not published (`keeps_live_row()`). Every path and its test:
docs/workflow.md."""

import contextlib
import contextvars
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.log_actions import log
from wagtail.models import Page, Revision

logger = logging.getLogger(__name__)

SCHEDULED = "wagtail.publish.scheduled"
REFUSED_ACTION = "cms.publication_refused"

# Pages whose revision is being published by the gate right now (a page
# saved live inside its own publication needs no second check).
_publishing = contextvars.ContextVar("gongkai_publishing", default=frozenset())


class PublicationRefused(Exception):
    """Publication refused by a page rule; `problems` are the rules' own words.
    Not a PermissionDenied: the admin turns those into "no permission", and
    the person must read the rule instead (cms/publication_admin.py)."""

    def __init__(self, problems, page=None):
        self.problems = [str(problem) for problem in problems]
        self.page_id = getattr(page, "pk", None)
        super().__init__(" ".join(self.problems))


class PublicationRules:
    """The publication rules of a page type; the defaults let everything
    through. Override the ones the type needs; the gate runs them on every
    path (module docstring)."""

    def publication_problems(self, user=None):
        """What stops this content going live, in words an editor acts on."""
        return []

    def publication_hold_message(self):
        """A message when an approved revision must wait instead of going
        live (hold_publication() then keeps it); None to go live."""
        return None

    def hold_publication(self, revision, user):
        """Keep `revision` to be published later (called when
        publication_hold_message() returned a message)."""

    def prepare_publication(self, revision):
        """Stamp what must be saved with the row going live (`revision` is
        None when a row becomes live without one)."""

    def after_publication(self, revision, user):
        """What follows a publication, on the live row."""


def problems_of(content, user=None):
    if not isinstance(content, PublicationRules):
        return []
    return [str(problem) for problem in content.publication_problems(user)]


def hold_message_of(content):
    return content.publication_hold_message() if isinstance(content, PublicationRules) else None


def _goes_live_now(content):
    return not (content.go_live_at and content.go_live_at > timezone.now())


def _cancel_schedule(revision):
    """A refused or held revision is not tried again by the next run of
    publish_scheduled."""
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)


def _refuse_scheduled(content, revision, user, problems):
    """Scheduled publishing runs unattended: cancel this schedule, say why in
    the page history, and let the other scheduled pages go live."""
    _cancel_schedule(revision)
    log(instance=content, action=REFUSED_ACTION, user=user, revision=revision, data={"problems": problems})
    logger.warning("Scheduled publication of page %s refused: %s", content.pk, " ".join(problems))


def gated_execute(action, skip_permission_checks=False):
    action.check(skip_permission_checks=skip_permission_checks)
    content, revision, user = action.object, action.revision, action.user
    if not isinstance(content, PublicationRules):
        return _original_execute(action, skip_permission_checks=True)
    with transaction.atomic():
        problems = problems_of(content, user)
        if problems:
            if action.log_action == SCHEDULED:
                _refuse_scheduled(content, revision, user, problems)
                return None
            raise PublicationRefused(problems, page=content)
        if hold_message_of(content) is not None:
            content.hold_publication(revision, user)
            _cancel_schedule(revision)
            return None
        if _goes_live_now(content):
            content.prepare_publication(revision)
        token = _publishing.set(_publishing.get() | {content.pk})
        try:
            result = _original_execute(action, skip_permission_checks=True)
        finally:
            _publishing.reset(token)
        live = type(content).objects.get(pk=content.pk)
        if live.live and live.live_revision_id == revision.pk:
            live.after_publication(revision, user)
    return result


@contextlib.contextmanager
def authorised(*page_ids):
    """Inside this block the listed pages' live rows may be written: for a
    step a publisher confirmed that is not a revision publication (turning
    a translation into an alias of its reviewed original)."""
    token = _publishing.set(_publishing.get() | set(page_ids))
    try:
        yield
    finally:
        _publishing.reset(token)


def keeps_live_row(page):
    """True when `page` is live and would be saved with content its live
    revision does not have, outside a publication. The live row then keeps
    what was published: the new content can only become a revision (so
    wagtail-localize's "save draft" of a live translation, which writes the
    text into the row before saving the revision, stays a draft)."""
    if not page.live or page.pk is None or page.alias_of_id or page.pk in _publishing.get():
        return False
    from cms.revisions import same_content

    live_revision_id = Page.objects.filter(pk=page.pk, live=True).values_list("live_revision_id", flat=True).first()
    if live_revision_id is None:
        return False
    live = Revision.objects.filter(pk=live_revision_id).values_list("content", flat=True).first()
    if live is None or same_content(type(page), live, page.serializable_data()):
        return False
    logger.warning("Live page %s kept as published: its new content waits in a revision", page.pk)
    return True


def guard_live_save(page):
    """For BasePage.save(): a row about to become live outside the gate gets
    the same rules. Returns a callable to run after the save (or None)."""
    if not page.live or page.pk in _publishing.get():
        return None
    if page.pk is not None and Page.objects.filter(pk=page.pk, live=True).exists():
        return None
    problems = problems_of(page)
    if problems:
        raise PublicationRefused(problems, page=page)
    page.prepare_publication(None)

    def after_save():
        page.after_publication(None, None)

    return after_save


_original_execute = PublishPageRevisionAction.execute


def install():
    """Called once from CmsConfig.ready()."""
    if PublishPageRevisionAction.execute is not gated_execute:
        PublishPageRevisionAction.execute = gated_execute


def refusal_text(error):
    return _("Not published: %(reasons)s") % {"reasons": " ".join(error.problems)}
