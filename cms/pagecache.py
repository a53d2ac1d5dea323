"""Full-page cache for anonymous GET requests, purged precisely.

Only requests without a session cookie are served from or stored in the
cache; responses that set a cookie, use a CSRF token or say they are private
are never stored. The elder-friendly cookie and the language (URL prefix) are
part of the key, so every variant is cached separately.

Purging bumps a version number per URL path, so every variant of that path
(query strings for filters and pages included) is dropped at once. A publish
purges the page, its parent listing, its site's home pages and whatever the
page declares in `get_cache_dependents()` (an interpretation names its
policy, a consultation is purged when a comment on it is published), each at
its URL and the sub-paths its `get_cached_paths()` declares (a consultation's
feed and exports). The same pages go to Wagtail's frontend cache
(wagtail.contrib.frontend_cache, the one path to a CDN in front), as one batch
on the queue; the published page itself is left to Wagtail's own
page_published handler, so no URL is purged twice.

Every key also carries the shared privacy generation (cms/fragments.py): a
page restricted, unpublished, moved or deleted in any process is no longer
served from any worker's cache on the next request, even without Redis.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from wagtail.models import Page

logger = logging.getLogger(__name__)

GLOBAL_VERSION_KEY = "pagecache:global"
# Search results change with every publish anywhere, so they are never cached.
DEFAULT_EXCLUDED = (
    "/admin",
    "/documents",
    "/api/",
    "/healthz",
    "/jsi18n",
    "/static/",
    "/media/",
    "/search/",
    "/en/search/",
    "/elder-mode/",
)


def _cache():
    return caches[getattr(settings, "GONGKAI_PAGE_CACHE_ALIAS", "default")]


def _seconds():
    return int(getattr(settings, "GONGKAI_PAGE_CACHE_SECONDS", 600))


def _path_version_key(path):
    return "pagecache:v:" + hashlib.sha256(path.encode()).hexdigest()[:32]


def _entry_key(request, path_version, global_version):
    from cms import fragments

    parts = "|".join(
        [
            fragments.privacy_generation(request),
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            "elder" if request.COOKIES.get("elder") == "1" else "",
            str(path_version),
            str(global_version),
        ]
    )
    return "pagecache:e:" + hashlib.sha256(parts.encode()).hexdigest()


def _is_cacheable_request(request):
    if request.method not in ("GET", "HEAD") or _seconds() <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # logged in, or a citizen mid-way through a form
    if "preview" in request.GET:
        return False
    excluded = tuple(getattr(settings, "GONGKAI_PAGE_CACHE_EXCLUDE", DEFAULT_EXCLUDED))
    return not request.path.startswith(excluded)


def _is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page carries a CSRF token
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        cache = _cache()
        version_key = _path_version_key(request.path)
        versions = cache.get_many([version_key, GLOBAL_VERSION_KEY])
        key = _entry_key(request, versions.get(version_key, 0), versions.get(GLOBAL_VERSION_KEY, 0))
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in {"set-cookie", "x-page-cache"}]
            cache.set(key, (response.status_code, headers, response.content), _seconds())
            response["X-Page-Cache"] = "miss"
        return response


# --- Purging -------------------------------------------------------------------


def purge_paths(paths):
    from cms import fragments

    fragments.bump_generation()  # what changed may show in any page's fragments
    cache = _cache()
    for path in set(paths):
        key = _path_version_key(path)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, None)


def purge_everything():
    """Site-wide words changed (header, footer, department names)."""
    from cms import fragments

    fragments.bump_generation()
    cache = _cache()
    try:
        cache.incr(GLOBAL_VERSION_KEY)
    except ValueError:
        cache.set(GLOBAL_VERSION_KEY, 1, None)


def cached_urls(page):
    """(root URL, path) of every address the page is served at: its URL joined
    with each of its `get_cached_paths()` (Wagtail's frontend cache reads the
    same method, so the page cache and a CDN drop the same paths)."""
    parts = page.get_url_parts()
    if parts is None:
        return []
    _site_id, root_url, page_path = parts
    return [(root_url, page_path + path.lstrip("/")) for path in page.specific_deferred.get_cached_paths()]


def pages_affected_by(page):
    """The page, its parent listing, its home page and declared dependents."""
    page = page.specific
    affected = [page]
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        affected.append(parent.specific)
    home = page.get_ancestors(inclusive=True).filter(depth=2).first()
    if home is not None:
        affected.append(home.specific)
    # Pages this one points at show it (an interpretation is listed on its policy).
    for field in page._meta.concrete_fields:
        target = getattr(field, "related_model", None)
        if field.many_to_one and target is not None and issubclass(target, Page) and field.name != "page_ptr":
            related = getattr(page, field.name, None)
            if related is not None:
                affected.append(related)
    dependents = getattr(page, "get_cache_dependents", None)
    if dependents:
        affected.extend(dependents())
    return affected


def purge_pages(pages, extra_paths=(), *, already_at_cdn=None):
    """Drop the pages' cached copies (each at `cached_urls`) and `extra_paths`
    here, and the pages at a CDN in front through Wagtail's frontend cache.
    `already_at_cdn` is a page Wagtail's own frontend-cache handler purges
    (it does on page_published and page_unpublished), so it is not sent twice."""
    unique = list({page.pk: page for page in pages}.values())
    paths = [path for page in unique for _root, path in cached_urls(page)]
    purge_paths(paths + list(extra_paths))
    skip = getattr(already_at_cdn, "pk", None)
    purge_frontend_cache(pages=[page for page in unique if page.pk != skip])


def purge_page(page, extra_paths=(), *, already_at_cdn=False):
    """A change to `page`: drop it and every page that shows it (pages_affected_by)."""
    purge_pages(pages_affected_by(page), extra_paths, already_at_cdn=page if already_at_cdn else None)


def purge_frontend_cache(pages=(), urls=()):
    """Ask a CDN or caching proxy in front (WAGTAILFRONTENDCACHE) to drop the
    pages (their URL and `get_cached_paths()`, as Wagtail's own handler does)
    and full `urls`, through Wagtail's frontend cache: one batch, each URL once."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None) or not (pages or urls):
        return
    try:
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        batch = PurgeBatch(urls)
        batch.add_pages(pages)
        batch.purge()
    except Exception:
        logger.exception("Frontend cache purge failed")
