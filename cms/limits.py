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
`request.limited`, and records the wait."""

import functools
import math

from django_ratelimit import ALL
from django_ratelimit.core import _split_rate, get_usage

RETRY_ATTRIBUTE = "gongkai_retry_after"


def period_seconds(rate, group=None, request=None):
    if callable(rate):
        rate = rate(group, request)
    return _split_rate(rate)[1]


def hit(request, group, rate, *, key="ip", method="POST", increment=True):
    """Count this request; None when allowed, else the seconds until the
    client's window ends (at least 1), also kept on the request."""
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
