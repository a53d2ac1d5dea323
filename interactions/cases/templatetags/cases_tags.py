from django import template
from wagtail.models import Locale

register = template.Library()


@register.filter
def localized(instance):
    """A translatable snippet (Department) in the current language, if translated."""
    if instance is None:
        return ""
    try:
        return instance.get_translation(Locale.get_active())
    except (instance.__class__.DoesNotExist, Locale.DoesNotExist):
        return instance
