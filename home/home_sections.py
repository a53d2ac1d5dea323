"""What the home page lists: the newest live pages of each section, in the
home page's language. Later sections register here by adding a line."""

from django.utils.translation import gettext_lazy as _

# (key, heading, "app_label.ModelName" of the item pages, index model)
SECTIONS = [
    ("policies", _("Policy documents"), "policies.PolicyPage", "policies.PolicyIndexPage"),
    ("interpretations", _("Policy interpretations"), "policies.InterpretationPage", "policies.InterpretationIndexPage"),
    ("briefings", _("Press briefings"), "briefings.BriefingPage", "briefings.BriefingIndexPage"),
    ("consultations", _("Public consultations"), "interactions.ConsultationPage", "interactions.ConsultationIndexPage"),
]


def latest_by_section(home, limit):
    from django.apps import apps

    sections = []
    for key, heading, item_label, index_label in SECTIONS:
        item_model = apps.get_model(item_label)
        index_model = apps.get_model(index_label)
        items = (
            item_model.objects.live().public().filter(locale_id=home.locale_id).order_by("-first_published_at")[:limit]
        )
        index_page = index_model.objects.live().filter(locale_id=home.locale_id).first()
        sections.append({"key": key, "heading": heading, "items": list(items), "index": index_page})
    return sections
