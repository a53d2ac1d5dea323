"""Keep the page cache in step with publishing."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache
from .models import Department, FastTrackPublication, ReviewSettings, SiteIdentity, SiteSettings, Topic


@receiver(page_published)
@receiver(page_unpublished)
def purge_published_page(sender, instance, **kwargs):
    # wagtail.contrib.frontend_cache's own handler purges `instance` at a CDN.
    pagecache.purge_page(instance, already_at_cdn=True)


@receiver(post_page_move)
def purge_moved_page(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    # The old address must stop serving the cached copy too.
    old_paths = []
    if url_path_before and url_path_before != url_path_after:
        site_root = instance.get_site().root_page.url_path if instance.get_site() else "/"
        if url_path_before.startswith(site_root):
            old_paths.append("/" + url_path_before[len(site_root) :])
    pagecache.purge_page(instance, extra_paths=old_paths)


@receiver(post_save, sender=Department)
@receiver(post_save, sender=Topic)
@receiver(post_save, sender=SiteIdentity)
@receiver(post_save, sender=SiteSettings)
@receiver(post_save, sender=ReviewSettings)
@receiver(post_save, sender=FastTrackPublication)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_delete, sender=Department)
@receiver(post_delete, sender=Topic)
def purge_site_wide(sender, created=False, **kwargs):
    if created and sender in (SiteSettings, ReviewSettings):
        return  # made on first use with empty values: no page shows anything new
    pagecache.purge_everything()
