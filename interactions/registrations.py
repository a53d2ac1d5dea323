"""What the interactions app contributes to the shared registries (cms/sections.py)."""

from django.utils.translation import gettext_lazy as _

from cms import sections


def register():
    sections.register(
        sections.Section(
            key="consultations",
            label=_("Public consultations"),
            page_model="interactions.ConsultationPage",
            index_model="interactions.ConsultationIndexPage",
            search_key="consultation",
            search_label=_("Consultation"),
            date_fields=("opens_at", "first_published_at"),
            department_path="department",
            home=True,
            order=40,
        )
    )
    sections.register_seeder("interactions.seeding.seed")
    sections.register_demo_loader("interactions.demo", order=30)
