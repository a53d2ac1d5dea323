"""Fragment cache for the parts of a page that cost the most to render.

Every rendered page shares the same header, navigation, language links,
breadcrumbs, footer, QR code and review record, and a policy page adds its
citations and related briefings: together most of an uncached render. The
`{% fragment %}` tag (cms/templatetags/fragment_tags.py) stores such a part
under a key made of its name, the host, the active language, the values it
varies on and one *content generation*.

The generation is a single counter bumped by everything that purges the page
cache (publish, unpublish, move, a published comment, a change to a
department, topic, site identity or setting). So a fragment can never outlive
the content it shows, and no fragment needs to know which pages it depends
on. Fragments hold no per-visitor data: forms with CSRF tokens, the elder-mode
toggle and anything user-specific stay outside them.

Without Redis the cache is per process, so a bump made in another process
(the task worker's scheduled publishing) reaches this one only when its
fragments expire: `GONGKAI_FRAGMENT_CACHE_SECONDS` is 30 s then, as for the
page cache. 0 switches fragments off (the test settings do, and the tests of
this module switch them on).

Privacy changes cannot wait those 30 s: a page restricted, unrestricted,
unpublished, moved or deleted (and a collection's restriction) moves the
*privacy generation*, a random token kept in a cache every process on the
host shares (`shared_cache()`: the default cache when it is Redis or another
shared backend, else a file cache under VAR_DIR, which needs no server). It
is part of the generation above and of every page-cache key
(cms/pagecache.py), so the next request in every worker drops its fragments,
cached pages, site, route and restriction tables at once. A token, not a
counter: if the shared cache loses it, a new one is drawn and everything is
renewed, never an old state brought back.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation

GENERATION_KEY = "fragments:generation"
PRIVACY_KEY = "fragments:privacy-generation"


def _cache():
    return caches[getattr(settings, "GONGKAI_PAGE_CACHE_ALIAS", "default")]


def seconds():
    return int(getattr(settings, "GONGKAI_FRAGMENT_CACHE_SECONDS", 0))


def bump_generation():
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


_shared = {}


def shared_cache():
    """A cache every process of this host reads and writes alike."""
    alias = getattr(settings, "GONGKAI_SHARED_CACHE_ALIAS", None)
    if alias:
        return caches[alias]
    default = _cache()
    if not isinstance(default, LocMemCache):
        return default  # Redis (or another shared backend) already
    location = str(settings.VAR_DIR / "shared-cache")
    if _shared.get("location") != location:
        _shared.update(location=location, cache=FileBasedCache(location, {"TIMEOUT": None}))
    return _shared["cache"]


def bump_privacy():
    """A page or file became more or less private: every process renews
    everything on its next request (see the module's docstring)."""
    shared_cache().set(PRIVACY_KEY, secrets.token_hex(8), None)
    bump_generation()


def privacy_generation(request=None):
    """The shared privacy token, read once per request."""
    if request is not None:
        cached = getattr(request, "_privacy_generation", None)
        if cached is not None:
            return cached
    cache = shared_cache()
    value = cache.get(PRIVACY_KEY)
    if value is None:
        value = secrets.token_hex(8)
        if not cache.add(PRIVACY_KEY, value, None):
            value = cache.get(PRIVACY_KEY, value)
    if request is not None:
        request._privacy_generation = value
    return value


def generation(request=None):
    """The current generation (content and privacy), read once per request."""
    if request is not None:
        cached = getattr(request, "_fragment_generation", None)
        if cached is not None:
            return cached
    value = (_cache().get(GENERATION_KEY, 0), privacy_generation(request))
    if request is not None:
        request._fragment_generation = value
    return value


_tables = {}


def process_table(name, request=None):
    """A dict kept in this process and emptied whenever the content
    generation moves: for lookups that are safe until the next publish."""
    current = generation(request)
    entry = _tables.get(name)
    if entry is None or entry[0] != current:
        entry = _tables[name] = (current, {})
    return entry[1]


def key(name, request, vary_on):
    host = request.get_host() if request is not None else ""
    parts = [name, host, translation.get_language() or "", str(generation(request)), *(str(v) for v in vary_on)]
    return "fragments:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def get(cache_key):
    return _cache().get(cache_key)


def store(cache_key, value, timeout=None):
    _cache().set(cache_key, value, seconds() if timeout is None else timeout)
