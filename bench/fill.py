"""Bulk data for the benchmarks: live pages inserted in batches, bypassing page
creation and publishing (which the import benchmark measures on its own), so
the benchmarks measure reading at full size. Runs inside a Django process."""

import datetime

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BATCH = 1000


def base36(n, width=4):
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = DIGITS[r] + out
    return out.rjust(width, "0")


def _bulk_children(parent, model, count, make_title, slug_prefix, fill):
    """Insert `count` live children of `model` under `parent`; `fill(page, n)`
    sets the model's own fields. Returns the new primary keys in order."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    local_fields = list(model._meta.local_concrete_fields)
    page_fields = [f.attname for f in Page._meta.concrete_fields]
    now = timezone.now()
    position = parent.numchild
    created = []
    while len(created) < count:
        rows = []
        for _ in range(min(BATCH, count - len(created))):
            position += 1
            title = make_title(position)
            rows.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=f"{slug_prefix}-{position}",
                    path=parent.path + base36(position),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{slug_prefix}-{position}/",
                    live=True,
                    content_type=content_type,
                    locale_id=parent.locale_id,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
        rows = Page.objects.bulk_create(rows)
        specific = []
        for row in rows:
            page = model(**{name: getattr(row, name) for name in page_fields})
            page.page_ptr_id = row.pk
            fill(page, row.pk)
            specific.append(page)
        model._base_manager._insert(specific, fields=local_fields, raw=True)
        created += [row.pk for row in rows]
    Page.objects.filter(pk=parent.pk).update(numchild=position)
    return created


def bulk_policies(
    index, count, departments, *, interpretation_index=None, kinds=("normative", "notice", "plan", "measures")
):
    """`count` live policies under `index`, each issued by one of
    `departments`; with `interpretation_index`, each also gets a live
    interpretation (同步解读) there. Returns the policies' primary keys."""
    from policies.models import InterpretationPage, PolicyPage

    def fill_policy(policy, pk):
        policy.published_on = datetime.date(2020 + pk % 7, 1 + pk % 12, 1 + pk % 28)
        policy.kind = kinds[pk % len(kinds)]
        policy.body = []

    policy_ids = _bulk_children(index, PolicyPage, count, lambda n: f"批量政策文件{n}", "bulk", fill_policy)
    through = PolicyPage.issuers.through
    for start in range(0, len(policy_ids), BATCH):
        through.objects.bulk_create(
            [
                through(policypage_id=pk, department=departments[pk % len(departments)])
                for pk in policy_ids[start : start + BATCH]
            ]
        )
    if interpretation_index is not None:
        targets = iter(policy_ids)

        def fill_interpretation(page, _pk):
            page.policy_id = next(targets)
            page.body = []

        _bulk_children(
            interpretation_index,
            InterpretationPage,
            count,
            lambda n: f"批量政策解读{n}",
            "bulk-qa",
            fill_interpretation,
        )
    return policy_ids


def analyze():
    """Table statistics after a bulk load, as autovacuum (PostgreSQL) would
    gather within a minute; without them the planner guesses badly."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def staff_user(username, group_name):
    """A user in one of the role groups (made once), for scripted admin requests."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model().objects.create_user(username, password="x")  # noqa: S106 - benchmark database only
        user.groups.add(Group.objects.get(name=group_name))
    return user
