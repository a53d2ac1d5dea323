"""What a shared link shows: Open Graph / WeChat metadata and a QR code,
both generated on the server."""

import segno
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

OG_LOCALES = {"zh-hans": "zh_CN", "en": "en_US"}


def page_url(page, request):
    return page.get_full_url(request) if page is not None else request.build_absolute_uri()


def share_meta(page, request, site_name=""):
    """The values of the og:* (and WeChat's itemprop) tags for a page."""
    url = page_url(page, request)
    title = (getattr(page, "seo_title", "") or getattr(page, "title", "")) if page is not None else site_name
    description = ""
    image = ""
    if page is not None:
        description = getattr(page, "search_description", "") or getattr(page, "summary", "") or ""
        social_image = getattr(page, "social_image", None)
        if social_image is not None:
            rendition = social_image.get_rendition("fill-600x600")
            image = request.build_absolute_uri(rendition.url)
    depth = getattr(page, "depth", 0) or 0
    return {
        "url": url,
        "title": title,
        "description": description[:300],
        "image": image,
        "site_name": site_name,
        "type": "website" if depth <= 2 else "article",
        "locale": OG_LOCALES.get(translation.get_language() or "", "zh_CN"),
    }


def qr_svg(url, label=None):
    """An inline SVG QR code of `url`, labelled for screen readers."""
    label = label or _("QR code: open this page on a phone")
    try:
        code = segno.make(url, error="m")
    except segno.DataOverflowError:
        # Too long for any QR code (a huge query string): encode the page
        # without its query, or show no code at all.
        try:
            code = segno.make(url.split("?", 1)[0], error="m")
        except segno.DataOverflowError:
            return ""
    svg = code.svg_inline(scale=3, title=label, svgclass="qr", lineclass=None, dark="#000", light="#fff")
    width, _height = code.symbol_size(scale=3)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {width}" ', 1)
    return mark_safe(svg)  # noqa: S308 - segno's output; the label is escaped
