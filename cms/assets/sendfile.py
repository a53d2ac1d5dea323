"""Handing a checked file to the front web server.

Set as SENDFILE_BACKEND, so Wagtail's document serve view uses it as well as
our /media/ view (cms/assets/views.py). GONGKAI_MEDIA_HANDOFF chooses how:

- "" (default): Django streams the file itself (FileResponse);
- "x-accel-redirect": nginx. The response carries no body, only
  `X-Accel-Redirect: <GONGKAI_MEDIA_ACCEL_PREFIX><path under MEDIA_ROOT>`;
  nginx serves that from an `internal` location (docs/operations.md);
- "x-sendfile": Apache mod_xsendfile / lighttpd, with the absolute path.

The app has decided the visitor may have the file before any of this runs.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from wagtail.utils import sendfile_streaming_backend

HANDOFFS = ("", "x-accel-redirect", "x-sendfile")


def handoff():
    mode = (getattr(settings, "GONGKAI_MEDIA_HANDOFF", "") or "").strip().lower()
    if mode not in HANDOFFS:
        raise ImproperlyConfigured(
            f"MEDIA_HANDOFF={mode!r} is not supported; use one of {', '.join(repr(m) for m in HANDOFFS)}."
        )
    return mode


def sendfile(request, filename, **kwargs):
    mode = handoff()
    if mode == "x-accel-redirect":
        root = os.path.realpath(settings.MEDIA_ROOT)
        path = os.path.realpath(filename)
        if os.path.commonpath([root, path]) != root:
            # Only MEDIA_ROOT is mapped to the internal location.
            return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
        prefix = getattr(settings, "GONGKAI_MEDIA_ACCEL_PREFIX", "/protected-media/")
        response = HttpResponse()
        response["X-Accel-Redirect"] = (
            prefix.rstrip("/") + "/" + quote(os.path.relpath(path, root).replace(os.sep, "/"))
        )
        return response
    if mode == "x-sendfile":
        response = HttpResponse()
        response["X-Sendfile"] = filename
        return response
    return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
