"""Security headers the framework does not set by itself, and the one check
of a request-supplied redirect target.

Public pages get an enforced Content-Security-Policy; the Wagtail admin,
which relies on inline scripts we do not control, gets the same policy in
report-only mode so violations are visible without breaking editors' work."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def content_security_policy():
    frame_sources = " ".join(["'self'", *getattr(settings, "GONGKAI_CSP_FRAME_SRC", [])])
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        # Inline style attributes come from server-rendered SVG charts; no scripts can hide there.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        f"frame-src {frame_sources}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
    return "; ".join(directives)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only" if request.path.startswith("/admin/") else "Content-Security-Policy"
        )
        response.setdefault(header, self.policy)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if response.get("Content-Disposition", "").startswith("attachment"):
            # Downloads never render as a page of our origin.
            response.setdefault("Content-Security-Policy", "default-src 'none'; sandbox")
        return response


def on_this_site(request, target):
    """Whether a request-supplied redirect target (a `next`, a Referer) stays
    on this site: never follow one anywhere else."""
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
