"""Skip the view-restriction queries while no page on the site is restricted.

Wagtail checks every page served against the PageViewRestrictions of the
page and all its ancestors: two queries per request, answering "none" on
most portals, where nothing is behind a password or login. Whether any
restriction exists at all is asked once per process and content generation
(saving or deleting a restriction moves the generation: cms/signals.py) and
at most every FRAGMENT_CACHE_SECONDS; while the answer is no, a page's
restrictions are an empty queryset that costs nothing.

Every privacy change (a restriction on a page or a collection saved or
deleted, a page unpublished, moved or deleted) moves the shared privacy
generation (cms/fragments.py), so every process asks again, and drops its
cached pages, on its next request: never 30 s of a private page served whole
from another worker's cache (tests/security/test_privacy_purge.py).
"""

import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

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


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def privacy_changed(sender, **kwargs):
    fragments.bump_privacy()
