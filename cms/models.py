"""Shared building blocks: the abstract base page, its mixins, the snippets
every section uses and the site-wide settings."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from cms.locale_choices import LocalizedPageForm
from cms.publication import PublicationRules, guard_live_save, keeps_live_row
from cms.restrictions import ViewRestrictionShortcutMixin


class Department(TranslatableMixin, index.Indexed, models.Model):
    """A government office. Its code is the prefix of index numbers (索引号)."""

    name = models.CharField(pgettext_lazy("object", "name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    code = models.CharField(
        _("code"),
        max_length=30,
        help_text=_("Organisation code used in index numbers, e.g. 11440300007542xxxX or GKB."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("code"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("office_hours"),
                FieldPanel("website"),
            ],
            heading=_("Public contact"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("code"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="unique_department_code_per_locale")]

    def __str__(self):
        return self.name


class Topic(TranslatableMixin, models.Model):
    """A subject category (主题分类) such as 教育, 医疗卫生, 住房保障."""

    name = models.CharField(pgettext_lazy("object", "name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")]

    def __str__(self):
        return self.name


class SiteIdentity(TranslatableMixin, models.Model):
    """The words the public reads in the header and footer, one per language."""

    site_name = models.CharField(_("site name"), max_length=80)
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    organiser = models.CharField(_("organiser"), max_length=160, blank=True, help_text=_("主办单位"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    footer_text = RichTextField(_("footer text"), blank=True, features=["bold", "italic", "link"])

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("organiser"),
        FieldPanel("address"),
        FieldPanel("footer_text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site identity")
        verbose_name_plural = _("site identities")

    def __str__(self):
        return self.site_name


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Language-neutral facts about the site: numbers are the same in every language."""

    hotline = models.CharField(_("hotline"), max_length=40, blank=True, help_text=_("e.g. 12345"))
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    icp_record = models.CharField(_("ICP record number"), max_length=60, blank=True, help_text=_("ICP备案号"))
    public_security_record = models.CharField(
        _("public security record"), max_length=60, blank=True, help_text=_("公安备案号")
    )
    site_identifier = models.CharField(
        _("government site identifier"), max_length=40, blank=True, help_text=_("政府网站标识码")
    )

    panels = [
        FieldPanel("hotline"),
        FieldPanel("contact_email"),
        FieldPanel("icp_record"),
        FieldPanel("public_security_record"),
        FieldPanel("site_identifier"),
    ]

    class Meta:
        verbose_name = _("site settings")


# --- Page mixins -------------------------------------------------------------


class SummaryMixin(models.Model):
    summary = models.TextField(
        _("summary"), blank=True, max_length=600, help_text=_("Shown in listings, search results and shared links.")
    )

    summary_panels = [FieldPanel("summary")]

    class Meta:
        abstract = True


class SocialMixin(models.Model):
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Used when the page is shared (Open Graph, WeChat)."),
    )
    noindex = models.BooleanField(_("hide from search engines"), default=False)

    social_panels = [FieldPanel("social_image"), FieldPanel("noindex")]

    class Meta:
        abstract = True


class TopicsMixin(models.Model):
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")

    topic_panels = [FieldPanel("topics", widget=forms.CheckboxSelectMultiple)]

    class Meta:
        abstract = True


class BasePage(ViewRestrictionShortcutMixin, PublicationRules, SummaryMixin, SocialMixin, TopicsMixin, Page):
    """Abstract base of every public page type."""

    content_panels = Page.content_panels + SummaryMixin.summary_panels
    promote_panels = Page.promote_panels + SocialMixin.social_panels
    # Departments, topics… offered in the page's language only (cms/locale_choices.py).
    base_form_class = LocalizedPageForm
    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        abstract = True

    def localized_topics(self):
        return [topic.localized for topic in self.topics.all()]

    # Page types add publication rules by overriding PublicationRules'
    # methods; cms/publication.py runs them on every path.

    def save_revision(
        self,
        user=None,
        approved_go_live_at=None,
        changed=True,
        log_action=False,
        previous_revision=None,
        clean=True,
        overwrite_revision=None,
    ):
        """No new revision when nothing changed: autosave, a workflow action
        from the editor or an unchanged formset would otherwise undo review
        (cms/revisions.py). Reviewers' comments belong to the page, not to a
        revision: they are kept without one. A settled revision is never
        overwritten in place."""
        from cms import revisions

        if clean:
            self.full_clean()
        latest = self.get_latest_revision()
        if (
            latest is not None
            and approved_go_live_at is None
            and revisions.same_content(type(self), latest.content, self.serializable_data())
        ):
            revisions.keep_comments(self, latest)
            return latest
        if overwrite_revision is not None and revisions.revision_is_settled(overwrite_revision):
            overwrite_revision = None
        return super().save_revision(
            user=user,
            approved_go_live_at=approved_go_live_at,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            clean=False,
            overwrite_revision=overwrite_revision,
        )

    def save(self, *args, **kwargs):
        # A live row is never rewritten with unpublished content; a row
        # becoming live without a revision being published (a copy kept live,
        # an alias following its original, code) meets the publication rules.
        if kwargs.get("update_fields") is None and keeps_live_row(self):
            return None
        after_save = guard_live_save(self) if kwargs.get("update_fields") is None else None
        result = super().save(*args, **kwargs)
        if after_save is not None:
            after_save()
        return result


# Collections marked public by a site administrator live in cms/assets/models.py.
from cms.assets.models import PublicCollection  # noqa: E402, F401

# Publish-to-channels models live in cms/channels.py.
from cms.channels import Channel, ChannelDelivery  # noqa: E402,F401 - models of the publish-to-channels module

# Two-factor enrolment grants and password history (cms/twofactor/models.py, cms/password_policy.py).
from cms.password_policy import PasswordHistory  # noqa: E402, F401
from cms.twofactor.models import EnrolmentGrant  # noqa: E402, F401

# The review workflow's models live in cms/workflow/models.py.
from cms.workflow.models import (  # noqa: E402, F401
    ConfidentialityReviewRecord,
    ConfidentialityReviewTask,
    ConfidentialityReviewTaskState,
    FastTrackPublication,
    ReviewNotification,
    ReviewSettings,
    ScopedGroupApprovalTask,
)
