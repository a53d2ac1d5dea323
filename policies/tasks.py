"""Scheduled work of the policies app (run by django-q2)."""

import datetime

from django.utils import timezone
from wagtail.log_actions import log

SCHEDULE_NAME = "policies.expire_policies"


def expire_policies(today=None):
    """Flip valid → expired for documents whose expiry date has come.
    The live row and the latest revisions are updated, so a later edit starts
    from "expired" too. Returns the number of documents expired."""
    from .models import PolicyPage, Validity

    today = today or timezone.localdate()
    due = list(PolicyPage.objects.filter(validity=Validity.VALID, expires_on__lte=today))
    for policy in due:
        PolicyPage.objects.filter(pk=policy.pk).update(validity=Validity.EXPIRED)
        for revision in policy.revisions.order_by("-created_at")[:2]:
            if revision.content.get("validity") == Validity.VALID:
                revision.content["validity"] = Validity.EXPIRED
                revision.save(update_fields=["content"])
        log(instance=policy, action="policies.expired", data={"expires_on": policy.expires_on.isoformat()})
    return len(due)


def seed_schedules(apps):
    """The daily expiry run; safe to call again (RunPython and cms.bootstrap)."""
    Schedule = apps.get_model("django_q", "Schedule")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    next_run = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(0, 10)))
    Schedule.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": "policies.tasks.expire_policies",
            "schedule_type": "D",
            "repeats": -1,
            "next_run": next_run,
        },
    )


def unseed_schedules(apps):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()
