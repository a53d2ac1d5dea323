"""A django-tasks backend that hands Wagtail's jobs to django-q2.

Wagtail 8 enqueues its own work (search indexing, the reference index,
image renditions, file deletion) through django-tasks. Routing it here keeps
one queue and one worker process (`manage.py qcluster`) for everything.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.tasks import async_task
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

logger = logging.getLogger(__name__)


def run_task(module_path, args, kwargs):
    """Executed by the django-q2 worker: look the task up again and call it."""
    task = import_string(module_path)
    return task.call(*args, **kwargs)


class DjangoQ2Backend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = False

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

        def hand_over():
            async_task(
                "cms.taskqueue.run_task",
                task.module_path,
                list(args),
                dict(kwargs),
                task_name=f"{task.module_path}:{result.id}",
                group=task.queue_name,
            )

        # Queue only once the data the task reads is committed; a rolled-back
        # publish must not leave an index job behind.
        transaction.on_commit(hand_over, robust=True)
        return result
