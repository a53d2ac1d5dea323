from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import HolidaySchedule


@receiver(post_save, sender=HolidaySchedule)
@receiver(post_delete, sender=HolidaySchedule)
def schedule_changed(sender, instance, **kwargs):
    """A year's schedule arrived or changed: recompute provisional deadlines."""
    from .services import recompute_provisional_deadlines

    recompute_provisional_deadlines()
