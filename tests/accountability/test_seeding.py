"""The monitoring schedule, the monitors' group and the role permissions are
seeded by migration and re-seeded after a flush (the registered seeders (cms/sections.register_seeder))."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django_q.models import Schedule

from accountability.seeding import seed
from accountability.tasks import MONITOR_GROUP, SCHEDULE_FUNC, SCHEDULE_NAME
from cms import roles


def check():
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert schedule.func == SCHEDULE_FUNC and schedule.schedule_type == Schedule.HOURLY
    assert Group.objects.get(name=MONITOR_GROUP).permissions.filter(codename="change_opinionalert").exists()
    assert (
        Group.objects.get(name=roles.SITE_ADMINISTRATORS).permissions.filter(codename="view_all_departments").exists()
    )


def test_seeded_by_migration(db):
    check()


def test_seeding_is_idempotent(db):
    seed(apps)
    seed(apps)
    assert Schedule.objects.filter(name=SCHEDULE_NAME).count() == 1
    check()


@pytest.mark.django_db(transaction=True)
def test_reseeded_after_a_flush():
    check()
