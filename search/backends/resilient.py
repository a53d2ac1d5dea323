"""A search engine that is down must never block publishing.

modelsearch already catches and logs indexing errors for external engines
(`catch_indexing_errors`), so the page is published anyway. This mixin also
writes each failed operation to `IndexBacklog`; the scheduled
`search.tasks.catch_up` replays it once the engine is back."""

import logging

logger = logging.getLogger(__name__)


def record_failure(action, obj, error):
    from django.contrib.contenttypes.models import ContentType

    from ..models import IndexBacklog

    try:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        IndexBacklog.objects.update_or_create(
            content_type=content_type,
            object_id=str(obj.pk),
            defaults={"action": action, "error": str(error)[:500]},
        )
    except Exception:  # the database may be the thing that failed
        logger.exception("Could not record a failed search-index %s of %r", action, obj)


class RecordFailuresMixin:
    catch_indexing_errors = True

    def add(self, obj):
        try:
            super().add(obj)
        except Exception as error:
            record_failure("index", obj, error)
            raise

    def add_bulk(self, model, obj_list):
        obj_list = list(obj_list)
        try:
            super().add_bulk(model, obj_list)
        except Exception as error:
            for obj in obj_list:
                record_failure("index", obj, error)
            raise

    def delete(self, obj):
        try:
            super().delete(obj)
        except Exception as error:
            record_failure("delete", obj, error)
            raise
