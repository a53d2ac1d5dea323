"""What the policies app contributes to the shared registries (cms/sections.py)."""

from django.utils.translation import gettext_lazy as _

from cms import sections
from search import docnumbers

from . import numbers


def register():
    sections.register(
        sections.Section(
            key="policies",
            label=_("Policy documents"),
            page_model="policies.PolicyPage",
            index_model="policies.PolicyIndexPage",
            search_key="policy",
            search_label=_("Policy"),
            date_fields=("published_on", "written_on", "first_published_at"),
            published_field="published_on",
            department_path="issuers",
            validity_field="validity",
            home=True,
            demo_drafts=True,  # the demo's drafts waiting for review are policy documents
            curated=True,
            order=10,
        )
    )
    sections.register(
        sections.Section(
            key="interpretations",
            label=_("Policy interpretations"),
            page_model="policies.InterpretationPage",
            index_model="policies.InterpretationIndexPage",
            search_key="interpretation",
            search_label=_("Interpretation"),
            # An interpretation belongs to its policy's issuers and topics.
            department_path="policy__issuers",
            group_under="policy",
            home=True,
            curated=True,
            order=20,
        )
    )
    # A query that is a 文号 or 索引号 is read with the same grammar the pages store.
    docnumbers.register_grammar(numbers)
    sections.register_seeder("policies.tasks.seed_schedules")
    sections.register_seeder("policies.roles.seed")
    sections.register_demo_loader("policies.demo", order=10)
