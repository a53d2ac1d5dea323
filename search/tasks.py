"""Background jobs of the search app (django-q2)."""

import logging

logger = logging.getLogger(__name__)

CATCH_UP_SCHEDULE = "search.catch_up"


def catch_up(limit=500):
    """Replay index operations the engine refused while it was down.
    Returns the number of items that went through."""
    from modelsearch.backends import get_search_backends
    from modelsearch.index import get_indexed_instance

    from .models import IndexBacklog

    done = 0
    for item in IndexBacklog.objects.select_related("content_type").order_by("updated_at")[:limit]:
        model = item.content_type.model_class()
        obj = model._default_manager.filter(pk=item.object_id).first() if model else None
        try:
            for backend in get_search_backends(with_auto_update=True):
                indexed = get_indexed_instance(obj) if obj is not None and item.action == "index" else None
                if indexed is not None:
                    backend.add(indexed)
                elif obj is not None:
                    backend.delete(obj)
        except Exception as error:
            # The backend recorded the item again; keep counting attempts.
            IndexBacklog.objects.filter(pk=item.pk).update(attempts=item.attempts + 1, error=str(error)[:500])
            logger.warning("Search index catch-up still failing for %s: %s", item, error)
            continue
        IndexBacklog.objects.filter(pk=item.pk, updated_at__lte=item.updated_at).delete()
        # A newer failure (recorded during this run) keeps its row.
        done += 1
    return done


def seed_schedules(apps):
    """Run catch_up every 5 minutes (idempotent; used by a migration and by
    cms.bootstrap after a flush)."""
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name=CATCH_UP_SCHEDULE,
        defaults={"func": "search.tasks.catch_up", "schedule_type": "I", "minutes": 5, "repeats": -1},
    )
