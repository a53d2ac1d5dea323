"""Public consultations (意见征集) and moderated citizen comments.

`Comment` targets any Wagtail page (`page` → wagtailcore.Page); the
consultation-specific parts (section of the draft, disposition) are optional,
so briefings can reuse the pipeline for interview questions. See
docs/consultations.md."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.antispam import SUSPECTED_AUTOMATION
from cms.blocks import BaseStreamBlock
from cms.models import BasePage
from cms.numbering import table_of_contents

from .tracking import TrackingCodeMixin


class ConsultationIndexPage(BasePage):
    subpage_types = ["interactions.ConsultationPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("consultation index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["consultations"] = ConsultationPage.objects.child_of(self).live().public().order_by("-opens_at")
        return context


STATUS_UPCOMING, STATUS_OPEN, STATUS_CLOSED, STATUS_CONCLUDED = "upcoming", "open", "closed", "concluded"
CONSULTATION_STATUSES = [
    (STATUS_UPCOMING, _("Upcoming")),
    (STATUS_OPEN, _("Open for comments")),
    (STATUS_CLOSED, _("Closed")),
    (STATUS_CONCLUDED, _("Concluded: outcome published")),
]


class QuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("Question"))

    class Meta:
        icon = "help"
        label = _("Question")


class ConsultationPage(RoutablePageMixin, BasePage):
    department = models.ForeignKey(
        "cms.Department",
        verbose_name=_("consulting department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("description"))
    draft_policy = models.ForeignKey(
        "policies.PolicyPage",
        verbose_name=_("draft policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        help_text=_("The draft as a policy page (its numbered sections are what citizens comment on)."),
    )
    draft_text = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("draft text"),
        help_text=_("Or the draft itself, with headings for its sections, when it is not a policy page."),
    )
    draft_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("draft document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The draft as a downloadable file (PDF/OFD/Word)."),
    )
    draft_interpretation = models.ForeignKey(
        "policies.InterpretationPage",
        verbose_name=_("draft interpretation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    questions = StreamField([("question", QuestionBlock())], blank=True, verbose_name=_("questions asked"))
    contact_channels = RichTextField(
        _("other ways to comment"),
        blank=True,
        features=["bold", "link", "ul"],
        help_text=_("Post, e-mail, fax: where else comments are accepted."),
    )
    use_of_comments = RichTextField(
        _("how comments will be used"),
        blank=True,
        features=["bold", "link", "ul", "ol"],
    )
    # Written by the django-q2 schedule (interactions.tasks.sync_consultation_phases)
    # so listings, filters and the API can use it; the public form always
    # decides from the clock (`status`), never from this column.
    phase = models.CharField(
        _("phase"), max_length=12, choices=CONSULTATION_STATUSES, default=STATUS_UPCOMING, editable=False, db_index=True
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("department"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("draft_policy"),
                FieldPanel("draft_text"),
                FieldPanel("draft_document"),
                FieldPanel("draft_interpretation"),
            ],
            heading=_("The draft"),
        ),
        FieldPanel("questions"),
        FieldPanel("contact_channels"),
        FieldPanel("use_of_comments"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.SearchField("draft_text")]
    api_fields = [
        APIField("department"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("status"),
        APIField("draft_policy"),
        APIField("draft_interpretation"),
        APIField("comment_counts"),
        APIField("public_comments"),
    ]
    parent_page_types = ["interactions.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("public consultation")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The consultation must close after it opens.")
        if not (self.draft_policy_id or self.draft_text or self.draft_document_id):
            errors["draft_policy"] = _("Link the draft policy, or add the draft text or a draft document.")
        if errors:
            raise ValidationError(errors)

    # --- status ----------------------------------------------------------

    def status_at(self, now):
        # An outcome is published only after closing, and publishing it marks
        # the phase concluded: before closing, look it up only if so marked
        # (saves a query on every comment submitted to an open consultation).
        if (now >= self.closes_at or self.phase == STATUS_CONCLUDED) and self.outcome_is_published:
            return STATUS_CONCLUDED
        if now < self.opens_at:
            return STATUS_UPCOMING
        if now < self.closes_at:
            return STATUS_OPEN
        return STATUS_CLOSED

    @property
    def status(self):
        return self.status_at(timezone.now())

    @property
    def status_label(self):
        return dict(CONSULTATION_STATUSES)[self.status]

    @property
    def is_open(self):
        return self.status == STATUS_OPEN

    @cached_property
    def outcome(self):
        if not self.pk:
            return None
        return ConsultationOutcome.for_consultation(self)

    @property
    def outcome_is_published(self):
        return bool(self.outcome and self.outcome.published_at)

    # --- the draft ---------------------------------------------------------

    def draft_body(self):
        if self.draft_text:
            return self.draft_text
        policy = self.draft_policy
        return policy.body if policy else []

    def draft_sections(self):
        """[(anchor, "1.2 Title")] of the draft's numbered headings."""
        return [(s.anchor, f"{s.number} {s.title}") for s in table_of_contents(self.draft_body())]

    # --- comments ------------------------------------------------------------

    def comment_counts(self):
        return Comment.objects.counts_for(self)

    def public_comments(self):
        """Published comments as the public may see them (for the API): their
        dispositions only once the outcome is published."""
        concluded = self.outcome_is_published
        return [c.public_dict(with_disposition=concluded) for c in Comment.objects.public().for_page(self)[:100]]

    def get_context(self, request, *args, **kwargs):
        from .views import consultation_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_context(self, request, kwargs.get("form")))
        return context

    # --- public routes (views in interactions/views.py) ---------------------

    @path("comment/", name="submit")
    def submit_view(self, request):
        from . import views

        return views.submit(self, request)

    @path("receipt/", name="receipt")
    def receipt_view(self, request):
        from . import views

        return views.receipt(self, request)

    @path("track/", name="track")
    def track_view(self, request):
        from . import views

        return views.track(self, request)

    @path("report/<int:comment_id>/", name="report")
    def report_view(self, request, comment_id):
        from . import views

        return views.report(self, request, comment_id)

    @path("export/csv/", name="export_csv")
    def export_csv_view(self, request):
        from . import views

        return views.export(self, request, "csv")

    @path("export/json/", name="export_json")
    def export_json_view(self, request):
        from . import views

        return views.export(self, request, "json")

    @path("feed/", name="feed")
    def feed_view(self, request):
        from . import views

        return views.feed(self, request)

    def get_cached_paths(self):
        """What shows the comments besides the page: purged with it by the page
        cache and by Wagtail's frontend cache (a CDN in front)."""
        return ["/", "feed/", "export/csv/", "export/json/"]


# --- Configurable lists (snippets) ------------------------------------------


class RejectReason(models.Model):
    """A reason a moderator may give for rejecting a comment."""

    label = models.CharField(pgettext_lazy("object", "label"), max_length=120, unique=True)
    public_explanation = models.CharField(
        _("explanation for the commenter"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the commenter who looks up the tracking code."),
    )
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [FieldPanel("label"), FieldPanel("public_explanation"), FieldPanel("active"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("reject reason")
        verbose_name_plural = _("reject reasons")
        ordering = ["sort_order", "label"]

    def __str__(self):
        return self.label


class SensitiveWord(models.Model):
    """A word or phrase that flags a comment for a moderator's attention.
    Flagging never publishes or rejects anything by itself."""

    word = models.CharField(_("word or phrase"), max_length=100, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("word"), FieldPanel("note"), FieldPanel("active")]

    class Meta:
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")
        ordering = ["word"]

    def __str__(self):
        return self.word


# --- Comments ------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Citizen attachments live outside MEDIA_ROOT (INTERACTIONS_PRIVATE_ROOT)
    and are only ever streamed to staff by the admin view."""

    @property
    def base_location(self):
        return str(getattr(settings, "INTERACTIONS_PRIVATE_ROOT", None) or (settings.VAR_DIR / "private-uploads"))

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    from cms.assets.storage import PrivateFiles

    return PrivateFiles("", PrivateStorage)  # upload_to starts with comments/


class CommentCluster(models.Model):
    """Near-duplicate comments (a campaign). Every comment belongs to one;
    most clusters have a single member."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment cluster")

    def __str__(self):
        return f"cluster {self.pk}"

    @property
    def size(self):
        """How many comments it holds (counted: see services.assign_cluster)."""
        return self.comments.count()


class ClusterBand(models.Model):
    """LSH band keys of a cluster's first comment: candidates for comparison."""

    cluster = models.ForeignKey(CommentCluster, on_delete=models.CASCADE, related_name="bands")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=24)

    class Meta:
        indexes = [models.Index(fields=["page", "key"])]

    def __str__(self):
        return self.key


class CommentQuerySet(models.QuerySet):
    def for_page(self, page):
        """Comments on `page` in any of its languages: a consultation is one
        consultation whether the comment came through /en/ or /."""
        from wagtail.models import Page

        # Resolved first: a literal `page_id IN (5)` lets SQLite walk the
        # (page, status, submitted_at) index in order instead of sorting.
        ids = list(Page.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True))
        return self.filter(page_id__in=ids)

    def public(self):
        """What the public may see: published, and the commenter agreed."""
        return self.filter(status=Comment.PUBLISHED, consent_publish=True)

    def public_leads(self):
        """One public comment per cluster (its earliest), the rest are counted."""
        public = self.public()
        # "No earlier public comment in its cluster", not `id IN (SELECT MIN(id)
        # … GROUP BY cluster)`: PostgreSQL re-runs that subquery for every row
        # once its result outgrows work_mem (minutes at 50,000 comments).
        earlier = Comment.objects.public().filter(
            cluster_id=models.OuterRef("cluster_id"), id__lt=models.OuterRef("id")
        )
        similar = (
            Comment.objects.public()
            .filter(cluster_id=models.OuterRef("cluster_id"))
            .values("cluster_id")
            .annotate(n=Count("id"))
            .values("n")
        )
        return public.filter(~models.Exists(earlier)).annotate(
            similar_count=models.functions.Coalesce(models.Subquery(similar), 1) - 1
        )

    def counts_for(self, page):
        counts = self.for_page(page).aggregate(
            received=Count("id"),
            published=Count("id", filter=Q(status=Comment.PUBLISHED, consent_publish=True)),
            rejected=Count("id", filter=Q(status=Comment.REJECTED)),
        )
        return counts


class Comment(TrackingCodeMixin, models.Model):
    PENDING, PUBLISHED, REJECTED, HIDDEN = "pending", "published", "rejected", "hidden"
    STATUSES = [
        (PENDING, pgettext_lazy("comment status", "Pending moderation")),
        (PUBLISHED, pgettext_lazy("comment status", "Published")),
        (REJECTED, pgettext_lazy("comment status", "Rejected")),
        (HIDDEN, pgettext_lazy("comment status", "Hidden")),
    ]
    ADOPTED, PARTLY, NOT_ADOPTED, OUT_OF_SCOPE = "adopted", "partly_adopted", "not_adopted", "out_of_scope"
    DISPOSITIONS = [
        (ADOPTED, _("Adopted")),
        (PARTLY, _("Partly adopted")),
        (NOT_ADOPTED, _("Not adopted")),
        (OUT_OF_SCOPE, _("Out of scope")),
    ]
    MAX_LENGTH = 5000

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="citizen_comments"
    )
    # What the citizen wrote, as typed (plain text; escaped on output).
    body = models.TextField(pgettext_lazy("public comment", "comment"))
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    region = models.CharField(_("region"), max_length=60, blank=True)
    # Personal data, never published.
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    # Asked to hear by e-mail when the comment is published or rejected and
    # when the outcome is published (interactions/notices.py).
    notify_by_email = models.BooleanField(_("wants e-mail updates"), default=False)
    consent_publish = models.BooleanField(_("consents to publication"), default=False)
    # What the public sees: the same with personal data masked.
    public_body = models.TextField(_("comment as published"), editable=False)
    public_display_name = models.CharField(max_length=60, blank=True, editable=False)
    public_region = models.CharField(max_length=60, blank=True, editable=False)
    # Consultation-specific (optional).
    section_anchor = models.CharField(_("section"), max_length=60, blank=True)
    section_label = models.CharField(_("section title"), max_length=240, blank=True)
    language = models.CharField(max_length=10, blank=True)

    submission_key = models.UUIDField(_("submission key"), editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=PENDING)
    flagged = models.BooleanField(_("flagged"), default=False)
    flag_reasons = models.CharField(_("flag reasons"), max_length=300, blank=True)
    # Honeypot filled or sent at once (cms/antispam.py): stored, held and marked, never dropped.
    suspected_automation = models.CharField(
        _("suspected automation"), max_length=10, choices=SUSPECTED_AUTOMATION, blank=True
    )
    # Indexed with the id below (comment_cluster_first): a cluster's first
    # comment is then one index probe however large the campaign grows.
    cluster = models.ForeignKey(
        CommentCluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments", db_index=False
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.ForeignKey(RejectReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    report_count = models.PositiveIntegerField(default=0)
    # Internal until the consultation's outcome is published; then the
    # disposition is shown with its public reason (`disposition_note`), never
    # with the internal note.
    disposition = models.CharField(_("disposition"), max_length=20, choices=DISPOSITIONS, blank=True)
    disposition_note = models.TextField(
        _("reason given to the public"), blank=True, help_text=_("Published with the outcome of the consultation.")
    )
    disposition_internal_note = models.TextField(_("internal note"), blank=True, help_text=_("Never published."))

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen comment")
        verbose_name_plural = _("citizen comments")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["page", "submission_key"], name="unique_comment_submission"),
        ]
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="comment_status_recent"),
            models.Index(fields=["page", "status", "-submitted_at"], name="comment_page_status_recent"),
            models.Index(fields=["page", "section_anchor", "-submitted_at"], name="comment_page_section_recent"),
            models.Index(fields=["-submitted_at"], condition=Q(flagged=True), name="comment_flagged_recent"),
            models.Index(fields=["cluster", "id"], name="comment_cluster_first"),
        ]
        permissions = [
            ("moderate_comment", "Can moderate citizen comments"),
            ("export_comment", "Can export citizen comments with personal data"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.public_body[:40]}"

    def screen(self):
        """Fill the public (masked) copies and the flags. Called before saving."""
        from .screening import mask_personal_data, sensitive_words

        self.public_body = mask_personal_data(self.body)
        self.public_display_name = mask_personal_data(self.display_name)
        self.public_region = mask_personal_data(self.region)
        words = sensitive_words(" ".join([self.body, self.display_name, self.region]))
        if words:
            from django.utils import translation

            self.flagged = True
            with translation.override(settings.LANGUAGE_CODE):  # read by moderators, not the commenter
                self.flag_reasons = (str(_("Sensitive words: ")) + ", ".join(words))[:300]

    @property
    def is_public(self):
        return self.status == self.PUBLISHED and self.consent_publish

    def public_dict(self, with_disposition=False):
        """What the public may read of this comment. The disposition only once
        the outcome is published (`with_disposition`), with its public reason."""
        data = {
            "id": self.pk,
            "submitted_at": self.submitted_at.isoformat(),
            "name": self.public_display_name,
            "region": self.public_region,
            "section": self.section_label,
            "comment": self.public_body,
        }
        if with_disposition:
            data.update(self.public_disposition())
        return data

    def public_disposition(self):
        """The disposition as published with the outcome: label, code, public reason."""
        return {
            "disposition": str(self.get_disposition_display()) if self.disposition else "",
            "disposition_code": self.disposition,
            "disposition_reason": self.disposition_note if self.disposition else "",
        }

    def add_flag(self, reason):
        self.flagged = True
        reasons = [r for r in self.flag_reasons.split("; ") if r]
        if reason not in reasons:
            reasons.append(reason)
        self.flag_reasons = "; ".join(reasons)[:300]


class CommentAttachment(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="comments/%Y/%m/", storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")

    def __str__(self):
        return self.original_name


def _log_action_labels():
    return {
        "approve": pgettext_lazy("moderation log", "Approved and published"),
        "reject": pgettext_lazy("moderation log", "Rejected"),
        "hide": pgettext_lazy("moderation log", "Hidden from the public page"),
        "restore": pgettext_lazy("moderation log", "Restored to the public page"),
        "disposition": pgettext_lazy("moderation log", "Disposition set"),
        "auto_hide": pgettext_lazy("moderation log", "Taken off the page after reports by citizens"),
        "download_attachment": pgettext_lazy("moderation log", "Attachment downloaded"),
        "notice_sent": pgettext_lazy("moderation log", "Citizen informed by e-mail"),
    }


class CommentModerationLog(models.Model):
    """Every moderation action, with who, when and why. `action` is a code
    (stable for exports and queries); `action_label` is what people read."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="log_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("moderation log entry")

    def __str__(self):
        return f"{self.action} #{self.comment_id}"

    @property
    def action_label(self):
        return str(_log_action_labels().get(self.action, self.action))

    @property
    def from_status_label(self):
        return str(dict(Comment.STATUSES).get(self.from_status, self.from_status))

    @property
    def to_status_label(self):
        return str(dict(Comment.STATUSES).get(self.to_status, self.to_status))


REPORT_REASONS = [
    ("personal", _("It shows someone's personal information")),
    ("abuse", _("Insults, threats or discrimination")),
    ("spam", _("Advertising or spam")),
    ("unlawful", _("Unlawful or harmful content")),
    ("other", _("Something else")),
]


class CommentReport(models.Model):
    """A citizen's report of a published comment. `reporter` is a keyed hash
    of the client address, so one client counts once and no address is kept.
    A report suspected of automation is kept and shown to moderators but does
    not count towards taking the comment off the page."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.CharField(max_length=64)
    category = models.CharField(_("reason"), max_length=20, choices=REPORT_REASONS, blank=True)
    details = models.CharField(_("details"), max_length=150, blank=True)
    # Reports made before `category` existed: the reason as the reporter read it.
    reason = models.CharField(max_length=200, blank=True)
    suspected_automation = models.CharField(
        _("suspected automation"), max_length=10, choices=SUSPECTED_AUTOMATION, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_client")]

    def __str__(self):
        return f"report #{self.comment_id}"

    @property
    def reason_label(self):
        """The reason in the reader's language (a legacy report: as stored)."""
        if self.category:
            return str(self.get_category_display())
        return self.reason

    @property
    def text(self):
        return f"{self.reason_label}: {self.details}" if self.details else self.reason_label


class CommentNotice(models.Model):
    """One e-mail to a citizen about their comment (an outbox row).

    `key` names the event and the person (`published:<comment>`,
    `rejected:<comment>`, `outcome:<consultation>:<address hash>`), so each
    event reaches each person once however often the task runs; delivery
    claims the row (`sent_at`) before sending. The body is cleared once sent."""

    PUBLISHED, REJECTED, OUTCOME = "published", "rejected", "outcome"
    EVENTS = [
        (PUBLISHED, _("Comment published")),
        (REJECTED, _("Comment rejected")),
        (OUTCOME, _("Outcome published")),
    ]

    key = models.CharField(max_length=120, unique=True)
    event = models.CharField(_("event"), max_length=10, choices=EVENTS)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    to = models.EmailField()
    language = models.CharField(max_length=10, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail to a commenter")
        verbose_name_plural = _("e-mails to commenters")

    def __str__(self):
        return self.key


class ConsultationOutcome(models.Model):
    """What the government did with the feedback (意见征集结果反馈)."""

    page = models.OneToOneField(ConsultationPage, on_delete=models.CASCADE, related_name="+")
    summary = models.TextField(_("summary of the outcome"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consultation outcome")

    def __str__(self):
        return f"outcome of {self.page_id}"

    @classmethod
    def for_consultation(cls, page):
        """The outcome of `page`, whichever language version it was written on."""
        return cls.objects.filter(page__translation_key=page.translation_key).order_by("-published_at", "pk").first()

    def comments(self):
        return Comment.objects.for_page(self.page)

    def blocking_comments(self):
        """Comments that stop the outcome being published: still pending, or
        accepted (published/hidden) without a disposition."""
        comments = self.comments()
        return comments.filter(Q(status=Comment.PENDING) | (~Q(status=Comment.REJECTED) & Q(disposition="")))

    def disposition_counts(self):
        """[(code, label, count)] over every comment that was not rejected."""
        rows = self.comments().exclude(status=Comment.REJECTED).values("disposition").annotate(n=Count("id"))
        counts = {row["disposition"]: row["n"] for row in rows}
        return [(code, label, counts.get(code, 0)) for code, label in Comment.DISPOSITIONS]

    def publish(self, user):
        if timezone.now() < self.page.closes_at:
            raise ValidationError(_("The outcome can only be published after the consultation has closed."))
        blocking = self.blocking_comments().count()
        if blocking:
            raise ValidationError(
                _("%(n)d comments are still pending or have no disposition; give every comment a disposition first.")
                % {"n": blocking}
            )
        if not self.summary.strip():
            raise ValidationError(_("Write the summary before publishing the outcome."))
        self.published_at = timezone.now()
        self.published_by = user
        self.save()
        from .notices import outcome_published

        outcome_published(self)  # e-mails the commenters who asked, once the transaction commits
        translations = ConsultationPage.objects.filter(translation_key=self.page.translation_key)
        translations.update(phase=STATUS_CONCLUDED)
        from .services import purge_public_cache

        purge_public_cache(translations.values_list("pk", flat=True))


# Manual masks (interactions/masking.py) are a model of this app.
from .masking import ManualMask  # noqa: E402, F401
