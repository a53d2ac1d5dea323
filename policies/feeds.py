from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _


class PolicyFeed(Feed):
    """RSS of the latest live, public policy documents under one index page."""

    def __init__(self, index):
        super().__init__()
        self.index = index

    def title(self):
        return self.index.title

    def link(self):
        return self.index.url

    def description(self):
        return self.index.summary or _("Latest policy documents")

    def items(self):
        return self.index.live_policies().order_by("-published_on", "-first_published_at")[:50]

    def item_title(self, item):
        return f"{item.title} {item.document_number}".strip()

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at
