from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultipleChooserPanel, PageChooserPanel
from wagtail.admin.widgets import AdminPageChooser
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import sections
from cms.blocks import BaseStreamBlock
from cms.models import BasePage, TopicsMixin
from cms.routecache import LocalizedCacheMixin, RouteCacheMixin

from .blocks import TopicStreamBlock
from .home_sections import latest_by_section


class CuratedPageChooserPanel(PageChooserPanel):
    """Chooses a page of the sections registered with `curated=True`
    (cms/sections.py), read when the form is built."""

    def get_form_options(self):
        opts = super().get_form_options()
        targets = [section.page_model for section in sections.curated()]
        opts.setdefault("widgets", {})[self.field_name] = AdminPageChooser(target_models=targets)
        return opts


class HomePage(LocalizedCacheMixin, RouteCacheMixin, BasePage):
    """The portal's front page: the latest items of every section."""

    intro = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("introduction"))
    items_per_section = 5

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: rendered inside a cached fragment, so a cache hit runs no query.
        context["sections"] = SimpleLazyObject(lambda: latest_by_section(self, self.items_per_section))
        context["topic_pages"] = (
            TopicPage.objects.live().public().filter(locale_id=self.locale_id).order_by("-first_published_at")[:4]
        )
        return context


class TopicIndexPage(BasePage):
    """专题: the list of topic pages."""

    subpage_types = ["home.TopicPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("topic index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topic_pages"] = TopicPage.objects.child_of(self).live().public().order_by("-first_published_at")
        return context


class TopicPage(BasePage):
    """A topic (专题): text, key figures, charts with data tables, audio/video
    and a curated list of policies and briefings."""

    body = StreamField(TopicStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        *TopicsMixin.topic_panels,
        FieldPanel("body"),
        MultipleChooserPanel("curated_items", chooser_field_name="target", label=_("Curated policies and briefings")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = [APIField("summary"), APIField("body"), APIField("curated")]
    parent_page_types = ["home.TopicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("topic page")

    def curated_pages(self):
        """Live, public curated pages in this page's language, in editor order."""
        pages = []
        for item in self.curated_items.select_related("target").all():
            target = item.target
            if target is None:
                continue
            localized = target.get_translations(inclusive=True).filter(locale_id=self.locale_id).live().public().first()
            if localized is not None:
                pages.append(localized.specific)
        return pages

    def curated_groups(self):
        policies, briefings = [], []
        for page in self.curated_pages():
            (briefings if page._meta.app_label == "briefings" else policies).append(page)
        return {"policies": policies, "briefings": briefings}

    @property
    def curated(self):
        return [{"id": p.pk, "title": p.title, "type": p._meta.label_lower, "url": p.url} for p in self.curated_pages()]


class TopicPageLink(Orderable):
    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="curated_items")
    target = models.ForeignKey(Page, verbose_name=_("policy or briefing"), on_delete=models.CASCADE, related_name="+")

    panels = [CuratedPageChooserPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("curated item")
        verbose_name_plural = _("curated items")
