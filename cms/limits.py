"""Rate limits that tell the truth about the wait.

django-ratelimit counts requests in fixed windows on the shared cache (Redis
in production): a client over the limit is blocked until its window ends,
which for `10/h` may be an hour away. `hit()` counts a request and, when it
is over the limit, returns the seconds left in that window and records them
on the request; `cms.views.rate_limited(request)` then answers 429 with
`Retry-After` and a message giving that wait (in both languages).

    from cms import limits
    from cms.views import rate_limited

    if limits.hit(request, "myapp.submit", "10/h"):
        return rate_limited(request)

For views decorated with django-ratelimit's `@ratelimit(..., block=False)`,
use `cms.limits.ratelimit` instead (same arguments): it also sets
`request.limited`, and records the wait.

Clients are counted by `cms.client_address.client_key` (the address behind
the trusted proxies; an IPv6 /64 as one client), whatever `key="ip"` says.

The counters must be shared by every worker process, or each of N workers
allows the whole limit. With REDIS_URL they live in Redis; without it (the
embedded default) in the database, through `SharedCounterCache`: Django's
database cache with an increment that is atomic across processes and keeps
the window's expiry. Its table is created by `migrate` (the post_migrate
handler `create_cache_table`), so README's commands need no extra step."""

import base64
import functools
import math
import pickle

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connections, router, transaction
from django_ratelimit import ALL
from django_ratelimit.core import _split_rate, get_usage

from cms import client_address

RETRY_ATTRIBUTE = "gongkai_retry_after"


class SharedCounterCache(DatabaseCache):
    """Django's DatabaseCache, with `incr` made safe for rate limits.

    The stock `incr` reads, adds and `set`s: two workers can both read 4 and
    both write 5, and `set` replaces the entry's expiry with the default
    timeout (an hourly window's counter would vanish after 5 minutes). Here
    the row is locked for the read-modify-write (SELECT ... FOR UPDATE on
    PostgreSQL; on SQLite the settings' IMMEDIATE transactions take the write
    lock at BEGIN) and only the value is written."""

    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        cache_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            if connection.features.has_select_for_update:
                cursor.execute(
                    f"SELECT {quote_name('cache_key')} FROM {table} WHERE {quote_name('cache_key')} = %s FOR UPDATE",  # noqa: S608 - quoted names
                    [cache_key],
                )
            value = self.get(key, version=version)
            if value is None:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s WHERE {quote_name('cache_key')} = %s",  # noqa: S608 - quoted names
                [self._encode(value), cache_key],
            )
        return value

    def _encode(self, value):
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """post_migrate: the database cache table(s) of settings.CACHES, so that
    `manage.py migrate` alone prepares a fresh installation (idempotent)."""
    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))


def period_seconds(rate, group=None, request=None):
    if callable(rate):
        rate = rate(group, request)
    return _split_rate(rate)[1]


def hit(request, group, rate, *, key="ip", method="POST", increment=True):
    """Count this request; None when allowed, else the seconds until the
    client's window ends (at least 1), also kept on the request."""
    if key == "ip":
        key = client_address.ratelimit_key
    usage = get_usage(request, group=group, key=key, rate=rate, method=method, increment=increment)
    if usage is None or not usage["should_limit"]:
        return None
    time_left = usage["time_left"]
    if time_left is None or time_left < 0:
        # The cache did not answer (time_left -1): say the whole window.
        wait = period_seconds(rate, group, request)
    else:
        # django-ratelimit's window `w` still holds at the second `w` itself
        # (time_left 0) and the next one starts at w + 1.
        wait = time_left + 1
    record(request, wait)
    return wait


def record(request, seconds):
    """Keep the longest wait a view has met on this request."""
    seconds = max(1, int(math.ceil(seconds)))
    setattr(request, RETRY_ATTRIBUTE, max(getattr(request, RETRY_ATTRIBUTE, 0) or 0, seconds))


def retry_after(request):
    """The wait recorded on the request, or None."""
    return getattr(request, RETRY_ATTRIBUTE, None)


def ratelimit(group=None, key=None, rate=None, method=ALL, block=False):
    """django-ratelimit's decorator with block=False semantics (sets
    `request.limited`), recording the real wait for `rate_limited`."""
    if block:
        raise ValueError(
            "cms.limits.ratelimit never blocks: return cms.views.rate_limited(request) when request.limited"
        )

    def decorator(view):
        name = group or f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            limited = hit(request, name, rate, key=key, method=method) is not None
            request.limited = getattr(request, "limited", False) or limited
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def wait_text(seconds, language):
    """ "45 秒" / "12 分钟" / "1 小时 5 分钟" or the English, rounded up to the minute past 60 s."""
    seconds = max(1, int(seconds))
    zh = language.startswith("zh")
    if seconds < 60:
        return f"{seconds} 秒" if zh else f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if zh:
        return " ".join(
            part for part in [f"{hours} 小时" if hours else "", f"{minutes} 分钟" if minutes else ""] if part
        )
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


# --- Password forms ------------------------------------------------------------
# Wagtail's admin password reset and the password forms of restricted pages
# and documents have no limit of their own; config/urls.py mounts them through
# these wrappers. Every POST counts (a right password is needed once).


def password_reset_rate(group=None, request=None):
    return getattr(settings, "GONGKAI_PASSWORD_RESET_RATE", "10/h")


def password_reset_email_rate(group=None, request=None):
    return getattr(settings, "GONGKAI_PASSWORD_RESET_EMAIL_RATE", "3/h")


def password_form_rate(group=None, request=None):
    return getattr(settings, "GONGKAI_PAGE_PASSWORD_RATE", "10/h")


def _email_key(group, request):
    return request.POST.get("email", "").strip().lower()[:254]


def limit_password_reset(view):
    """At most GONGKAI_PASSWORD_RESET_RATE requests per client and
    GONGKAI_PASSWORD_RESET_EMAIL_RATE per e-mail address (so nobody can fill
    a colleague's mailbox with reset links). Counted whether or not the
    address belongs to an account: the answer says nothing about that."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            by_client = hit(request, "auth.password_reset", password_reset_rate)
            by_address = hit(request, "auth.password_reset.email", password_reset_email_rate, key=_email_key)
            if by_client or by_address:
                from cms.views import rate_limited

                return rate_limited(request)
        return view(request, *args, **kwargs)

    return wrapped


def limit_password_form(view, group, restriction_kwarg):
    """At most GONGKAI_PAGE_PASSWORD_RATE password attempts per client and
    restriction (the URL argument `restriction_kwarg`)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            restriction = kwargs.get(restriction_kwarg)

            def key(group, request):
                return f"{client_address.client_key(request)}:{restriction}"

            if hit(request, group, password_form_rate, key=key):
                from cms.views import rate_limited

                return rate_limited(request)
        return view(request, *args, **kwargs)

    return wrapped
