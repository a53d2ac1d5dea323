"""What the briefings app contributes to the shared registries (cms/sections.py)."""

from django.utils.translation import gettext_lazy as _

from cms import sections


def register():
    sections.register(
        sections.Section(
            key="briefings",
            label=_("Press briefings"),
            page_model="briefings.BriefingPage",
            index_model="briefings.BriefingIndexPage",
            search_key="briefing",
            search_label=_("Press briefing"),
            date_fields=("starts_at", "first_published_at"),
            published_field="starts_at",
            # The speakers' departments: a search facet, not listed in the catalogue.
            department_path="speakers__spokesperson__department",
            catalogue_departments=False,
            home=True,
            curated=True,
            order=30,
        )
    )
    sections.register(
        sections.Section(
            key="incidents",
            label=_("Incident updates"),
            page_model="briefings.IncidentPage",
            index_model="briefings.IncidentIndexPage",
            search_key="incident",
            search_label=_("Incident update"),
            department_path="department",
            # A new update republishes the page: the feed follows the latest change.
            feed_order="-last_published_at",
            order=50,  # reviewed too; urgent updates take the fast track
        )
    )
    sections.register_seeder("briefings.roles.seed")
    sections.register_demo_loader("briefings.demo", order=20)
