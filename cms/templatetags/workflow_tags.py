from django import template

from cms.workflow.responsibility import accountability_for

register = template.Library()


@register.inclusion_tag("cms/includes/accountability.html", takes_context=True)
def accountability(context, page=None):
    """`{% accountability %}` at the foot of a public page: who reviewed and
    signed off its live version, and any pending retrospective review."""
    page = page or context.get("page")
    request = context.get("request")
    return {"accountability": accountability_for(page, request), "request": request}
