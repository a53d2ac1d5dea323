"""The publication rules of policies and interpretations.

They run at the one point every publication passes (cms/publication.py),
called through the page models' publication_* methods, so no path skips
them (docs/workflow.md lists the paths and their tests):

* a policy needs an issuing authority (its code starts the index number);
* a major policy (is_major) goes live only with at least one approved
  interpretation, which is released in the same transaction with the same
  timestamp (同步解读);
* an interpretation of a major policy that is not live yet is *held*: its
  approved revision waits in PendingRelease and goes live with the policy;
* at first publication the policy gets its 发布日期 (unless the editor set
  one) and its index number (索引号); neither is erased by later versions;
* a public change note (修订说明) in the published revision is recorded;
* citations of document numbers in the body are re-read."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

# --- Index numbers -------------------------------------------------------------


def allocate_index_number(code, year):
    """The next `{code}/{YYYY}-{NNNNN}`. The counter row is locked until the
    surrounding transaction commits (SELECT … FOR UPDATE on PostgreSQL; on
    SQLite the IMMEDIATE transaction holds the database write lock), so two
    concurrent publications never get the same serial."""
    from .models import IndexNumberCounter

    with transaction.atomic():
        counter, _created = IndexNumberCounter.objects.select_for_update().get_or_create(
            department_code=code, year=year
        )
        IndexNumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        counter.refresh_from_db(fields=["last"])
    return f"{code}/{year}-{counter.last:05d}"


def index_department(policy):
    """The department whose code prefixes the index number: the first issuer
    of the content being published (the order they were linked in, where the
    page has been saved with them)."""
    from .models import PolicyPage

    issuers = list(policy.issuers.all())
    if not issuers:
        return None
    if policy.pk:
        ids = {department.pk for department in issuers}
        link = (
            PolicyPage.issuers.through.objects.filter(policypage_id=policy.pk, department_id__in=ids)
            .select_related("department")
            .order_by("pk")
            .first()
        )
        if link:
            return link.department
    return issuers[0]


def assign_index_number(policy):
    """Give `policy` its index number if it has none. A translation shares
    the number of the document it translates (same translation key)."""
    from .models import AssignedIndexNumber, PolicyPage

    if policy.index_number:
        return policy.index_number
    with transaction.atomic():
        assigned = AssignedIndexNumber.objects.filter(translation_key=policy.translation_key).first()
        if assigned is None:
            department = index_department(policy)
            year = (policy.published_on or timezone.localdate()).year
            assigned = AssignedIndexNumber.objects.create(
                number=allocate_index_number(department.code, year), translation_key=policy.translation_key
            )
        if policy.pk:
            PolicyPage.objects.filter(pk=policy.pk, index_number="").update(index_number=assigned.number)
    policy.index_number = assigned.number
    return assigned.number


# --- The same-time release gate --------------------------------------------------


def policy_is_major(policy):
    if policy.live:
        latest = policy.get_latest_revision_as_object() if policy.has_unpublished_changes else policy
        return policy.is_major or latest.is_major
    latest = policy.get_latest_revision()
    return (latest.as_object() if latest else policy).is_major


def ready_interpretations(policy):
    """Interpretations that satisfy the gate: live ones and held approved ones."""
    from .models import InterpretationPage, PendingRelease

    live = list(InterpretationPage.objects.live().filter(policy_id=policy.pk))
    held = [
        p.interpretation
        for p in PendingRelease.objects.filter(interpretation__policy_id=policy.pk).select_related("interpretation")
    ]
    return live + [p for p in held if p not in live]


def release_problems(content):
    """What stops `content` (a PolicyPage as it would be published) from going live."""
    from .models import InterpretationPage

    problems = []
    if not list(content.issuers.all()):
        problems.append(_("Choose at least one issuing authority: the index number starts with its department code."))
    if content.is_major and not ready_interpretations(content):
        waiting = [
            p.get_admin_display_title() for p in InterpretationPage.objects.filter(policy_id=content.pk, live=False)
        ]
        message = _(
            "“%(title)s” is a major policy and can only be published together with its interpretation (同步解读). "
            "Missing: an approved interpretation of this policy."
        ) % {"title": content.title}
        if waiting:
            message += " " + _(
                "Interpretations not yet approved: %(titles)s. Have one approved (published) first; it will then wait and go live with the policy."
            ) % {"titles": "、".join(f"“{t}”" for t in waiting)}
        else:
            message += " " + _(
                "No interpretation of it exists yet: add one under Policy interpretations and have it approved."
            )
        problems.append(message)
    return problems


def prepare_policy(content):
    """Stamps saved with the row that goes live: the 发布日期 (the editor's, an
    earlier publication's, or today) and the index number."""
    from .models import PolicyPage

    if not content.published_on and content.pk:
        content.published_on = PolicyPage.objects.filter(pk=content.pk).values_list("published_on", flat=True).first()
    if not content.published_on:
        content.published_on = timezone.localdate()
    assign_index_number(content)


def after_policy_publication(live, revision, user):
    from .citations import update_citations
    from .models import PolicyChange

    note = (live.change_note or "").strip()
    if revision is not None and note and not PolicyChange.objects.filter(revision=revision).exists():
        PolicyChange.objects.create(page=live, revision=revision, published_at=live.last_published_at, note=note)
    release_held_interpretations(live, user)
    update_citations(live)


def release_held_interpretations(policy, user):
    from .models import InterpretationPage, PendingRelease

    for pending in PendingRelease.objects.filter(interpretation__policy_id=policy.pk).select_related("revision"):
        interpretation_id = pending.interpretation_id
        first_time = (
            not InterpretationPage.objects.filter(pk=interpretation_id).exclude(first_published_at=None).exists()
        )
        pending.delete()
        pending.revision.publish(user=user, skip_permission_checks=True)
        stamps = {"last_published_at": policy.last_published_at}
        if first_time:
            stamps["first_published_at"] = policy.last_published_at
        InterpretationPage.objects.filter(pk=interpretation_id).update(**stamps)


def will_be_held(content):
    """True when publishing this interpretation must wait for its major policy."""
    policy = content.policy
    return bool(policy and not policy.live and policy_is_major(policy))


def interpretation_problems(content):
    if content.policy_id is None:
        return [_("Choose the policy document this interprets.")]
    return []


def hold_message(content):
    if content.policy_id is None or not will_be_held(content):
        return None
    return _(
        "“%(title)s” is approved. It will go live together with the major policy “%(policy)s” when that is published."
    ) % {
        "title": content.title,
        "policy": content.policy.title,
    }


def hold_interpretation(content, revision, user):
    from .models import PendingRelease

    PendingRelease.objects.update_or_create(
        interpretation_id=content.pk,
        defaults={"revision": revision, "approved_by": user, "approved_at": timezone.now()},
    )
    log(
        instance=content,
        action="policies.held_for_release",
        user=user,
        revision=revision,
        data={"policy": content.policy_id},
    )
