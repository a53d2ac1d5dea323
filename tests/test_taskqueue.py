"""Wagtail's django-tasks jobs run through django-q2: one queue."""

import pytest
from django_q.models import Success
from wagtail.models import ReferenceIndex

from cms.demo import ensure_page
from policies.models import InterpretationIndexPage, InterpretationPage, PolicyIndexPage, PolicyPage
from tests.tasks import record_call


@pytest.mark.django_db
def test_django_tasks_job_is_run_by_django_q2(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = record_call.enqueue("hello")
    assert result.backend == "default"
    success = Success.objects.get(name__startswith="tests.tasks.record_call")
    assert success.result == "recorded hello"


@pytest.mark.django_db
def test_wagtail_reference_index_is_updated_through_the_queue(home, department, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        policies, _ = ensure_page(home, PolicyIndexPage, "policies", title="政策文件")
        interpretations, _ = ensure_page(home, InterpretationIndexPage, "interpretations", title="政策解读")
        policy, _ = ensure_page(policies, PolicyPage, "p", title="文件", issuers=[department])
        interpretation, _ = ensure_page(interpretations, InterpretationPage, "i", title="解读", policy=policy)
    assert Success.objects.filter(name__startswith="wagtail.tasks.update_reference_index_task").exists()
    assert ReferenceIndex.get_references_to(policy).filter(object_id=str(interpretation.pk)).exists()


@pytest.mark.django_db
def test_job_is_not_queued_when_the_transaction_rolls_back():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record_call.enqueue("never")
        raise RuntimeError("rollback")
    assert not Success.objects.filter(name__startswith="tests.tasks.record_call").exists()
