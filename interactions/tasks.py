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
            changed += 1
    return changed
