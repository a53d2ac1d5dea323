"""The supervision dashboard (督查考核): one row per department for a period.

Attribution (see docs/accountability.md):
- policy documents: each issuing department (`PolicyPage.issuers`);
- consultations: the consulting department, else the issuers of the draft
  policy (or of the policy of the draft interpretation);
- briefings: the departments of the spokespeople who spoke;
- letters and disclosure requests: the case's responsible department;
- surveys: the survey's department.
Every page is counted once per translation (by `translation_key`), and only
live pages count. Items with no department go to the "No department" row,
which only users who see every department are shown."""

import datetime
import statistics
from collections import defaultdict

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .departments import canonical_departments, department_keys

NO_DEPARTMENT = "none"

# (key, label, kind) in display order; kind "rate" is a percentage, "avg" a mean.
COLUMNS = [
    ("documents", _("Documents published"), "count"),
    ("major", _("Major policies"), "count"),
    ("major_same_day", _("…with interpretation the same day"), "count"),
    ("major_same_day_rate", _("Same-day interpretation rate %"), "rate"),
    ("consultations", _("Consultations held"), "count"),
    ("comments", _("Comments received"), "count"),
    ("outcomes_due", _("Outcomes due"), "count"),
    ("outcomes_on_time", _("Outcomes published on time"), "count"),
    ("letters", _("Letters received"), "count"),
    ("requests", _("Disclosure requests received"), "count"),
    ("answered", _("Answered"), "count"),
    ("on_time", _("Answered on time"), "count"),
    ("overdue", _("Overdue"), "count"),
    ("avg_days", _("Average working days"), "avg"),
    ("satisfaction", _("Satisfaction rate %"), "rate"),
    ("briefings", _("Briefings held"), "count"),
    ("survey_responses", _("Survey responses"), "count"),
    ("survey_score", _("Survey average score"), "avg"),
    ("survey_satisfaction", _("Survey satisfaction %"), "rate"),
]
COLUMN_KEYS = [key for key, _label, _kind in COLUMNS]


def outcome_days():
    """Days after a consultation closes within which its outcome must be published."""
    return getattr(settings, "ACCOUNTABILITY_OUTCOME_DAYS", 30)


def period_bounds(start, end):
    """Aware datetimes [start 00:00, day after end 00:00) in local time."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


class Attribution:
    """Maps pages and snippets to department translation_keys."""

    def __init__(self):
        self.dept_key = department_keys()

    def keys(self, dept_ids):
        keys = {self.dept_key[i] for i in dept_ids if i in self.dept_key}
        return keys or {NO_DEPARTMENT}

    def policy_issuers(self):
        """{policy translation_key: {dept keys}} over every locale's copy."""
        from policies.models import PolicyPage

        issuers = defaultdict(set)
        through = PolicyPage.issuers.through.objects.values_list("policypage__translation_key", "department_id")
        for policy_key, dept_id in through:
            if dept_id in self.dept_key:
                issuers[policy_key].add(self.dept_key[dept_id])
        return issuers


def _first_by_key(queryset, *fields):
    """One row per translation_key: the earliest first published."""
    rows = {}
    for row in queryset.order_by("first_published_at", "pk").values(
        "pk", "translation_key", "first_published_at", *fields
    ):
        rows.setdefault(row["translation_key"], row)
    return rows


def compute(start, end, today=None):
    """{department key: {column: value}} for the period [start, end] (dates)."""
    from briefings.models import BriefingPage, BriefingSpeaker
    from interactions.cases.models import Case, Channel, Rating
    from interactions.models import Comment, ConsultationOutcome, ConsultationPage
    from policies.models import InterpretationPage, PolicyPage

    from .models import SurveyResponse

    today = today or timezone.localdate()
    now = timezone.now()
    start_at, end_at = period_bounds(start, end)
    attr = Attribution()
    issuers = attr.policy_issuers()
    rows = defaultdict(lambda: defaultdict(int))

    # --- policy documents ----------------------------------------------------
    policies = _first_by_key(
        PolicyPage.objects.live().filter(published_on__gte=start, published_on__lte=end), "is_major", "published_on"
    )
    interpreted = {}
    for interp in (
        InterpretationPage.objects.live()
        .exclude(first_published_at=None)
        .values("policy__translation_key", "first_published_at")
    ):
        key, at = interp["policy__translation_key"], timezone.localdate(interp["first_published_at"])
        if key and (key not in interpreted or at < interpreted[key]):
            interpreted[key] = at
    for key, policy in policies.items():
        released = (
            timezone.localdate(policy["first_published_at"]) if policy["first_published_at"] else policy["published_on"]
        )
        same_day = key in interpreted and interpreted[key] <= released
        for dept in issuers.get(key) or {NO_DEPARTMENT}:
            rows[dept]["documents"] += 1
            if policy["is_major"]:
                rows[dept]["major"] += 1
                rows[dept]["major_same_day"] += int(same_day)

    # --- consultations -------------------------------------------------------------
    consultation_depts = {}
    consultation_pages = {}
    for page in (
        ConsultationPage.objects.live()
        .order_by("pk")
        .values(
            "pk",
            "translation_key",
            "department_id",
            "draft_policy__translation_key",
            "draft_interpretation__policy__translation_key",
        )
    ):
        policy_key = page["draft_policy__translation_key"] or page["draft_interpretation__policy__translation_key"]
        if page["department_id"] in attr.dept_key:
            depts = {attr.dept_key[page["department_id"]]}
        else:
            depts = issuers.get(policy_key) or {NO_DEPARTMENT}
        if consultation_depts.get(page["translation_key"], {NO_DEPARTMENT}) == {NO_DEPARTMENT}:
            consultation_depts[page["translation_key"]] = depts
        consultation_pages[page["pk"]] = page["translation_key"]
    all_consultations = {}
    for page in ConsultationPage.objects.live().order_by("pk").values("pk", "translation_key", "opens_at", "closes_at"):
        all_consultations.setdefault(page["translation_key"], page)
    outcomes = {}
    for outcome in ConsultationOutcome.objects.exclude(published_at=None).values(
        "page__translation_key", "published_at"
    ):
        key = outcome["page__translation_key"]
        if key not in outcomes or outcome["published_at"] < outcomes[key]:
            outcomes[key] = outcome["published_at"]
    for key, page in all_consultations.items():
        depts = consultation_depts[key]
        held = start_at <= page["opens_at"] < end_at
        due = start_at <= page["closes_at"] < end_at and page["closes_at"] <= now
        published = outcomes.get(key)
        on_time = bool(published and published <= page["closes_at"] + datetime.timedelta(days=outcome_days()))
        for dept in depts:
            rows[dept]["consultations"] += int(held)
            rows[dept]["outcomes_due"] += int(due)
            rows[dept]["outcomes_on_time"] += int(due and on_time)
    comments = Comment.objects.filter(
        page_id__in=list(consultation_pages), submitted_at__gte=start_at, submitted_at__lt=end_at
    )
    for page_id in comments.values_list("page_id", flat=True):
        for dept in consultation_depts[consultation_pages[page_id]]:
            rows[dept]["comments"] += 1

    # --- letters and disclosure requests ------------------------------------------
    days_taken = defaultdict(list)
    rated = defaultdict(int)
    satisfied = defaultdict(int)
    cases = Case.objects.filter(received_at__gte=start_at, received_at__lt=end_at).only(
        "channel", "department_id", "replied_at", "deadline", "status", "working_days_taken", "rating"
    )
    for case in cases:
        dept = attr.dept_key.get(case.department_id, NO_DEPARTMENT)
        row = rows[dept]
        row["requests" if case.channel == Channel.DISCLOSURE else "letters"] += 1
        if case.replied_at:
            row["answered"] += 1
            row["on_time"] += int(case.on_time)
            if case.working_days_taken is not None:
                days_taken[dept].append(case.working_days_taken)
        row["overdue"] += int(case.is_overdue(today))
        if case.rating:
            rated[dept] += 1
            satisfied[dept] += int(case.rating in (Rating.SATISFIED, Rating.BASICALLY))

    # --- briefings --------------------------------------------------------------------
    briefings = _first_by_key(
        BriefingPage.objects.live().filter(starts_at__gte=start_at, starts_at__lt=min(end_at, now))
    )
    speaker_depts = defaultdict(set)
    for page_key, dept_id in BriefingSpeaker.objects.exclude(spokesperson__department=None).values_list(
        "page__translation_key", "spokesperson__department_id"
    ):
        if dept_id in attr.dept_key:
            speaker_depts[page_key].add(attr.dept_key[dept_id])
    for key in briefings:
        for dept in speaker_depts.get(key) or {NO_DEPARTMENT}:
            rows[dept]["briefings"] += 1

    # --- social evaluation -------------------------------------------------------------
    scores = defaultdict(list)
    responses = SurveyResponse.objects.filter(submitted_at__gte=start_at, submitted_at__lt=end_at)
    for dept_id, overall in responses.values_list("survey__department_id", "overall"):
        scores[attr.dept_key.get(dept_id, NO_DEPARTMENT)].append(overall)

    # --- derived columns ----------------------------------------------------------------
    from .models import SATISFIED_MIN_SCORE

    for dept in set(rows) | set(scores):
        row = rows[dept]
        row["major_same_day_rate"] = rate(row["major_same_day"], row["major"])
        row["avg_days"] = round(statistics.mean(days_taken[dept]), 1) if days_taken[dept] else None
        row["satisfaction"] = rate(satisfied[dept], rated[dept])
        row["survey_responses"] = len(scores[dept])
        row["survey_score"] = round(statistics.mean(scores[dept]), 2) if scores[dept] else None
        row["survey_satisfaction"] = rate(sum(1 for s in scores[dept] if s >= SATISFIED_MIN_SCORE), len(scores[dept]))
    return rows


def table(start, end, visible=None, sort=None, descending=False, today=None):
    """Rows for display: [{"key", "department", values…}], filtered to the
    keys in `visible` (None: every department, plus "No department")."""
    figures = compute(start, end, today=today)
    result = []
    for dept in canonical_departments():
        if visible is not None and dept.translation_key not in visible:
            continue
        values = figures.get(dept.translation_key, {})
        result.append(
            {
                "key": str(dept.translation_key),
                "department": dept,
                "name": dept.name,
                **{k: _value(values, k) for k in COLUMN_KEYS},
            }
        )
    if visible is None and NO_DEPARTMENT in figures:
        values = figures[NO_DEPARTMENT]
        result.append(
            {
                "key": NO_DEPARTMENT,
                "department": None,
                "name": str(_("No department")),
                **{k: _value(values, k) for k in COLUMN_KEYS},
            }
        )
    if sort in COLUMN_KEYS or sort == "name":
        # Empty values, and the "No department" row when sorting by name, go last.
        present = [r for r in result if r[sort] is not None and not (sort == "name" and r["key"] == NO_DEPARTMENT)]
        missing = [r for r in result if r not in present]
        present.sort(key=lambda r: r[sort], reverse=descending)
        result = present + missing
    return result


def _value(values, key):
    kind = dict((k, kind) for k, _l, kind in COLUMNS)[key]
    if kind == "count":
        return values.get(key, 0)
    return values.get(key)
