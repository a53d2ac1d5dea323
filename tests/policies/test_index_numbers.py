"""索引号: `{department code}/{YYYY}-{NNNNN}`, assigned at first publication,
sequential per department and year, unique under concurrent publication and
never changed afterwards."""

import datetime
import threading

import pytest
from django.db import connection
from wagtail.models import Page

from cms.demo import publish
from policies.models import IndexNumberCounter, PolicyPage


def test_assigned_at_first_publication_in_sequence(make_policy, department, other_department):
    draft = make_policy(live=False, published_on=datetime.date(2026, 3, 1))
    assert draft.index_number == ""
    first = make_policy(published_on=datetime.date(2026, 3, 1))
    second = make_policy(published_on=datetime.date(2026, 5, 1))
    other = make_policy(published_on=datetime.date(2026, 5, 1), issuers=[other_department])
    last_year = make_policy(published_on=datetime.date(2025, 12, 31))
    assert first.index_number == "SJYJ/2026-00001"
    assert second.index_number == "SJYJ/2026-00002"
    assert other.index_number == "SWJW/2026-00001"
    assert last_year.index_number == "SJYJ/2025-00001"
    publish(draft)
    draft.refresh_from_db()
    assert draft.index_number == "SJYJ/2026-00003"


def test_publication_date_filled_in_when_empty(make_policy):
    policy = make_policy()
    assert policy.published_on is not None
    assert policy.index_number.endswith(f"/{policy.published_on.year}-00001")


def test_never_changes_on_edit_move_unpublish_or_revert(make_policy, policy_index, home):
    policy = make_policy(published_on=datetime.date(2026, 3, 1))
    number = policy.index_number
    first_revision = policy.live_revision

    policy.title = "修改后的标题"
    publish(policy)
    policy.refresh_from_db()
    assert policy.index_number == number

    policy.unpublish()
    publish(PolicyPage.objects.get(pk=policy.pk))
    assert PolicyPage.objects.get(pk=policy.pk).index_number == number

    # Republishing a revision saved before the number existed keeps the number.
    first_revision.publish()
    assert PolicyPage.objects.get(pk=policy.pk).index_number == number

    other_index = policy_index.copy(update_attrs={"slug": "policies-2", "title": "其他"}, recursive=False)
    Page.objects.get(pk=policy.pk).move(other_index, pos="last-child")
    moved = PolicyPage.objects.get(pk=policy.pk)
    assert moved.get_parent().pk == other_index.pk
    assert moved.index_number == number
    assert IndexNumberCounter.objects.get(department_code="SJYJ", year=2026).last == 1


def test_copies_get_their_own_number_and_translations_share_it(make_policy, locales):
    policy = make_policy(published_on=datetime.date(2026, 3, 1))
    copy = policy.copy(update_attrs={"slug": "policy-copy"}, keep_live=False)
    copy = PolicyPage.objects.get(pk=copy.pk)
    assert copy.index_number == ""
    publish(copy)
    assert PolicyPage.objects.get(pk=copy.pk).index_number == "SJYJ/2026-00002"

    translation = policy.copy_for_translation(locales["en"], copy_parents=True)
    publish(PolicyPage.objects.get(pk=translation.pk))
    assert PolicyPage.objects.get(pk=translation.pk).index_number == policy.index_number


def test_the_admin_cannot_edit_it(client, superuser, make_policy):
    policy = make_policy()
    client.force_login(superuser)
    html = client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert policy.index_number in html
    assert 'name="index_number"' not in html


@pytest.mark.django_db(transaction=True)
def test_unique_under_concurrent_publication(home, locales, department):
    """Threads publish at the same moment, each on its own connection."""
    from policies.models import PolicyIndexPage

    index = PolicyIndexPage(title="政策文件", slug="policies")
    home.add_child(instance=index)
    publish(index)
    pages = []
    for n in range(8):
        page = PolicyPage(title=f"并发{n}", slug=f"concurrent-{n}", live=False, published_on=datetime.date(2026, 7, 1))
        index.add_child(instance=page)
        page.issuers.set([department])
        page.save_revision()
        pages.append(page.pk)

    barrier = threading.Barrier(len(pages))
    errors = []

    def worker(pk):
        try:
            barrier.wait(timeout=10)
            page = PolicyPage.objects.get(pk=pk)
            page.get_latest_revision().publish()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(PolicyPage.objects.filter(pk__in=pages).values_list("index_number", flat=True))
    assert numbers == [f"SJYJ/2026-{n:05d}" for n in range(1, len(pages) + 1)]
