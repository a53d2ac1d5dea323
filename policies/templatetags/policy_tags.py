from django import template
from django.utils.safestring import mark_safe

from policies.citations import link_citations

register = template.Library()


@register.filter
def with_citation_links(html, page):
    """Link document numbers in rendered body HTML to the cited documents."""
    return mark_safe(link_citations(html, page))  # noqa: S308 - input is our own rendered, escaped HTML


@register.simple_tag
def filter_url(base, chosen, name, value):
    """URL of the listing with one filter changed (value "" removes it)."""
    from policies.models import PolicyIndexPage

    changed = dict(chosen)
    if value:
        changed[name] = value
    else:
        changed.pop(name, None)
    return base + PolicyIndexPage.query_string(changed)
