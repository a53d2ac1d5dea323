"""What the home page lists: the newest live pages of every section
registered with `home=True` (cms/sections.py), in the home page's language."""

from cms import sections


def latest_by_section(home, limit):
    found = []
    for section in sections.home_page():
        items = (
            section.model.objects.live()
            .public()
            .filter(locale_id=home.locale_id)
            .order_by("-first_published_at")[:limit]
        )
        index_page = section.index.objects.live().filter(locale_id=home.locale_id).first()
        found.append({"key": section.key, "heading": section.label, "items": list(items), "index": index_page})
    return found
