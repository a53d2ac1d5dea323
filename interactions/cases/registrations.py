"""What the cases app contributes to the shared registries: its seeder and
demo loader (cms/sections.py) and the published letter answers as a search
source (search/sources.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms import sections

# Only the masked public copies are searched, never the original text, so
# nobody finds a letter by a phone or ID number.
PUBLIC_FIELDS = ["public_subject", "public_body", "public_reply"]


def letter_answers(query, locale):
    """Published answers to letters the citizen agreed to publish."""
    from search.sources import MAX_ITEMS, ExternalItem, word_filter

    from .models import Case

    condition = word_filter(query, PUBLIC_FIELDS)
    if condition is None:
        return []
    cases = Case.objects.published().filter(condition).select_related("department").order_by("-replied_at")
    return [
        ExternalItem(
            key=f"letter:{case.pk}",
            type_key="letter",
            title=case.public_subject,
            text=" ".join(filter(None, [case.public_body, case.public_reply])),
            url=reverse("cases:answer", args=[case.pk]),
            department_code=case.department.code if case.department_id else None,
            date=case.replied_at,
        )
        for case in cases[:MAX_ITEMS]
    ]


def register():
    from search import sources

    sources.register(sources.Source("letter", _("Letter answer"), letter_answers))
    sections.register_seeder("interactions.cases.seeding.seed_cases")
    sections.register_demo_loader("interactions.cases.demo", order=40)
