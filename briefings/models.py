"""Press briefings (新闻发布会), online interviews (在线访谈), spokespeople
(新闻发言人), self-hosted briefing media and major-incident pages
(重大突发事件) with continuous updates."""

import datetime
from functools import partial

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, MultipleChooserPanel, Panel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, TranslatableMixin
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel
from wagtailmedia.models import AbstractMedia

from cms.blocks import BaseStreamBlock
from cms.locale_choices import LocalizedPageForm
from cms.models import BasePage, Department

from .blocks import TranscriptBlock
from .validators import validate_media_file, validate_webvtt

# --- Spokespeople --------------------------------------------------------------


class SpokespersonQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=on)
        )


class Spokesperson(TranslatableMixin, index.Indexed, models.Model):
    """A government spokesperson (新闻发言人). Translatable: the English site
    shows the English version of each person."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=80)
    title = models.CharField(
        pgettext_lazy("job title", "title"), max_length=160, help_text=_("e.g. Deputy Director, Spokesperson")
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_office = models.CharField(
        _("contact office"),
        max_length=160,
        blank=True,
        help_text=_("The office the press contacts, e.g. the press office."),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    active_from = models.DateField(_("spokesperson since"), null=True, blank=True)
    active_until = models.DateField(
        _("spokesperson until"), null=True, blank=True, help_text=_("Leave empty while in office.")
    )

    objects = SpokespersonQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("department"),
        FieldPanel("photo"),
        MultiFieldPanel([FieldPanel("contact_office"), FieldPanel("contact_phone")], heading=_("Contact")),
        FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_until")], heading=_("Active period")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("title"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("spokesperson")
        verbose_name_plural = _("spokespeople")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.active_from and self.active_until and self.active_until < self.active_from:
            raise ValidationError({"active_until": _("The active period cannot end before it starts.")})

    @property
    def is_current(self):
        today = timezone.localdate()
        return (not self.active_from or self.active_from <= today) and (
            not self.active_until or self.active_until >= today
        )


# --- Media -----------------------------------------------------------------------


class BriefingMedia(AbstractMedia):
    """wagtailmedia's media item with WebVTT captions and chapters and a poster
    image. Files are checked by content and size; duration (and a poster frame
    where ffmpeg exists) are filled in by a background task."""

    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="media_captions",
        blank=True,
        help_text=_("Subtitles in WebVTT format (.vtt)."),
    )
    captions_language = models.CharField(_("captions language"), max_length=10, default="zh-hans")
    chapters = models.FileField(
        _("chapters (WebVTT)"),
        upload_to="media_chapters",
        blank=True,
        help_text=_("Chapter titles in WebVTT format (.vtt)."),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown before a video plays. Taken from the video automatically where possible."),
    )
    metadata_extracted_at = models.DateTimeField(_("metadata extracted at"), null=True, blank=True, editable=False)

    admin_form_fields = AbstractMedia.admin_form_fields + ("captions", "captions_language", "chapters", "poster")

    class Meta(AbstractMedia.Meta):
        verbose_name = pgettext_lazy("audio or video", "media")
        verbose_name_plural = _("media items")

    def clean(self, *args, **kwargs):
        super().clean(*args, **kwargs)
        errors = {}
        if self.file and self._file_is_new("file"):
            try:
                validate_media_file(self.file, self.type)
            except ValidationError as error:
                errors["file"] = error
        for name in ("captions", "chapters"):
            field_file = getattr(self, name)
            if field_file and self._file_is_new(name):
                try:
                    validate_webvtt(field_file)
                except ValidationError as error:
                    errors[name] = error
        if errors:
            raise ValidationError(errors)

    @property
    def duration_display(self):
        from .blocks import format_offset

        return format_offset(round(self.duration or 0))

    def _file_is_new(self, name):
        """Only files being uploaded now are inspected (stored ones passed before)."""
        field_file = getattr(self, name)
        return not getattr(field_file, "_committed", True) or not self.pk

    def save(self, *args, **kwargs):
        file_changed = self._state.adding or not self.pk or not getattr(self.file, "_committed", True)
        if not file_changed and self.pk:
            previous = type(self).objects.filter(pk=self.pk).values_list("file", flat=True).first()
            file_changed = previous != self.file.name
        super().save(*args, **kwargs)
        if file_changed and self.file:
            from .tasks import enqueue_media_metadata

            transaction.on_commit(partial(enqueue_media_metadata, self.pk))


# --- Accessibility gate --------------------------------------------------------


def accessibility_problems(*, media, video_url, external_video_captioned, transcript, transcript_complete):
    """Why a briefing with this media may not be published (empty when it may)."""
    full_transcript = bool(transcript_complete) and bool(transcript) and len(transcript) > 0
    problems = []
    if media is not None:
        if media.type == "video" and not media.captions and not full_transcript:
            problems.append(
                _(
                    "The video “%(title)s” has no captions. Upload a WebVTT caption file to the media item, "
                    "or add the full transcript and tick “The transcript is complete”, before publishing."
                )
                % {"title": media.title}
            )
        if media.type == "audio" and not full_transcript:
            problems.append(
                _(
                    "The audio recording “%(title)s” needs a full transcript: add the transcript and tick "
                    "“The transcript is complete” before publishing."
                )
                % {"title": media.title}
            )
    if video_url and not external_video_captioned and not full_transcript:
        problems.append(
            _(
                "The external video needs captions or a full transcript: tick “The external video has captions” "
                "if it does, or add the full transcript and tick “The transcript is complete”, before publishing."
            )
        )
    return problems


class BriefingPageForm(LocalizedPageForm):
    """Runs the accessibility gate when the editor publishes, submits for
    moderation or approves a workflow step, so drafts can still be saved."""

    GATED_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")

    def is_going_live(self):
        if any(action in self.data for action in self.GATED_ACTIONS):
            return True
        # Approving from the edit view may publish; requesting changes may not be blocked.
        return "action-workflow-action" in self.data and self.data.get("workflow-action-name") != "reject"

    def clean(self):
        cleaned_data = super().clean()
        if self.is_going_live():
            for problem in accessibility_problems(
                media=cleaned_data.get("media"),
                video_url=cleaned_data.get("video_url"),
                external_video_captioned=cleaned_data.get("external_video_captioned"),
                transcript=cleaned_data.get("transcript"),
                transcript_complete=cleaned_data.get("transcript_complete"),
            ):
                self.add_error(None, problem)
        return cleaned_data


class InterviewQuestionsPanel(Panel):
    """Lists an interview's submitted questions with their numbers and status,
    so staff can choose which approved ones to answer in the transcript."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "briefings/admin/interview_questions_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk and self.instance.kind == BriefingPage.KIND_INTERVIEW)

        def get_context_data(self, parent_context=None):
            from interactions.models import Comment

            context = super().get_context_data(parent_context)
            answered = set(self.instance.answered_question_numbers())
            questions = list(
                Comment.objects.filter(page__translation_key=self.instance.translation_key)
                .exclude(status=Comment.REJECTED)
                .order_by("submitted_at", "id")[:200]
            )
            for question in questions:
                question.answered = question.pk in answered
            context["questions"] = questions
            return context


# --- Briefings ---------------------------------------------------------------------


class BriefingIndexPage(RoutablePageMixin, BasePage):
    subpage_types = ["briefings.BriefingPage"]
    parent_page_types = ["home.HomePage"]
    calendar_days = 120

    class Meta:
        verbose_name = _("briefing index page")

    def briefings(self):
        return BriefingPage.objects.child_of(self).live().public()

    def calendar(self, now=None, days=None):
        """Upcoming briefings, recurring ones expanded, soonest first."""
        now = now or timezone.now()
        until = now + datetime.timedelta(days=days or self.calendar_days)
        entries = []
        for briefing in self.briefings().filter(Q(starts_at__gte=now) | ~Q(recurrence="")):
            for when in briefing.occurrences(now, until):
                entries.append({"starts_at": when, "page": briefing, "recurring": bool(briefing.recurrence)})
        entries.sort(key=lambda entry: entry["starts_at"])
        return entries

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calendar"] = self.calendar()
        context["briefings"] = self.briefings().filter(starts_at__lt=timezone.now()).order_by("-starts_at")
        return context

    def _subpage_url(self, name):
        return (self.url or "") + self.reverse_subpage(name)

    @property
    def calendar_url(self):
        return self._subpage_url("calendar")

    @property
    def spokespeople_url(self):
        return self._subpage_url("spokespeople")

    @path("calendar/", name="calendar")  # Wagtail URLs allow no dots
    def calendar_feed(self, request):
        from .calendar import calendar_response

        return calendar_response(self, request)

    @path("spokespeople/", name="spokespeople")
    def spokespeople(self, request):
        people = (
            Spokesperson.objects.current()
            .filter(locale_id=self.locale_id)
            .select_related("department", "photo")
            .order_by("department__name", "name")
        )
        return render(
            request,
            "briefings/spokesperson_directory.html",
            {"page": self, "self": self, "spokespeople": people},
        )


class BriefingPage(RoutablePageMixin, BasePage):
    KIND_ROUTINE = "routine"
    KIND_SPECIAL = "special"
    KIND_INTERVIEW = "interview"
    KIND_CHOICES = [
        (KIND_ROUTINE, _("Routine press briefing")),
        (KIND_SPECIAL, _("Special press briefing")),
        (KIND_INTERVIEW, _("Online interview")),
    ]

    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, default=KIND_ROUTINE)
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    recurrence = models.CharField(
        _("recurrence rule"),
        max_length=255,
        blank=True,
        help_text=_(
            "For routine briefings that repeat: an iCalendar RRULE such as "
            "FREQ=WEEKLY;BYDAY=TU or FREQ=MONTHLY;BYDAY=+1TH;COUNT=12. Leave empty for a single briefing."
        ),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    media = models.ForeignKey(
        "briefings.BriefingMedia",
        verbose_name=_("recording (audio or video)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="briefings",
    )
    video_url = models.URLField(
        _("external video"),
        blank=True,
        help_text=_("A video on a supported site (embedded), used when there is no self-hosted recording."),
    )
    external_video_captioned = models.BooleanField(_("the external video has captions"), default=False)
    transcript = StreamField(TranscriptBlock(), blank=True, verbose_name=_("transcript"))
    transcript_complete = models.BooleanField(
        _("the transcript is complete"),
        default=False,
        help_text=_(
            "Tick when the transcript covers everything said; required to publish audio, or video without captions."
        ),
    )
    questions_close_at = models.DateTimeField(
        _("questions close at"),
        null=True,
        blank=True,
        help_text=_(
            "Online interviews: citizens may submit questions until this time (default: the end of the interview)."
        ),
    )

    base_form_class = BriefingPageForm
    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("venue"),
                FieldPanel("recurrence"),
                FieldPanel("questions_close_at"),
            ],
            heading=_("When and where"),
        ),
        InlinePanel("speakers", heading=_("Spokespeople and other speakers"), label=_("Speaker")),
        FieldPanel("topics"),
        MultipleChooserPanel(
            "related_policies", chooser_field_name="policy", heading=_("Related policies"), label=_("Policy")
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [MediaChooserPanel("media"), FieldPanel("video_url"), FieldPanel("external_video_captioned")],
            heading=_("Recording"),
        ),
        MultiFieldPanel([FieldPanel("transcript"), FieldPanel("transcript_complete")], heading=_("Transcript")),
        InterviewQuestionsPanel(heading=_("Questions from the public")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("transcript"),
        index.SearchField("venue"),
        index.FilterField("kind"),
        index.FilterField("starts_at"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("venue"),
        APIField("recurrence"),
        APIField("speakers"),
        APIField("related_policies"),
        APIField("media_url"),
        APIField("video_url"),
        APIField("transcript"),
        APIField("transcript_complete"),
    ]
    parent_page_types = ["briefings.BriefingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("press briefing")

    # --- rules -----------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The briefing must end after it starts.")
        if self.recurrence:
            try:
                self.rule()
            except (ValueError, TypeError):
                errors["recurrence"] = _("This is not a valid recurrence rule (RRULE), e.g. FREQ=WEEKLY;BYDAY=TU.")
        if self.questions_close_at and self.kind != self.KIND_INTERVIEW:
            errors["questions_close_at"] = _("Only online interviews take questions from the public.")
        problems = self.answered_question_problems()
        if problems:
            errors["transcript"] = problems
        if errors:
            raise ValidationError(errors)

    def accessibility_problems(self):
        return accessibility_problems(
            media=self.media,
            video_url=self.video_url,
            external_video_captioned=self.external_video_captioned,
            transcript=self.transcript,
            transcript_complete=self.transcript_complete,
        )

    def publication_problems(self, user=None):
        """The accessibility gate, checked on every way of going live
        (cms/publication.py): captions, transcripts."""
        return self.accessibility_problems()

    # --- schedule ----------------------------------------------------------------

    def rule(self):
        """The recurrence as a dateutil rule, in local wall-clock time (so a
        10:00 briefing stays at 10:00), accepting UNTIL as a date, a local
        time or a UTC time."""
        text = self.recurrence.strip()
        if text.upper().startswith("RRULE:"):
            text = text[6:]
        local = timezone.localtime(self.starts_at)
        try:
            return rrulestr(text, dtstart=local.replace(tzinfo=None))
        except ValueError:
            return rrulestr(text, dtstart=local)  # UNTIL given in UTC ("…Z")

    def occurrences(self, start, end):
        """Start times of this briefing between start and end."""
        if not self.recurrence:
            return [self.starts_at] if start <= self.starts_at <= end else []
        try:
            rule = self.rule()
            if rule._dtstart.tzinfo is None:
                naive = [timezone.localtime(start).replace(tzinfo=None), timezone.localtime(end).replace(tzinfo=None)]
                return [timezone.make_aware(when) for when in rule.between(*naive, inc=True)]
            return rule.between(start, end, inc=True)
        except (ValueError, TypeError):
            return []

    @property
    def is_upcoming(self):
        return self.starts_at > timezone.now()

    # --- online interview ------------------------------------------------------------

    @property
    def questions_deadline(self):
        return self.questions_close_at or self.ends_at or (self.starts_at + datetime.timedelta(hours=2))

    @property
    def accepts_questions(self):
        return self.kind == self.KIND_INTERVIEW and self.live and timezone.now() < self.questions_deadline

    def answered_question_numbers(self):
        return [
            block.value.get("question_id")
            for block in self.transcript
            if block.block_type == "qa" and block.value.get("question_id")
        ]

    def answered_question_problems(self):
        """Only approved questions submitted to this interview can be answered in public."""
        numbers = self.answered_question_numbers()
        if not numbers:
            return []
        from interactions.models import Comment

        from .interview import questions_by_number

        if self.kind != self.KIND_INTERVIEW:
            return [_("Only online interviews answer submitted questions: remove the question numbers.")]
        found = questions_by_number(self, numbers) if self.translation_key else {}
        problems = []
        for number in numbers:
            comment = found.get(number)
            if comment is None:
                problems.append(_("Question #%(n)s was not submitted to this interview.") % {"n": number})
            elif comment.status != Comment.PUBLISHED or not comment.consent_publish:
                problems.append(
                    _(
                        "Question #%(n)s has not been approved for publication by a moderator, so it cannot be answered in public."
                    )
                    % {"n": number}
                )
        return problems

    def transcript_entries(self):
        """The transcript for display, with each answered citizen question
        replaced by its approved (masked) text."""
        from .interview import questions_by_number

        numbers = self.answered_question_numbers()
        found = questions_by_number(self, numbers) if numbers else {}
        entries = []
        for block in self.transcript:
            question = found.get(block.value.get("question_id")) if block.block_type == "qa" else None
            if question is not None and not question.is_public:
                question = None
            entries.append({"type": block.block_type, "value": block.value, "question": question})
        return entries

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.kind == self.KIND_INTERVIEW:
            from .interview import QuestionForm, public_questions

            answered = set(self.answered_question_numbers())
            questions = list(public_questions(self))
            for question in questions:
                question.answered = question.pk in answered
            context["public_questions"] = questions
            if self.accepts_questions and "question_form" not in context:
                context["question_form"] = QuestionForm()
        return context

    @path("question/", name="question")
    def question_view(self, request):
        from .interview import submit_question

        return submit_question(self, request)

    # --- display ----------------------------------------------------------------

    @cached_property
    def speaker_list(self):
        return list(self.speakers.select_related("spokesperson"))

    def live_related_policies(self):
        links = self.related_policies.select_related("policy")
        return [link.policy.localized for link in links if link.policy.live]

    def get_cache_dependents(self):
        """Pages that show this briefing besides its listing and home (cms.pagecache):
        the related policies, in this briefing's language."""
        from policies.models import PolicyPage

        keys = [link.policy.translation_key for link in self.related_policies.select_related("policy")]
        return list(PolicyPage.objects.filter(translation_key__in=keys, locale_id=self.locale_id)) if keys else []

    @property
    def media_url(self):
        return self.media.url if self.media else ""


class BriefingSpeaker(Orderable):
    """A spokesperson or another speaker (a bureau chief, an expert) at a briefing."""

    page = ParentalKey(BriefingPage, on_delete=models.CASCADE, related_name="speakers")
    spokesperson = models.ForeignKey(
        Spokesperson, verbose_name=_("spokesperson"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(
        _("other speaker"), max_length=80, blank=True, help_text=_("For speakers who are not spokespeople.")
    )
    role = models.CharField(
        _("role"), max_length=160, blank=True, help_text=_("Title and organisation of another speaker.")
    )

    panels = [FieldPanel("spokesperson"), FieldRowPanel([FieldPanel("name"), FieldPanel("role")])]
    api_fields = [APIField("display_name"), APIField("display_role"), APIField("is_spokesperson")]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")

    def clean(self):
        super().clean()
        if not self.spokesperson_id and not self.name:
            raise ValidationError(_("Choose a spokesperson or enter the name of another speaker."))

    @property
    def display_name(self):
        return self.spokesperson.localized.name if self.spokesperson else self.name

    @property
    def display_role(self):
        if self.spokesperson:
            person = self.spokesperson.localized
            department = person.department.localized.name if person.department else ""
            return " ".join(part for part in [department, person.title] if part)
        return self.role

    @property
    def is_spokesperson(self):
        return self.spokesperson_id is not None


class BriefingPolicyLink(Orderable):
    """Briefing → policy, shown on both pages."""

    page = ParentalKey(BriefingPage, on_delete=models.CASCADE, related_name="related_policies")
    policy = models.ForeignKey(
        "policies.PolicyPage", verbose_name=_("policy"), on_delete=models.CASCADE, related_name="briefing_links"
    )

    panels = [FieldPanel("policy")]
    api_fields = [APIField("policy")]

    class Meta(Orderable.Meta):
        verbose_name = _("related policy")
        constraints = [models.UniqueConstraint(fields=["page", "policy"], name="unique_briefing_policy_link")]


def briefings_for_policy(policy):
    """Live briefings in the policy's language that relate to any language
    version of the policy, newest first."""
    return (
        BriefingPage.objects.live()
        .public()
        .filter(locale_id=policy.locale_id, related_policies__policy__translation_key=policy.translation_key)
        .distinct()
        .order_by("-starts_at")
    )


# --- Major incidents -------------------------------------------------------------


class IncidentIndexPage(BasePage):
    subpage_types = ["briefings.IncidentPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("incident index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        incidents = IncidentPage.objects.child_of(self).live().public().order_by("-first_released_at")
        context["active_incidents"] = [page for page in incidents if page.is_active]
        context["past_incidents"] = [page for page in incidents if not page.is_active]
        return context


class EmergencyFastTrackPanel(Panel):
    """Points editors of an incident to the workflow's emergency fast track
    (cms.workflow): a leader publishes an urgent update at once and the normal
    review runs afterwards."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "briefings/admin/fast_track_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            try:
                from cms.workflow.actions import can_fast_track
            except ImportError:  # the workflow app is optional here
                can_fast_track = None
            user = getattr(self.request, "user", None)
            allowed = bool(can_fast_track and user and can_fast_track(self.instance, user))
            context["fast_track_available"] = can_fast_track is not None
            context["fast_track_url"] = reverse("cms_fast_track", args=[self.instance.pk]) if allowed else ""
            return context


class IncidentPage(RoutablePageMixin, BasePage):
    """A major emergency (重大突发事件): a first short release, then
    timestamped updates appended by editors as rows of this page (so every
    update is reviewed and published with the page, through the emergency
    fast track when urgent). The newest update is shown on top."""

    first_release = models.TextField(
        _("first release"),
        max_length=1000,
        help_text=_("The first short release: what happened, where, what to do. Publish fast, update later."),
    )
    first_released_at = models.DateTimeField(_("first released at"), default=timezone.now)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("While active, a banner links to this page from the home page.")
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("background"))

    content_panels = BasePage.content_panels + [
        FieldPanel("department"),
        FieldPanel("first_release"),
        FieldRowPanel([FieldPanel("first_released_at"), FieldPanel("active"), FieldPanel("ended_at")]),
        InlinePanel(
            "updates",
            heading=_("Updates"),
            label=_("Update"),
            help_text=_("Add each new update at the end; the site shows the newest first."),
        ),
        EmergencyFastTrackPanel(heading=_("Urgent updates")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("first_release"),
        index.SearchField("body"),
        index.RelatedFields("updates", [index.SearchField("headline"), index.SearchField("text")]),
    ]
    api_fields = [
        APIField("first_release"),
        APIField("first_released_at"),
        APIField("is_active"),
        APIField("ended_at"),
        APIField("last_updated"),
        APIField("updates"),
    ]
    parent_page_types = ["briefings.IncidentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("major incident")

    def clean(self):
        super().clean()
        if self.ended_at and self.first_released_at and self.ended_at < self.first_released_at:
            raise ValidationError({"ended_at": _("The incident cannot end before its first release.")})

    @property
    def is_active(self):
        return self.active and (self.ended_at is None or self.ended_at > timezone.now())

    def ordered_updates(self):
        return sorted(self.updates.all(), key=lambda update: (update.posted_at, update.sort_order or 0), reverse=True)

    @property
    def latest_update(self):
        updates = self.ordered_updates()
        return updates[0] if updates else None

    @property
    def last_updated(self):
        latest = self.latest_update
        return max(latest.posted_at, self.first_released_at) if latest else self.first_released_at

    @property
    def feed_url(self):
        return (self.url or "") + self.reverse_subpage("feed")

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import IncidentUpdatesFeed

        return IncidentUpdatesFeed()(request, page=self)


class IncidentUpdate(Orderable):
    page = ParentalKey(IncidentPage, on_delete=models.CASCADE, related_name="updates")
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    headline = models.CharField(_("headline"), max_length=160)
    text = models.TextField(_("text"))
    urgent = models.BooleanField(
        _("urgent"), default=False, help_text=_("Urgent updates go through the emergency fast-track workflow.")
    )

    panels = [
        FieldRowPanel([FieldPanel("posted_at"), FieldPanel("urgent")]),
        FieldPanel("headline"),
        FieldPanel("text"),
    ]
    api_fields = [APIField("posted_at"), APIField("headline"), APIField("text"), APIField("urgent")]

    class Meta(Orderable.Meta):
        verbose_name = _("incident update")

    def __str__(self):
        return self.headline


def active_incidents(locale=None):
    locale = locale or Locale.get_active()
    now = timezone.now()
    return (
        IncidentPage.objects.live()
        .public()
        .filter(locale=locale, active=True)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=now))
        .order_by("-first_released_at")
    )
