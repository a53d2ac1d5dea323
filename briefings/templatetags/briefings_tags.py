from django import template
from wagtail.models import Locale, Page

register = template.Library()


def _locale(context):
    page = context.get("page")
    if isinstance(page, Page):
        return page.locale
    return Locale.get_active()


@register.inclusion_tag("briefings/includes/incident_banner.html", takes_context=True)
def incident_banner(context):
    """Banner for active major incidents, for the home page (and any page)."""
    from briefings.models import active_incidents

    return {"incidents": list(active_incidents(_locale(context))[:3]), "request": context.get("request")}


@register.inclusion_tag("briefings/includes/related_briefings.html", takes_context=True)
def related_briefings(context, policy):
    """Briefings that list `policy` among their related policies."""
    from briefings.models import briefings_for_policy

    return {"briefings": list(briefings_for_policy(policy)[:10]), "request": context.get("request")}


@register.simple_tag
def briefings_for(policy):
    from briefings.models import briefings_for_policy

    return briefings_for_policy(policy)
