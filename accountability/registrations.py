"""What the accountability app contributes to the shared registries (cms/sections.py)."""

from django.utils.translation import gettext_lazy as _

from cms import sections


def register():
    # The annual disclosure report (政府信息公开工作年度报告) is reviewed before
    # publication; it has no feed, catalogue rows or search results of its own.
    sections.register(
        sections.Section(
            key="annual-reports",
            label=_("annual disclosure reports"),
            page_model="accountability.AnnualReportPage",
            index_model="accountability.AnnualReportIndexPage",
            feed=False,
            catalogue=False,
            search=False,
            order=70,
        )
    )
    sections.register_seeder("accountability.seeding.seed")
    sections.register_demo_loader("accountability.demo", order=60)  # last: generates activity from the others
