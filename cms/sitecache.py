"""Find the Wagtail Site of a request without a query on every request.

Wagtail looks the site up in the database for each request (by host and
port) and keeps the answer on `request._wagtail_site`. This middleware fills
that attribute from a per-process table of the sites seen so far, dropped
whenever the content generation moves (cms/fragments.py; saving or deleting
a Site bumps it), so a changed site is picked up on the next request.

The Host header is visitor input. Only a host that ALLOWED_HOSTS accepts
reaches the table (any other request is answered 400 by Django without it),
the table maps (host, port) to a site id and holds each Site (with its
specific home page) once, and it is emptied when it reaches MAX_HOSTS, so
neither random hosts nor a wildcard in ALLOWED_HOSTS can grow a worker.
"""

from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http.request import split_domain_port
from wagtail.models import Site

from cms import fragments

MAX_HOSTS = 256


def _allowed_key(request):
    """(host, port) when ALLOWED_HOSTS accepts the request's host, else None."""
    try:
        host = request.get_host()  # the ALLOWED_HOSTS check, as Django does it
    except DisallowedHost:
        return None
    return split_domain_port(host)[0], request.get_port()


def _lookup(request, key):
    hosts = fragments.process_table("site-hosts", request)
    sites = fragments.process_table("sites", request)
    if key in hosts:
        return sites.get(hosts[key])
    site = Site._find_for_request(request)
    if site is None:
        return None
    if site.pk not in sites:
        # Routing asks for `site.root_page.localized.specific` on every
        # request: keep the specific home page, so neither is a query.
        site.root_page = site.root_page.specific
        sites[site.pk] = site
    if len(hosts) >= MAX_HOSTS:
        hosts.clear()
    hosts[key] = site.pk
    return sites[site.pk]


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if fragments.seconds() > 0 and not hasattr(request, "_wagtail_site"):
            key = _allowed_key(request)
            if key is not None:
                request._wagtail_site = _lookup(request, key)
        return self.get_response(request)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_sites(sender, **kwargs):
    fragments.process_table("sites").clear()
    fragments.process_table("site-hosts").clear()
    fragments.bump_generation()  # other processes drop theirs on their next request
