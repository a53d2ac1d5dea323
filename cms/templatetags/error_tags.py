"""{% error_sections "500" as sections %}: the bilingual texts of an error page (cms/errors.py)."""

from django import template

from cms import errors

register = template.Library()


@register.simple_tag
def error_sections(kind, language=None):
    return errors.sections(kind, language)
