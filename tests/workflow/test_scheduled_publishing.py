"""Scheduled publishing without cron: the django-q2 schedule seeded by the
migration runs Wagtail's publish_scheduled."""

import datetime

import pytest
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import Page

from cms.workflow.seeding import SCHEDULE_NAME

from .helpers import act, attest, submit

pytestmark = pytest.mark.django_db


def test_schedule_is_seeded_every_minute():
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert schedule.func == "cms.workflow.jobs.publish_scheduled"
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 1
    assert schedule.repeats < 0


def test_approved_page_goes_live_when_the_schedule_runs(draft, people, login):
    go_live = timezone.now() + datetime.timedelta(hours=1)
    page = Page.objects.get(pk=draft.pk).specific
    page.go_live_at = go_live
    page.save_revision(user=people["editor"])
    submit(login(people["editor"]), draft)
    # The admin form posted back our go_live_at; make sure it survived.
    assert Page.objects.get(pk=draft.pk).specific.get_latest_revision_as_object().go_live_at is not None
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest())
    act(login(people["leader"]), draft, "approve", comment="同意，按时发布")
    page = Page.objects.get(pk=draft.pk)
    assert not page.live  # approved, waiting for its time
    revision = page.get_latest_revision()
    assert revision.approved_go_live_at is not None

    # An hour passes (moved back in the revision rather than the clock
    # forward); django-q2's scheduler then runs our due schedule, synchronously
    # in tests. Other apps' schedules are not due.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    Schedule.objects.exclude(name=SCHEDULE_NAME).update(next_run=timezone.now() + datetime.timedelta(days=1))
    Schedule.objects.filter(name=SCHEDULE_NAME).update(next_run=timezone.now() - datetime.timedelta(seconds=5))
    from django_q.brokers import get_broker
    from django_q.scheduler import scheduler

    scheduler(broker=get_broker())
    assert Page.objects.get(pk=draft.pk).live
    assert Schedule.objects.get(name=SCHEDULE_NAME).next_run > timezone.now()
