from django import template
from django.utils import translation
from wagtail.models import Locale, Page

from cms.models import SiteIdentity
from cms.numbering import number_sections

register = template.Library()


@register.simple_tag
def numbered_sections(body, prefix=""):
    return number_sections(body, prefix or "")


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The header/footer words in the visitor's language, falling back to the default."""
    cache = context.render_context
    if "site_identity" not in cache:
        identities = {item.locale.language_code: item for item in SiteIdentity.objects.select_related("locale")}
        language = translation.get_language() or ""
        cache["site_identity"] = (
            identities.get(language)
            or identities.get(Locale.get_default().language_code)
            or next(iter(identities.values()), None)
        )
    return cache["site_identity"]


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: to this page's translation where one is live,
    else to that language's home page."""
    page = context.get("page")
    request = context.get("request")
    current = translation.get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        for item in page.get_translations(inclusive=True).live().public().select_related("locale"):
            translations[item.locale.language_code] = item
    for locale in Locale.objects.all().order_by("id"):
        target = translations.get(locale.language_code)
        url = target.get_url(request) if target else None
        if url is None:
            with translation.override(locale.language_code):
                url = "/" if locale.language_code == Locale.get_default().language_code else f"/{locale.language_code}/"
        links.append(
            {
                "code": locale.language_code,
                "name": locale.get_display_name(),
                "url": url,
                "current": locale.language_code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def home_page(context):
    request = context.get("request")
    from wagtail.models import Site

    site = Site.find_for_request(request) if request else Site.objects.filter(is_default_site=True).first()
    if not site:
        return None
    root = site.root_page.specific
    return root.localized if hasattr(root, "localized") else root


@register.inclusion_tag("cms/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page):
        return {"ancestors": []}
    ancestors = page.get_ancestors().filter(depth__gt=1).live().public().specific()
    return {"ancestors": list(ancestors), "page": page, "request": context.get("request")}
