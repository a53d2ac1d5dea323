"""Template tags of the public design: navigation, search, sharing, feeds."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page

from cms import sharing

register = template.Library()


@register.simple_tag
def search_url():
    """The site-wide search (the search app's `search` URL), in the current language."""
    for name in ("search:search", "search"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    language = translation.get_language()
    return "/search/" if language in (None, "zh-hans") else f"/{language}/search/"


@register.simple_tag(takes_context=True)
def main_sections(context, home):
    """One navigation item per live, public section under the home page."""
    if home is None:
        return []
    page = context.get("page")
    path = page.path if isinstance(page, Page) else ""
    items = []
    for child in home.get_children().live().public().order_by("path"):
        items.append({"page": child, "current": bool(path) and path.startswith(child.path)})
    return items


@register.simple_tag(takes_context=True)
def share_meta(context, site_name=""):
    page = context.get("page")
    request = context.get("request")
    if request is None:
        return None
    return sharing.share_meta(page if isinstance(page, Page) else None, request, site_name)


@register.simple_tag(takes_context=True)
def page_qr(context):
    page = context.get("page")
    request = context.get("request")
    if request is None:
        return ""
    return sharing.qr_svg(sharing.page_url(page if isinstance(page, Page) else None, request))


@register.simple_tag(takes_context=True)
def feed_links(context):
    """Atom feeds to announce in <head>: every section on the home page,
    the page's own section elsewhere."""
    from cms.feeds import feeds_for_page

    page = context.get("page")
    return feeds_for_page(page if isinstance(page, Page) else None)


@register.simple_tag(takes_context=True)
def current_path(context):
    request = context.get("request")
    return request.get_full_path() if request else "/"


@register.simple_tag
def chart_svg(value):
    import uuid

    from cms.charts import render_svg

    rows = [(row["label"], row["value"]) for row in value["rows"]]
    return render_svg(
        rows,
        kind=value.get("kind") or "bar",
        title=value["title"],
        unit=value.get("unit") or "",
        chart_id="chart-" + uuid.uuid4().hex[:8],
    )


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """<link rel="alternate" hreflang> for each live translation of the page."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or request is None:
        return []
    translations = list(
        page.get_translations(inclusive=True).live().public().select_related("locale").order_by("locale_id")
    )
    if len(translations) < 2:
        return []
    return [{"code": item.locale.language_code, "url": item.get_full_url(request)} for item in translations]
