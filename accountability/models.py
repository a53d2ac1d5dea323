"""Supervision and assessment (督查考核): public-opinion monitoring, department
membership for the supervision dashboard, the social evaluation survey and
the annual disclosure report page. See docs/accountability.md."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField

from cms.models import BasePage

# --- Who belongs to which department ------------------------------------------


class DepartmentMembership(models.Model):
    """A staff user works for a department. On the supervision dashboard a
    member sees the rows of their own department(s); users with the
    `view_all_departments` permission (and superusers) see every row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="department_memberships",
        verbose_name=_("user"),
    )
    department = models.ForeignKey(
        "cms.Department", on_delete=models.CASCADE, related_name="members", verbose_name=_("department")
    )

    panels = [FieldPanel("user"), FieldPanel("department")]

    class Meta:
        verbose_name = _("department membership")
        verbose_name_plural = _("department memberships")
        constraints = [models.UniqueConstraint(fields=["user", "department"], name="unique_department_membership")]
        permissions = [
            ("view_all_departments", "Can see every department on the supervision dashboard"),
            ("view_dashboard", "Can open the supervision dashboard"),
        ]

    def __str__(self):
        return f"{self.user} · {self.department.localized}"  # in the reader's language


# --- Public-opinion monitoring (舆情) ----------------------------------------------


@register_setting(icon="warning")
class MonitoringSettings(BaseGenericSetting):
    """How spikes are detected and who is told."""

    spike_factor = models.DecimalField(
        _("spike factor"),
        max_digits=5,
        decimal_places=2,
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Alert when a keyword's daily count is at least this many times its recent daily average."),
    )
    min_count = models.PositiveIntegerField(
        _("minimum count"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("…and at least this many items mention it that day."),
    )
    baseline_days = models.PositiveIntegerField(
        _("baseline days"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("The recent baseline is the average over this many days before the day examined."),
    )
    keywords_per_item = models.PositiveIntegerField(
        _("keywords per item"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    ignored_words = models.TextField(
        _("ignored words"),
        blank=True,
        help_text=_("Words never counted as keywords, one per line (e.g. 您好, 请问)."),
    )
    alert_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("alert recipients"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Members of this group receive alerts by e-mail. Empty: the 'Public opinion monitors' group."),
    )

    panels = [
        FieldRowPanel([FieldPanel("spike_factor"), FieldPanel("min_count"), FieldPanel("baseline_days")]),
        FieldPanel("keywords_per_item"),
        FieldPanel("ignored_words"),
        FieldPanel("alert_group"),
    ]

    class Meta:
        verbose_name = _("public-opinion monitoring")

    def ignored(self):
        return {line.strip() for line in self.ignored_words.splitlines() if line.strip()}


class AnalysedItem(models.Model):
    """One incoming text (a letter, a comment, an interview question) after analysis."""

    source = models.CharField(_("source"), max_length=30)
    object_id = models.CharField(max_length=40)
    created_at = models.DateTimeField(_("received at"))
    day = models.DateField(pgettext_lazy("date", "day"), db_index=True)
    excerpt = models.CharField(_("excerpt"), max_length=200)
    keywords = models.JSONField(_("keywords"), default=list)
    analysed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("analysed item")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="unique_analysed_item")]
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.source}#{self.object_id}"

    @property
    def source_label(self):
        from .sources import SOURCES

        source = SOURCES.get(self.source)
        return source.label if source else self.source

    def admin_url(self):
        from .sources import SOURCES

        source = SOURCES.get(self.source)
        return source.admin_url(self.object_id) if source and source.admin_url else ""


class ItemTerm(models.Model):
    """A keyword or topic of an analysed item, on the item's day."""

    KEYWORD, TOPIC = "keyword", "topic"
    KINDS = [(KEYWORD, _("Keyword")), (TOPIC, _("Topic"))]

    item = models.ForeignKey(AnalysedItem, on_delete=models.CASCADE, related_name="terms")
    kind = models.CharField(max_length=10, choices=KINDS)
    term = models.CharField(max_length=80)
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["kind", "term", "day"]), models.Index(fields=["day", "kind"])]
        constraints = [models.UniqueConstraint(fields=["item", "kind", "term"], name="unique_item_term")]

    def __str__(self):
        return f"{self.day} {self.kind}:{self.term}"


class DailyTermCount(models.Model):
    """How many items mentioned a keyword (or topic) on a day; rebuilt by the job."""

    day = models.DateField()
    kind = models.CharField(max_length=10, choices=ItemTerm.KINDS)
    term = models.CharField(max_length=80)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "kind", "term"], name="unique_daily_term")]
        indexes = [models.Index(fields=["kind", "term", "day"])]
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.term}: {self.count}"


class ResponseKind(models.TextChoices):
    PRESS_RELEASE = "press_release", _("Press release")
    EXPERT = "expert", _("Expert interpretation")
    BRIEFING = "briefing", _("Press briefing")
    QA = "qa", _("Questions and answers")


class OpinionAlert(models.Model):
    """A keyword whose daily count spiked. Staff grade it (1–3), record how the
    government responded and link the published response."""

    OPEN, RESPONDED, CLOSED = "open", "responded", "closed"
    STATUSES = [(OPEN, _("Open")), (RESPONDED, _("Responded")), (CLOSED, _("Closed without response"))]
    LEVELS = [(1, _("Level 1 (general)")), (2, _("Level 2 (significant)")), (3, _("Level 3 (major)"))]

    keyword = models.CharField(_("keyword"), max_length=80)
    day = models.DateField(pgettext_lazy("date", "day"))
    count = models.PositiveIntegerField(_("count"))
    baseline = models.FloatField(_("baseline"))
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)
    items = models.ManyToManyField(AnalysedItem, related_name="alerts", blank=True)
    notified_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=OPEN, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVELS, null=True, blank=True)
    response_kind = models.CharField(_("response"), max_length=20, choices=ResponseKind.choices, blank=True)
    response_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("published response"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("assessment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("public-opinion alert")
        verbose_name_plural = _("public-opinion alerts")
        ordering = ["-day", "-count"]
        constraints = [models.UniqueConstraint(fields=["keyword", "day"], name="unique_alert_per_keyword_day")]

    def __str__(self):
        return f"{self.day} {self.keyword} ({self.count})"

    @property
    def is_open(self):
        return self.status == self.OPEN

    def age(self, now=None):
        end = self.resolved_at or now or timezone.now()
        return end - self.created_at

    def clean(self):
        errors = {}
        if self.status == self.RESPONDED:
            if not self.response_kind:
                errors["response_kind"] = _("Say how the government responded.")
            if not self.response_page_id:
                errors["response_page"] = _("Link the published response.")
            elif not self.response_page.live:
                errors["response_page"] = _("The response page is not published yet.")
        if self.status != self.OPEN and not self.level:
            errors["level"] = _("Grade the alert before closing it.")
        if errors:
            raise ValidationError(errors)


# --- Social evaluation (社会评议) -------------------------------------------------


class Survey(models.Model):
    """A short public satisfaction survey for a department or a service."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    department = models.ForeignKey(
        "cms.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service = models.CharField(
        _("service"),
        max_length=160,
        blank=True,
        help_text=_("The service evaluated, if not the department as a whole."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    active = models.BooleanField(_("accepting answers"), default=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("department"),
        FieldPanel("service"),
        FieldPanel("intro"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accountability:survey", args=[self.slug])


SCORE_CHOICES = [
    (5, _("Very satisfied")),
    (4, _("Satisfied")),
    (3, _("Neutral")),
    (2, _("Dissatisfied")),
    (1, _("Very dissatisfied")),
]
SATISFIED_MIN_SCORE = 4


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"), choices=SCORE_CHOICES)
    timeliness = models.PositiveSmallIntegerField(_("timeliness"), choices=SCORE_CHOICES, null=True, blank=True)
    clarity = models.PositiveSmallIntegerField(
        _("clarity of information"), choices=SCORE_CHOICES, null=True, blank=True
    )
    comment = models.TextField(pgettext_lazy("public comment", "comment"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("survey response")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.survey_id} {self.submitted_at:%Y-%m-%d} {self.overall}"

    @property
    def satisfied(self):
        return self.overall >= SATISFIED_MIN_SCORE


# --- Annual report (政府信息公开工作年度报告) ---------------------------------------


class AnnualReportIndexPage(BasePage):
    subpage_types = ["accountability.AnnualReportPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("annual report index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = AnnualReportPage.objects.child_of(self).live().public().order_by("-year")
        return context


def count_field(label):
    return models.PositiveIntegerField(label, default=0)


class AnnualReportPage(RoutablePageMixin, BasePage):
    """The annual report in the national template's six parts. Figures of
    parts 二 and 三 are computed from the data when a revision is saved (while
    "recalculate" is ticked) and kept in the revision, so the reviewed
    numbers are the published numbers. Parts 四–六 are entered by hand."""

    year = models.PositiveSmallIntegerField(_("year"))
    office = models.ForeignKey(
        "cms.Department",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for the whole government (every department)."),
    )
    overview = RichTextField(_("一、总体情况 overview"), blank=True)
    # 二、主动公开: items the data does not hold.
    licensing_decisions = count_field(_("administrative licensing decisions"))
    penalty_decisions = count_field(_("administrative penalty decisions"))
    enforcement_decisions = count_field(_("administrative enforcement decisions"))
    fees_amount = models.DecimalField(
        _("administrative fees collected (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    # 四、行政复议、行政诉讼 (entered by hand).
    rec_upheld = count_field(_("reconsideration: upheld"))
    rec_corrected = count_field(_("reconsideration: corrected"))
    rec_other = count_field(_("reconsideration: other result"))
    rec_pending = count_field(_("reconsideration: pending"))
    lit_direct_upheld = count_field(_("direct litigation: upheld"))
    lit_direct_corrected = count_field(_("direct litigation: corrected"))
    lit_direct_other = count_field(_("direct litigation: other result"))
    lit_direct_pending = count_field(_("direct litigation: pending"))
    lit_after_upheld = count_field(_("litigation after reconsideration: upheld"))
    lit_after_corrected = count_field(_("litigation after reconsideration: corrected"))
    lit_after_other = count_field(_("litigation after reconsideration: other result"))
    lit_after_pending = count_field(_("litigation after reconsideration: pending"))
    problems = RichTextField(_("五、存在的主要问题及改进情况 problems and improvements"), blank=True)
    other_matters = RichTextField(_("六、其他需要报告的事项 other matters"), blank=True)

    recalculate = models.BooleanField(
        _("recalculate figures when saving"),
        default=True,
        help_text=_("Untick to keep the figures as they are (for example once the report has been approved)."),
    )
    figures = models.JSONField(default=dict, blank=True, editable=False)
    figures_computed_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("year"), FieldPanel("office")]),
        FieldPanel("recalculate"),
        FieldPanel("overview"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("licensing_decisions"), FieldPanel("penalty_decisions")]),
                FieldRowPanel([FieldPanel("enforcement_decisions"), FieldPanel("fees_amount")]),
            ],
            heading=_("二、主动公开 items entered by hand"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("rec_upheld"),
                        FieldPanel("rec_corrected"),
                        FieldPanel("rec_other"),
                        FieldPanel("rec_pending"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("lit_direct_upheld"),
                        FieldPanel("lit_direct_corrected"),
                        FieldPanel("lit_direct_other"),
                        FieldPanel("lit_direct_pending"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("lit_after_upheld"),
                        FieldPanel("lit_after_corrected"),
                        FieldPanel("lit_after_other"),
                        FieldPanel("lit_after_pending"),
                    ]
                ),
            ],
            heading=_("四、行政复议、行政诉讼"),
        ),
        FieldPanel("problems"),
        FieldPanel("other_matters"),
    ]
    parent_page_types = ["accountability.AnnualReportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("annual disclosure report")
        verbose_name_plural = _("annual disclosure reports")

    def clean(self):
        super().clean()
        this_year = timezone.localdate().year
        if self.year and not (2008 <= self.year <= this_year):
            raise ValidationError({"year": _("Choose a year between 2008 and %(year)s.") % {"year": this_year}})

    def publication_problems(self, user=None):
        """The annual-report gate (cms/publication.py runs it on every path):
        a report is published for a year that is over (条例 第五十条: by
        31 January of the next year), with figures computed for that year."""
        problems = []
        if self.year and self.year >= timezone.localdate().year:
            problems.append(
                _(
                    "The %(year)s report can be published from 1 January %(next)s: the year's figures are not complete before then."
                )
                % {"year": self.year, "next": self.year + 1}
            )
        if not self.figures:
            problems.append(
                _("The report has no figures yet: save it with “recalculate figures” ticked, then have it reviewed.")
            )
        return problems

    def refresh_figures(self):
        from .report import compute_figures

        self.figures = compute_figures(self.year, self.office)
        self.figures_computed_at = timezone.now()

    def _maybe_refresh(self):
        if self.year and (self.recalculate or not self.figures):
            self.refresh_figures()

    def save(self, *args, **kwargs):
        # Only a brand-new report is filled here. Publishing saves the page
        # from the approved revision: its figures must stay as reviewed.
        if self.year and not self.figures:
            self.refresh_figures()
        return super().save(*args, **kwargs)

    # Recomputing the figures stamps the time; unchanged figures are no new content.
    revision_state_fields = ("figures_computed_at",)

    def save_revision(self, *args, **kwargs):
        self._maybe_refresh()
        return super().save_revision(*args, **kwargs)

    def tables(self):
        from .report import build_tables

        return build_tables(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tables"] = self.tables()
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("xlsx/", name="xlsx")
    def xlsx(self, request):
        from .report import report_xlsx

        response = HttpResponse(
            report_xlsx(self), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="annual-report-{self.year}.xlsx"'
        return response
