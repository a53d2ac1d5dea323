"""Skip the view-restriction queries while no page on the site is restricted.

Wagtail checks every page served against the PageViewRestrictions of the
page and all its ancestors: two queries per request, answering "none" on
most portals, where nothing is behind a password or login. Whether any
restriction exists at all is asked once per process and content generation
(saving or deleting a restriction moves the generation: cms/signals.py) and
at most every FRAGMENT_CACHE_SECONDS; while the answer is no, a page's
restrictions are an empty queryset that costs nothing.
"""

import time

from wagtail.models import PageViewRestriction

from cms import fragments


def any_restrictions():
    seconds = fragments.seconds()
    if seconds <= 0:
        return True  # switched off (tests): always ask Wagtail
    table = fragments.process_table("restrictions")
    now = time.monotonic()
    if table.get("until", 0.0) <= now:
        table.update(until=now + seconds, any=PageViewRestriction.objects.exists())
    return table["any"]


class ViewRestrictionShortcutMixin:
    def get_view_restrictions(self):
        if not any_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
