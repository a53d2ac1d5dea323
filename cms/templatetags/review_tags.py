"""The review bar above wagtail-localize's translation editor."""

from django import template

register = template.Library()


@register.inclusion_tag("cms/workflow/translation_review_bar.html", takes_context=True)
def translation_review_bar(context, page):
    from cms.translation_review import review_bar_context

    return review_bar_context(page.specific, context["request"].user)
