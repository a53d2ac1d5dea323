"""Find the Wagtail Site of a request without a query on every request.

Wagtail looks the site up in the database for each request (by host and
port) and keeps the answer on `request._wagtail_site`. This middleware fills
that attribute from a per-process table of the sites seen so far, dropped
whenever the content generation moves (cms/fragments.py; saving or deleting
a Site bumps it), so a changed site is picked up on the next request.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http.request import split_domain_port
from wagtail.models import Site

from cms import fragments


def _lookup(request):
    sites = fragments.process_table("sites", request)
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    if key not in sites:
        site = Site._find_for_request(request)
        if site is not None:
            # Routing asks for `site.root_page.localized.specific` on every
            # request: keep the specific home page, so neither is a query.
            site.root_page = site.root_page.specific
        sites[key] = site
    return sites[key]


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if fragments.seconds() > 0 and not hasattr(request, "_wagtail_site"):
            request._wagtail_site = _lookup(request)
        return self.get_response(request)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_sites(sender, **kwargs):
    fragments.process_table("sites").clear()
    fragments.bump_generation()  # other processes drop theirs on their next request
