"""What the home app contributes to the shared registries (cms/sections.py)."""

from django.utils.translation import gettext_lazy as _

from cms import sections


def register():
    # Special topics are curated pages: a feed, but no catalogue rows, search
    # type or review workflow of their own.
    sections.register(
        sections.Section(
            key="topics",
            label=_("Special topics"),
            page_model="home.TopicPage",
            index_model="home.TopicIndexPage",
            catalogue=False,
            workflow=False,
            search=False,
            order=60,
        )
    )
    sections.register_demo_loader("home.demo", order=50)
