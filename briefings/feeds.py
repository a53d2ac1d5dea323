"""Atom feed of an incident's updates (the first release is the oldest entry)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _


class IncidentUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, page):
        self.request = request
        return page

    def title(self, page):
        return page.title

    def subtitle(self, page):
        return page.summary or page.first_release[:200]

    def link(self, page):
        return page.get_url(self.request)

    def feed_url(self, page):
        return page.get_url(self.request) + "feed/"

    def feed_guid(self, page):
        return f"urn:gongkai:incident:{page.translation_key}:{page.locale.language_code}"

    def items(self, page):
        entries = [
            {
                "id": f"update-{update.pk}",
                "title": update.headline,
                "text": update.text,
                "when": update.posted_at,
                "anchor": f"update-{update.pk}",
            }
            for update in page.ordered_updates()
        ]
        entries.append(
            {
                "id": "first-release",
                "title": _("First release"),
                "text": page.first_release,
                "when": page.first_released_at,
                "anchor": "first-release",
            }
        )
        self._page = page
        return entries

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["text"]

    def item_link(self, item):
        return f"{self._page.get_url(self.request)}#{item['anchor']}"

    def item_guid(self, item):
        return f"urn:gongkai:incident:{self._page.translation_key}:{self._page.locale.language_code}:{item['id']}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item["when"]

    def item_updateddate(self, item):
        return item["when"]
