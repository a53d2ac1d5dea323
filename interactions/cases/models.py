"""One case system for every channel: mayor's mailbox letters (市长信箱),
disclosure requests (依申请公开) and cases staff enter from the hotline.

The citizen's contact details are private: they are shown in the admin to
Case handlers and never on a public page. What the public sees of a case
comes from `public_timeline()` and, with consent, the masked answer."""

import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import workdays

LETTER_TERM_DAYS = 15
DISCLOSURE_TERM_DAYS = 20
MAX_EXTENSION_DAYS = 20
# Working days the applicant has to send a correction (补正) before the
# request is treated as withdrawn (条例第三十条); settings.CASES_CORRECTION_DAYS
# overrides it, a handler may give another period per request. See docs/cases.md.
CORRECTION_DAYS = 15
MAX_CORRECTION_DAYS = 60


def correction_days():
    return getattr(settings, "CASES_CORRECTION_DAYS", CORRECTION_DAYS)


class Channel(models.TextChoices):
    LETTER = "letter", _("Mayor's mailbox")
    DISCLOSURE = "disclosure", _("Disclosure request")
    HOTLINE = "hotline", _("Hotline call")
    OTHER = "other", _("Other channel")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    CORRECTION = "correction", _("Waiting for the applicant's correction")
    ASSIGNED = "assigned", _("Assigned to a department")
    REVIEW = "review", _("Reply under review")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Case closed")


OPEN_STATUSES = [Status.RECEIVED, Status.ACCEPTED, Status.CORRECTION, Status.ASSIGNED, Status.REVIEW]
ANSWERED_STATUSES = [Status.REPLIED, Status.CLOSED]


class RequesterType(models.TextChoices):
    NATURAL_PERSON = "natural", _("Natural person")
    ORGANISATION = "organisation", _("Legal person or other organisation")


class Outcome(models.TextChoices):
    """Answer types of 条例 Articles 36-39, as counted in the annual report."""

    DISCLOSED = "disclosed", _("Disclosed")
    PARTLY_DISCLOSED = "partly", _("Partly disclosed")
    NOT_DISCLOSED = "not_disclosed", _("Not disclosed")
    NOT_EXIST = "not_exist", _("Information does not exist")
    NOT_OUR_REMIT = "not_remit", _("Not within this office's remit")
    NOT_PROCESSED = "not_processed", _("Not processed")
    # 条例第三十条: no correction within the stated period, the request is
    # treated as withdrawn (annual report: 其他处理 → 申请人无正当理由逾期不补正).
    NO_CORRECTION = "no_correction", _("Treated as withdrawn: not corrected in time")
    OTHER = "other", _("Other handling")


# The shorter name some callers use; not a separate choice.
Outcome.NOT_REMIT = Outcome.NOT_OUR_REMIT


class LegalGround(models.TextChoices):
    """Grounds for withholding, in the annual report's wording."""

    STATE_SECRET = "state_secret", _("State secret")
    LAW_FORBIDS = "law_forbids", _("Disclosure forbidden by law or administrative regulation")
    SAFETY = "safety", _("Endangers the 'three securities and one stability'")
    THIRD_PARTY = "third_party", _("Harms third-party rights")
    INTERNAL = "internal", _("Internal affairs information")
    PROCESS = "process", _("Process information")
    ENFORCEMENT = "enforcement", _("Administrative enforcement case file")
    INQUIRY = "inquiry", _("Administrative inquiry matter")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Supervision(models.TextChoices):
    NONE = "", _("Not supervised")
    OPEN = "open", _("Under supervision")
    RESOLVED = "resolved", _("Supervision resolved")


class ExtensionState(models.TextChoices):
    NONE = "", _("No extension")
    REQUESTED = "requested", _("Extension requested")
    APPROVED = "approved", _("Extension approved")
    REFUSED = "refused", _("Extension refused")


class Category(models.Model):
    """What a case is about; letters' term in working days can differ per category."""

    name = models.CharField(pgettext_lazy("object", "name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    term_days = models.PositiveSmallIntegerField(
        _("term in working days"),
        default=LETTER_TERM_DAYS,
        help_text=_("Working days to reply to a letter in this category."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("offered on the public form"), default=True)

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


DATE_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|~|至)\s*(\d{4}-\d{2}-\d{2}))?")


def parse_dates(text):
    """Dates from lines like '2027-02-06..2027-02-12 春节' or '2027-02-14'."""
    dates = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = DATE_LINE.match(line)
        if not match:
            raise ValueError(
                _("Line %(n)s is not a date or a date range: %(line)s") % {"n": number, "line": line.strip()}
            )
        first = datetime.date.fromisoformat(match.group(1))
        last = datetime.date.fromisoformat(match.group(2)) if match.group(2) else first
        if last < first:
            raise ValueError(_("Line %(n)s ends before it starts.") % {"n": number})
        while first <= last:
            dates.add(first)
            first += datetime.timedelta(days=1)
    return dates


class HolidaySchedule(models.Model):
    """The official holiday schedule of one year, entered from the State
    Council's notice. It takes precedence over the chinesecalendar package."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    holidays = models.TextField(
        _("holidays"),
        help_text=_(
            "One date or range per line, e.g. '2027-02-06..2027-02-12 Spring Festival'. Weekends inside a holiday may be listed or not."
        ),
    )
    workdays = models.TextField(
        _("make-up working days"),
        blank=True,
        help_text=_("Weekend days that are working days (调休上班), one per line."),
    )
    source = models.URLField(_("source"), blank=True, help_text=_("Link to the State Council notice."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def holiday_dates(self):
        return parse_dates(self.holidays)

    def workday_dates(self):
        return parse_dates(self.workdays)

    def clean(self):
        errors = {}
        for name in ("holidays", "workdays"):
            try:
                dates = parse_dates(getattr(self, name))
            except ValueError as error:
                errors[name] = str(error)
                continue
            if self.year and any(day.year != self.year for day in dates):
                errors[name] = _("Every date must be in %(year)s.") % {"year": self.year}
        if errors:
            raise ValidationError(errors)


class ScheduleAlert(models.Model):
    """One alert per year without a schedule, so administrators are told once."""

    year = models.PositiveSmallIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("missing holiday schedule alert")

    def __str__(self):
        return str(self.year)


class DepartmentHandler(models.Model):
    """A staff member who handles cases for a department (承办人)."""

    department = models.ForeignKey(
        "cms.Department", on_delete=models.CASCADE, related_name="case_handlers", verbose_name=_("department")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_departments", verbose_name=_("user")
    )

    class Meta:
        verbose_name = _("department case handler")
        verbose_name_plural = _("department case handlers")
        constraints = [
            models.UniqueConstraint(fields=["department", "user"], name="unique_case_handler_per_department")
        ]

    def __str__(self):
        return f"{self.user} · {self.department}"


def local_private_storage():
    return FileSystemStorage(location=getattr(settings, "CASES_PRIVATE_ROOT", settings.VAR_DIR / "private" / "cases"))


def private_storage():
    """Attachments live outside MEDIA_ROOT (or in the private bucket): they
    are only served to handlers."""
    from cms.assets.storage import PrivateFiles

    return PrivateFiles("cases", local_private_storage)


def attachment_path(instance, filename):
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def published(self):
        """Answers on the public list: consented, not withheld, and their
        masked public copy approved by a second person (publish_answer)."""
        return self.filter(
            consent_publish=True,
            withhold_publication=False,
            status__in=ANSWERED_STATUSES,
            published_at__isnull=False,
            replied_at__isnull=False,
        )

    def awaiting_publication(self):
        """Answers the citizen agreed to publish whose public copy nobody has approved yet."""
        return self.filter(
            consent_publish=True,
            withhold_publication=False,
            status__in=ANSWERED_STATUSES,
            replied_at__isnull=False,
            published_at__isnull=True,
        )


class Case(models.Model):
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT)
    subject = models.CharField(pgettext_lazy("case", "subject"), max_length=200)
    body = models.TextField(pgettext_lazy("case", "content"), max_length=5000)

    # Private contact: never shown on a public page.
    contact_name = models.CharField(pgettext_lazy("person", "name"), max_length=80)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_address = models.CharField(_("postal address"), max_length=200, blank=True)
    requester_type = models.CharField(_("requester type"), max_length=20, choices=RequesterType.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    consent_publish = models.BooleanField(_("reply may be published"), default=False)
    # The language the citizen wrote in: their e-mails are written in it.
    language = models.CharField(max_length=10, blank=True, editable=False)

    # interactions.tracking: only the SHA-256 digest of the code is stored.
    tracking_digest = models.CharField(_("tracking code digest"), max_length=64, unique=True, editable=False)
    password_hash = models.CharField(max_length=200, editable=False)
    # SHA-256 of the form's submission key: the same form posted twice (a
    # double click, a retry) is one case. The key itself is never stored.
    submission_digest = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    department = models.ForeignKey(
        "cms.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Deadline in working days.
    term_days = models.PositiveSmallIntegerField(_("term in working days"), default=LETTER_TERM_DAYS)
    extension_days = models.PositiveSmallIntegerField(_("extension in working days"), default=0)
    extension_state = models.CharField(
        _("extension"), max_length=20, choices=ExtensionState.choices, blank=True, default=""
    )
    extension_requested_days = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_provisional = models.BooleanField(_("provisional deadline"), default=False)
    correction_request = models.TextField(_("what needs correcting"), blank=True)
    correction_due = models.DateField(_("correction due by"), null=True, blank=True)
    correction_answer = models.TextField(_("applicant's correction"), blank=True)

    # The reply: drafted by one handler, approved by another, then sent.
    reply = models.TextField(_("reply"), blank=True)
    outcome = models.CharField(_("disclosure outcome"), max_length=20, choices=Outcome.choices, blank=True)
    legal_ground = models.CharField(_("legal ground"), max_length=20, choices=LegalGround.choices, blank=True)
    reply_drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    working_days_taken = models.PositiveSmallIntegerField(_("working days taken"), null=True, blank=True)
    # Masked copies, written when the reply is sent: the public list reads and
    # searches only these, so a search for a phone number finds nothing.
    public_subject = models.CharField(max_length=200, blank=True, editable=False)
    public_body = models.TextField(blank=True, editable=False)
    public_reply = models.TextField(blank=True, editable=False)
    # The second person's approval of the public copy, as previewed: until
    # then a consented answer is not public (issue 20, defect 3).
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    publication_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withhold_publication = models.BooleanField(
        _("do not publish"),
        default=False,
        help_text=_("Keep this answer off the public list even though the citizen consented."),
    )

    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True, max_length=1000)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    supervision = models.CharField(_("supervision"), max_length=20, choices=Supervision.choices, blank=True, default="")
    supervision_reason = models.CharField(_("supervision reason"), max_length=200, blank=True)
    supervision_opened_at = models.DateTimeField(null=True, blank=True)
    due_soon_notified_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["department", "received_at"]),
            # The handlers' list is ordered by deadline: read in index order, stop after a page.
            models.Index(fields=["deadline", "received_at", "id"], name="cases_list_by_deadline"),
        ]

    def __str__(self):
        return f"{self.reference} {self.subject}"

    @property
    def reference(self):
        prefix = {"letter": "XX", "disclosure": "YS", "hotline": "RX"}.get(self.channel, "QT")
        return f"{prefix}{timezone.localtime(self.received_at):%Y}-{self.pk or 0:06d}"

    @property
    def received_on(self):
        return timezone.localtime(self.received_at).date()

    @property
    def replied_on(self):
        return timezone.localtime(self.replied_at).date() if self.replied_at else None

    def clean(self):
        if self.outcome == Outcome.NOT_DISCLOSED and not self.legal_ground:
            raise ValidationError({"legal_ground": _("Give the legal ground for not disclosing.")})

    def pauses(self):
        return [(p.started_on, p.ended_on) for p in self.correction_pauses.all()]

    @property
    def is_paused(self):
        return self.correction_pauses.filter(ended_on__isnull=True).exists()

    @property
    def term_start(self):
        """The day the term runs from: receipt, or (条例第三十条) the day the
        last requested correction was received: the term then starts again."""
        ended = [end for _start, end in self.pauses() if end is not None]
        return max(ended) if ended else self.received_on

    def compute_deadline(self, calendar=None):
        pauses = self.pauses()
        if any(end is None for _start, end in pauses):
            return workdays.Deadline(None)  # waiting for the correction: no term runs
        ended = [end for _start, end in pauses]
        start = max(ended) if ended else self.received_on
        return workdays.add_working_days(start, self.term_days + self.extension_days, (), calendar)

    def recompute_deadline(self, calendar=None, save=True):
        result = self.compute_deadline(calendar)
        self.deadline, self.deadline_provisional = result.date, result.provisional
        if save and self.pk:
            Case.objects.filter(pk=self.pk).update(
                deadline=self.deadline, deadline_provisional=self.deadline_provisional
            )
        return result

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        if not self.deadline:
            return False
        if self.replied_on:
            return self.replied_on > self.deadline
        return self.is_open and today > self.deadline

    @property
    def on_time(self):
        return bool(self.replied_on and self.deadline and self.replied_on <= self.deadline)

    def mask_for_publication(self, save=True):
        from .masking import mask

        self.public_subject = mask(self, self.subject)[:200]
        self.public_body = mask(self, self.body)
        self.public_reply = mask(self, self.reply)
        if save:
            self.save(update_fields=["public_subject", "public_body", "public_reply"])

    def public_timeline(self):
        return [event for event in self.events.all() if event.public]


class CasePause(models.Model):
    """A correction request (补正): the clock stops until the applicant answers."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="correction_pauses")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on"]

    def __str__(self):
        return f"{self.started_on} – {self.ended_on or '…'}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self):
        return self.original_name


class Event(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    CORRECTION_RECEIVED = "correction_received", _("Correction received")
    ASSIGNED = "assigned", _("Assigned to a department")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENDED = "extended", _("Deadline extended")
    EXTENSION_REFUSED = "extension_refused", _("Extension refused")
    REPLY_DRAFTED = "reply_drafted", _("Reply drafted")
    REPLY_RETURNED = "reply_returned", _("Reply returned for changes")
    REPLIED = "replied", _("Replied")
    RATED = "rated", _("Rated")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    SUPERVISION_OPENED = "supervision_opened", _("Under supervision")
    SUPERVISION_RESOLVED = "supervision_resolved", _("Supervision resolved")
    DEADLINE_RECOMPUTED = "deadline_recomputed", _("Deadline recomputed")
    NOTE = "note", _("Internal note")
    CLOSED = "closed", _("Case closed")
    WITHDRAWN = "withdrawn", _("Treated as withdrawn")
    NEW_REPLY = "new_reply", _("New reply")
    PUBLISHED = "published", _("Answer published on the website")


PUBLIC_EVENTS = {
    Event.RECEIVED,
    Event.ACCEPTED,
    Event.CORRECTION_REQUESTED,
    Event.CORRECTION_RECEIVED,
    Event.ASSIGNED,
    Event.EXTENDED,
    Event.REPLIED,
    Event.RATED,
    Event.SUPERVISION_OPENED,
    Event.CLOSED,
    Event.DEADLINE_RECOMPUTED,
    Event.SUPERVISION_RESOLVED,
    Event.WITHDRAWN,
    Event.NEW_REPLY,
    Event.PUBLISHED,
}


class CaseEvent(models.Model):
    """Every step of a case, in order. `public` events (with their
    `public_message`) form the citizen's timeline; `detail` stays internal."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Event.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public = models.BooleanField(default=False)
    public_message = models.TextField(blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class CaseMail(models.Model):
    """One outgoing e-mail about cases (an outbox row).

    `services.send()` writes the row and queues `services.deliver_mail`;
    delivery claims the row by setting `sent_at` before sending, so a task
    django-q2 hands out again (a worker killed mid-task) sends nothing twice.
    Holds e-mail addresses and, until it is sent, the body. Never a tracking
    code or password: the receipt is stored with both replaced by a
    stand-in and sent from memory (`services.send(..., withheld=...)`)."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case e-mail")
        verbose_name_plural = _("case e-mails")

    def __str__(self):
        return self.subject
