"""Atom feeds, one per section, in the visitor's language.

Every feed is a `SectionFeed`: the newest live, public pages of one section
registered with `feed=True` (cms/sections.py) in the language of the URL
(`/feeds/policies/` in Chinese, `/en/feeds/policies/` in English), ordered by
the section's `feed_order`."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import NoReverseMatch, path, reverse
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Locale

from cms import sections


@dataclass
class _FeedContext:
    request: object
    locale: Locale
    model: type


class SectionFeed(Feed):
    feed_type = Atom1Feed
    limit = 30

    def __init__(self, section):
        super().__init__()
        self.section = section

    def get_object(self, request, *args, **kwargs):
        return _FeedContext(request=request, locale=Locale.get_active(), model=self.section.model)

    def _home(self, ctx):
        from wagtail.models import Site

        site = Site.find_for_request(ctx.request) or Site.objects.filter(is_default_site=True).first()
        root = site.root_page if site else None
        if root is None:
            return None
        return root.get_translations(inclusive=True).filter(locale=ctx.locale).first() or root

    def _identity(self, ctx):
        from cms.models import SiteIdentity

        identity = SiteIdentity.objects.filter(locale=ctx.locale).first() or SiteIdentity.objects.first()
        return identity.site_name if identity else "Gongkai"

    def title(self, ctx):
        return f"{self.section.label} - {self._identity(ctx)}"

    def subtitle(self, ctx):
        return str(self.section.label)

    def link(self, ctx):
        index_model = self.section.index
        index = index_model.objects.live().public().filter(locale=ctx.locale).first() if index_model else None
        page = index or self._home(ctx)
        return page.get_full_url(ctx.request) if page else ctx.request.build_absolute_uri("/")

    def feed_url(self, ctx):
        return ctx.request.build_absolute_uri()

    def feed_guid(self, ctx):
        return f"urn:gongkai:feed:{self.section.key}:{ctx.locale.language_code}"

    def items(self, ctx):
        pages = list(
            ctx.model.objects.live()
            .public()
            .filter(locale=ctx.locale)
            .order_by(self.section.feed_order, "-pk")
            .prefetch_related(*(["topics"] if hasattr(ctx.model, "topics") else []))[: self.limit]
        )
        for page in pages:
            page._gongkai_feed_link = page.get_full_url(ctx.request)
        return pages

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        return getattr(page, "summary", "") or getattr(page, "search_description", "") or page.title

    def item_link(self, page):
        return page._gongkai_feed_link

    def item_guid(self, page):
        return f"urn:gongkai:page:{page.translation_key}:{page.locale_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return page.last_published_at or page.first_published_at

    def item_categories(self, page):
        topics = getattr(page, "topics", None)
        if topics is None:
            return ()
        # Feed pages are in the active locale: only other-locale topics need a lookup.
        return [(topic if topic.locale_id == page.locale_id else topic.localized).name for topic in topics.all()]


def feed_urlpatterns():
    """One URL per section (for i18n_patterns): feeds/<key>/."""
    return [
        path(f"feeds/{section.key}/", SectionFeed(section), name=f"feed-{section.key}") for section in sections.feeds()
    ]


def feeds_for_page(page):
    """[{title, url, key}] of the feeds a page should announce: every feed on
    the home page, the page's own section below it."""
    found = []
    for section in sections.feeds():
        if page is not None and (page.depth or 0) > 2:
            page_model = page.specific_class
            if page_model is not section.model and page_model is not section.index:
                continue
        try:
            found.append({"title": section.label, "url": reverse(f"feed-{section.key}"), "key": section.key})
        except NoReverseMatch:
            continue
    return found
