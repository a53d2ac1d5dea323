"""Scheduled work (django-q2). `sync_consultation_phases` runs every minute so
consultations open and close by themselves: the stored `phase` (used by
listings and the API) follows the clock without anyone re-saving the page.
The comment form itself always decides from the clock."""

import logging

from django.utils import timezone

logger = logging.getLogger(__name__)

SCHEDULE_NAME = "interactions: open and close consultations"
SCHEDULE_FUNC = "interactions.tasks.sync_consultation_phases"


def sync_consultation_phases():
    from .models import ConsultationPage

    now = timezone.now()
    changed = 0
    for page in ConsultationPage.objects.only("pk", "opens_at", "closes_at", "phase"):
        phase = page.status_at(now)
        if phase != page.phase:
            # update(), not save(): no new revision, no workflow, nothing for editors to review.
            ConsultationPage.objects.filter(pk=page.pk).update(phase=phase)
            logger.info("Consultation %s is now %s", page.pk, phase)
            _purge(page.pk)
            changed += 1
    return changed


def _purge(page_id):
    """The page (now open, or closed), its listing and the home page show the
    phase: drop their cached copies here and at a CDN, as a publish would.
    Each translation is a row of its own in the loop above and is purged there."""
    from cms import pagecache

    from .models import ConsultationPage

    try:
        pagecache.purge_page(ConsultationPage.objects.get(pk=page_id))
    except Exception:
        logger.exception("Could not purge the cache for consultation %s", page_id)
