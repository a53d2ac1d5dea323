"""The disclosure repository: policy documents (政策文件) and their
interpretations (政策解读).

Publication rules are the models' publication_* methods, which run at the
one point every way of going live passes (cms/publication.py); the rules
themselves are in policies/release.py."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Max, Min
from django.http import HttpResponsePermanentRedirect, QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField
from wagtailmedia.settings import wagtailmedia_settings

from cms.blocks import BaseStreamBlock
from cms.locale_choices import LocalizedPageForm
from cms.models import BasePage, Department, Topic

from . import numbers
from .panels import ReleaseStatusPanel


class Validity(models.TextChoices):
    VALID = "valid", _("Valid")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("Expired")


class PolicyKind(models.TextChoices):
    REGULATION = "regulation", _("Regulation (规章)")
    NORMATIVE = "normative", _("Normative document (规范性文件)")
    OPINION = "opinion", _("Opinion (意见)")
    NOTICE = "notice", _("Notice (通知)")
    PLAN = "plan", _("Plan (规划/方案)")
    MEASURES = "measures", _("Measures (办法)")
    OTHER = "other", _("Other document")


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", _("Proactive disclosure (主动公开)")
    ON_REQUEST = "on_request", _("Disclosure on request (依申请公开)")


class InterpretationKind(models.TextChoices):
    OFFICIAL = "official", _("Official interpretation")
    EXPERT = "expert", _("Expert interpretation")
    GRAPHIC = "graphic", _("Graphic (图解)")
    MEDIA = "media", _("Media interpretation")
    VIDEO = "video", _("Video")
    QA = "qa", _("Questions and answers (问答)")


# --- Snippets and counters ---------------------------------------------------


class Expert(TranslatableMixin, models.Model):
    """A person who interprets policies: an official, a scholar, a journalist."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=80)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("organisation")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name"]

    def __str__(self):
        return " · ".join(part for part in [self.name, self.title, self.organisation] if part)


class IndexNumberCounter(models.Model):
    """The last serial handed out for a department code and year. Allocation
    locks this row (see policies.release.allocate_index_number)."""

    department_code = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department_code", "year"], name="unique_index_counter")]

    def __str__(self):
        return f"{self.department_code}/{self.year}: {self.last}"


class AssignedIndexNumber(models.Model):
    """The register of index numbers handed out: one per document (a document
    and its translations share a translation key) and never reused."""

    number = models.CharField(max_length=60, unique=True)
    translation_key = models.UUIDField(unique=True)
    assigned_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.number


# --- Policies ----------------------------------------------------------------


FILTERS = ["department", "topic", "year", "kind", "validity"]
FILTER_CACHE_SECONDS = 300


class PolicyIndexPage(RoutablePageMixin, BasePage):
    subpage_types = ["policies.PolicyPage"]
    parent_page_types = ["home.HomePage"]
    per_page = 20

    class Meta:
        verbose_name = _("policy index page")

    def live_policies(self):
        return PolicyPage.objects.child_of(self).live().public()

    def filter_choices(self):
        """Options of the filter form. Cached for a few minutes: a new year or
        department appears in the form at most FILTER_CACHE_SECONDS late."""
        key = f"policies:filters:{self.pk}:{translation.get_language()}"
        return cache.get_or_set(key, self._filter_choices, FILTER_CACHE_SECONDS)

    def _filter_choices(self):
        policies = self.live_policies()
        departments = Department.objects.filter(locale=self.locale).order_by("name")
        if not departments.exists():
            ids = policies.values("pk")
            departments = Department.objects.filter(
                pk__in=PolicyPage.issuers.through.objects.filter(policypage__in=ids).values("department")
            ).order_by("name")
        topics = Topic.objects.filter(locale=self.locale).order_by("name")
        # Min/max rather than DISTINCT over a date function: one aggregate
        # however many documents the repository holds.
        span = policies.aggregate(first=Min("published_on"), last=Max("published_on"))
        years = list(range(span["last"].year, span["first"].year - 1, -1)) if span["first"] else []
        return {
            "department": [(d.code, d.short_name or d.name) for d in departments],
            "topic": [(t.slug, t.name) for t in topics],
            "year": [(str(y), str(y)) for y in years],
            "kind": [(value, str(label)) for value, label in PolicyKind.choices],
            "validity": [(value, str(label)) for value, label in Validity.choices],
        }

    def clean_filters(self, params):
        """The recognised filters of a query string; unknown values are dropped
        so that every listing has one canonical URL."""
        choices = self.filter_choices()
        chosen = {}
        for name in FILTERS:
            value = (params.get(name) or "").strip()
            if value and value in {key for key, _label in choices[name]}:
                chosen[name] = value
        return chosen, choices

    def filtered(self, chosen):
        # Many-to-many filters as subqueries, so no DISTINCT is needed.
        policies = self.live_policies()
        if "department" in chosen:
            issuers = PolicyPage.issuers.through.objects.filter(department__code=chosen["department"])
            policies = policies.filter(pk__in=issuers.values("policypage_id"))
        if "topic" in chosen:
            topics = PolicyPage.topics.through.objects.filter(topic__slug=chosen["topic"])
            policies = policies.filter(pk__in=topics.values("policypage_id"))
        if "year" in chosen:
            policies = policies.filter(published_on__year=int(chosen["year"]))
        if "kind" in chosen:
            policies = policies.filter(kind=chosen["kind"])
        if "validity" in chosen:
            policies = policies.filter(validity=chosen["validity"])
        return policies.order_by("-published_on", "-first_published_at", "-pk")

    @staticmethod
    def query_string(chosen, page=1):
        query = QueryDict(mutable=True)
        for name in FILTERS:
            if chosen.get(name):
                query[name] = chosen[name]
        if page and page > 1:
            query["page"] = str(page)
        encoded = query.urlencode()
        return "?" + encoded if encoded else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chosen, choices = self.clean_filters(request.GET)
        paginator = Paginator(
            self.filtered(chosen).only(
                "id",
                "title",
                "url_path",
                "summary",
                "published_on",
                "first_published_at",
                "document_number",
                "index_number",
                "validity",
                "kind",
                "locale_id",
                "path",
                "depth",
                "content_type_id",
            ),
            self.per_page,
        )
        try:
            page_number = int(request.GET.get("page", 1))
            listing = paginator.page(page_number)
        except (PageNotAnInteger, ValueError, EmptyPage):
            listing = paginator.page(1)
        base = self.get_url(request) or ""
        context.update(
            policies=listing,
            paginator=paginator,
            chosen=chosen,
            filter_choices=choices,
            canonical_url=base + self.query_string(chosen, listing.number),
            previous_url=base + self.query_string(chosen, listing.previous_page_number())
            if listing.has_previous()
            else None,
            next_url=base + self.query_string(chosen, listing.next_page_number()) if listing.has_next() else None,
            base_url=base,
        )
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("feed/")
    def feed(self, request):
        """The old RSS address. The policy feed is the section's Atom feed
        (cms/feeds.py, announced in every page's head); subscribers are sent
        on permanently, in the index's language."""
        with translation.override(self.locale.language_code):
            return HttpResponsePermanentRedirect(reverse("feed-policies"))


class PolicyPageForm(LocalizedPageForm):
    """Editorial checks that only make sense while an editor is at the form
    (the model's clean() also runs on every programmatic save)."""

    def clean(self):
        cleaned = super().clean()
        expires_on, validity = cleaned.get("expires_on"), cleaned.get("validity")
        if validity == Validity.VALID and expires_on and expires_on <= timezone.localdate():
            self.add_error(
                "validity", _("The expiry date has passed: set the validity to “Expired” (or correct the expiry date).")
            )
        return cleaned


class PolicyPage(BasePage):
    base_form_class = PolicyPageForm

    document_number = models.CharField(
        _("document number"), max_length=80, blank=True, help_text=_("文号 as written, e.g. 国办发〔2013〕100号")
    )
    document_number_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    issuers = ParentalManyToManyField(Department, verbose_name=_("issuing authorities"), blank=True, related_name="+")
    written_on = models.DateField(_("date written"), null=True, blank=True, help_text=_("成文日期"))
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("发布日期. Filled in at first publication when left empty."),
    )
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    expires_on = models.DateField(
        _("expiry date"), null=True, blank=True, help_text=_("The document becomes expired on this day, automatically.")
    )
    validity = models.CharField(
        _("validity"), max_length=10, choices=Validity.choices, default=Validity.VALID, db_index=True
    )
    superseded_by = models.ForeignKey(
        "policies.PolicyPage",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text=_("The document that amends or replaces this one."),
    )
    kind = models.CharField(
        _("document kind"), max_length=12, choices=PolicyKind.choices, default=PolicyKind.NORMATIVE, db_index=True
    )
    disclosure_mode = models.CharField(
        _("disclosure mode"), max_length=12, choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE
    )
    index_number = models.CharField(
        _("index number"),
        max_length=60,
        blank=True,
        editable=False,
        help_text=_("索引号, assigned at first publication and never changed."),
    )
    is_major = models.BooleanField(
        _("major policy"),
        default=False,
        help_text=_("A major policy is released only together with at least one approved interpretation (同步解读)."),
    )
    change_note = models.TextField(
        _("public change note"),
        blank=True,
        help_text=_(
            "修订说明: shown publicly in the page's change history when this version is published. Leave empty for corrections that need no note."
        ),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        ReleaseStatusPanel(heading=_("Publication status")),
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("issuers", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("disclosure_mode")]),
                FieldRowPanel([FieldPanel("written_on"), FieldPanel("published_on")]),
                FieldRowPanel([FieldPanel("effective_on"), FieldPanel("expires_on")]),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("superseded_by")]),
                FieldPanel("is_major"),
                FieldPanel("index_number", read_only=True),
            ],
            heading=_("Disclosure metadata"),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Attachments")),
        FieldPanel("change_note"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("document_number"),
        index.SearchField("index_number"),
        index.SearchField("body"),
        index.FilterField("validity"),
        index.FilterField("kind"),
        index.FilterField("published_on"),
    ]
    override_translatable_fields = [
        SynchronizedField("document_number"),
        SynchronizedField("written_on"),
        SynchronizedField("published_on"),
        SynchronizedField("effective_on"),
        SynchronizedField("expires_on"),
        SynchronizedField("validity"),
        SynchronizedField("kind"),
        SynchronizedField("disclosure_mode"),
        SynchronizedField("is_major"),
    ]
    # Assigned by the site, not written by the editor: no new revision for them.
    revision_state_fields = ("index_number", "document_number_key")
    # A copy is a new document: it gets its own number at its own first publication.
    exclude_fields_in_copy = ["index_number", "change_note"]
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []

    api_fields = [
        APIField("document_number"),
        APIField("index_number"),
        APIField("issuers", serializer=serializers.ReadOnlyField(source="api_issuers")),
        APIField("written_on"),
        APIField("published_on"),
        APIField("effective_on"),
        APIField("expires_on"),
        APIField("validity"),
        APIField("kind"),
        APIField("disclosure_mode"),
        APIField("is_major"),
        APIField("topics", serializer=serializers.ReadOnlyField(source="api_topics")),
        APIField("superseded_by", serializer=serializers.ReadOnlyField(source="api_superseded_by")),
        APIField("interpretations", serializer=serializers.ReadOnlyField(source="api_interpretations")),
        APIField("cites", serializer=serializers.ReadOnlyField(source="api_cites")),
        APIField("external_citations", serializer=serializers.ReadOnlyField(source="api_external_citations")),
        APIField("cited_by", serializer=serializers.ReadOnlyField(source="api_cited_by")),
        APIField("change_history", serializer=serializers.ReadOnlyField(source="api_change_history")),
        APIField("summary"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")

    def save(self, *args, **kwargs):
        self.document_number_key = numbers.normalise(self.document_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "document_number" in update_fields:
            kwargs["update_fields"] = list(update_fields) + ["document_number_key"]
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.written_on and self.effective_on and self.effective_on < self.written_on:
            errors["effective_on"] = _("A document cannot take effect before the date it was written.")
        if self.expires_on and self.effective_on and self.expires_on <= self.effective_on:
            errors["expires_on"] = _("The expiry date must come after the effective date.")
        if self.validity == Validity.AMENDED and not self.superseded_by_id:
            errors["superseded_by"] = _("An amended document needs a link to the document that amends it.")
        if self.superseded_by_id and self.pk and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("A document cannot supersede itself.")
        if errors:
            raise ValidationError(errors)

    # Keep what belongs to the page as a whole, not to one revision: the index
    # number never changes, whichever revision is published or reverted to,
    # and a version that leaves the 发布日期 empty does not erase it.
    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        if not obj.published_on and self.live:
            obj.published_on = self.published_on
        return obj

    # --- Publication rules (cms/publication.py runs them on every path) ---

    def publication_problems(self, user=None):
        from .release import release_problems

        return release_problems(self)

    def prepare_publication(self, revision):
        from .release import prepare_policy

        prepare_policy(self)

    def after_publication(self, revision, user):
        from .release import after_policy_publication

        after_policy_publication(self, revision, user)

    # --- Public reading helpers ---

    @property
    def is_current(self):
        return self.validity == Validity.VALID

    def live_interpretations(self):
        return InterpretationPage.objects.live().public().filter(policy=self).order_by("-first_published_at")

    def attachment_list(self):
        return [a for a in self.attachments.select_related("document").all() if a.document_id]

    def public_changes(self):
        return self.changes.order_by("-published_at")

    def outgoing_citations(self):
        from .citations import resolve_citations

        return resolve_citations(self)

    def cited_by(self):
        from .citations import citing_pages

        return citing_pages(self)

    def live_successor(self):
        successor = self.superseded_by
        return successor if successor and successor.live else None

    # --- API helpers ---

    @cached_property
    def api_issuers(self):
        return [{"id": d.pk, "code": d.code, "name": d.name} for d in self.issuers.all()]

    @property
    def api_topics(self):
        return [{"id": t.pk, "slug": t.slug, "name": t.name} for t in self.topics.all()]

    @property
    def api_superseded_by(self):
        successor = self.live_successor()
        return page_ref(successor) if successor and successor.get_view_restrictions().count() == 0 else None

    @property
    def api_interpretations(self):
        return [page_ref(p, kind=p.kind) for p in self.live_interpretations()]

    @property
    def api_cites(self):
        cited, _external = self.outgoing_citations()
        return [page_ref(p, document_number=p.document_number) for p in cited]

    @property
    def api_external_citations(self):
        _cited, external = self.outgoing_citations()
        return external

    @property
    def api_cited_by(self):
        return [page_ref(p) for p in self.cited_by()]

    @property
    def api_change_history(self):
        return [{"published_at": c.published_at.isoformat(), "note": c.note} for c in self.public_changes()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: the template renders these inside a cached fragment, so on a
        # fragment-cache hit none of their queries run.
        citations = SimpleLazyObject(self.outgoing_citations)
        context.update(
            interpretations=self.live_interpretations(),
            cited=lazy_item(citations, 0),
            external_citations=lazy_item(citations, 1),
            cited_by=SimpleLazyObject(lambda: list(self.cited_by())),
            successor=SimpleLazyObject(lambda: self.live_successor() or ""),
            changes=self.public_changes(),
        )
        return context


def lazy_item(lazy_tuple, index):
    return SimpleLazyObject(lambda: lazy_tuple[index])


def page_ref(page, **extra):
    return {"id": page.pk, "title": page.title, "url": page.full_url, **extra}


class PolicyAttachment(Orderable):
    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("link text"), max_length=200, blank=True, help_text=_("Defaults to the document title."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")

    @property
    def label(self):
        return self.title or self.document.title


class PolicyChange(models.Model):
    """A public change note (修订说明), recorded when a version carrying one is
    published. Internal revisions and review comments never appear here."""

    page = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="changes")
    revision = models.OneToOneField(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"))
    note = models.TextField(_("change note"))

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("public change note")

    def __str__(self):
        return f"{self.published_at:%Y-%m-%d}: {self.note[:40]}"


class Citation(models.Model):
    """One reading of a document number mentioned in the live body of a page.
    A mention yields a row per candidate key (see policies.numbers); reading
    time decides which candidate is a document in the repository, so a
    citation of a document added later starts linking by itself."""

    source = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="policy_citations")
    mention = models.PositiveIntegerField(default=0)
    number_key = models.CharField(max_length=80, db_index=True)
    written = models.CharField(max_length=100)
    is_guess = models.BooleanField(default=False)

    class Meta:
        ordering = ["source", "mention", "pk"]
        constraints = [models.UniqueConstraint(fields=["source", "number_key"], name="unique_citation_per_source")]

    def __str__(self):
        return self.written


# --- Interpretations -----------------------------------------------------------


class InterpretationIndexPage(BasePage):
    subpage_types = ["policies.InterpretationPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("interpretation index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["interpretations"] = (
            InterpretationPage.objects.child_of(self).live().public().order_by("-first_published_at")
        )
        return context


class InterpretationPage(BasePage):
    policy = models.ForeignKey(
        PolicyPage,
        verbose_name=_("policy interpreted"),
        on_delete=models.PROTECT,
        related_name="interpretations",
        null=True,
        blank=False,
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=InterpretationKind.choices, default=InterpretationKind.OFFICIAL
    )
    media = models.ForeignKey(
        wagtailmedia_settings.MEDIA_MODEL,
        verbose_name=_("audio or video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        FieldPanel("policy"),
        FieldPanel("kind"),
        InlinePanel("interpreters", label=_("Interpreters")),
        FieldPanel("media"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("kind")]
    override_translatable_fields = [SynchronizedField("kind")]
    parent_page_types = ["policies.InterpretationIndexPage"]
    subpage_types = []

    api_fields = [
        APIField("policy", serializer=serializers.ReadOnlyField(source="api_policy")),
        APIField("kind"),
        APIField("interpreters", serializer=serializers.ReadOnlyField(source="api_interpreters")),
        APIField("summary"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("policy interpretation")

    def clean(self):
        super().clean()
        if not self.policy_id:
            raise ValidationError({"policy": _("Choose the policy document this interprets.")})

    # --- Publication rules (cms/publication.py runs them on every path) ---

    def publication_problems(self, user=None):
        from .release import interpretation_problems

        return interpretation_problems(self)

    def publication_hold_message(self):
        from .release import hold_message

        return hold_message(self)

    def hold_publication(self, revision, user):
        from .release import hold_interpretation

        hold_interpretation(self, revision, user)

    def after_publication(self, revision, user):
        from .citations import update_citations

        update_citations(self)

    def live_policy(self):
        policy = self.policy
        return policy if policy and policy.live and policy.get_view_restrictions().count() == 0 else None

    def interpreter_list(self):
        return list(self.interpreters.select_related("expert").all())

    @property
    def api_policy(self):
        policy = self.live_policy()
        if not policy:
            return None
        return page_ref(policy, document_number=policy.document_number, index_number=policy.index_number)

    @property
    def api_interpreters(self):
        return [
            {"name": i.display_name, "title": i.display_title, "organisation": i.display_organisation}
            for i in self.interpreter_list()
        ]

    def is_held_for_release(self):
        return PendingRelease.objects.filter(interpretation=self).exists()


class Interpreter(Orderable):
    page = ParentalKey(InterpretationPage, on_delete=models.CASCADE, related_name="interpreters")
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(
        pgettext_lazy("person", "name"),
        max_length=80,
        blank=True,
        help_text=_("When the interpreter is not in the expert list."),
    )
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)

    panels = [
        FieldPanel("expert"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("title"), FieldPanel("organisation")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("interpreter")

    def clean(self):
        if not self.expert_id and not self.name:
            raise ValidationError(_("Choose an expert or type the interpreter's name."))

    @property
    def display_name(self):
        return self.name or (self.expert.name if self.expert else "")

    @property
    def display_title(self):
        return self.title or (self.expert.title if self.expert else "")

    @property
    def display_organisation(self):
        return self.organisation or (self.expert.organisation if self.expert else "")


class PendingRelease(models.Model):
    """An approved interpretation revision waiting for its major policy: it
    goes live in the same transaction, with the same timestamp, as the policy."""

    interpretation = models.OneToOneField(InterpretationPage, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.interpretation} (revision {self.revision_id})"
