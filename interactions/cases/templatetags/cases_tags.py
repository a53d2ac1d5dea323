from django import template
from wagtail.models import Locale

register = template.Library()

_TRANSLATION = "_localized_translation"


def _active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


def localize_all(instances):
    """Look up the active-language translations of many translatable snippets
    (Departments on a list page) in one query, so `|localized` costs nothing
    per row. Returns the instances."""
    instances = [i for i in instances if i is not None]
    locale = _active_locale()
    if not instances or locale is None:
        return instances
    model = type(instances[0])
    keys = {i.translation_key for i in instances if i.locale_id != locale.pk}
    found = (
        {t.translation_key: t for t in model.objects.filter(translation_key__in=keys, locale=locale)} if keys else {}
    )
    for instance in instances:
        setattr(
            instance,
            _TRANSLATION,
            instance if instance.locale_id == locale.pk else found.get(instance.translation_key, instance),
        )
    return instances


@register.filter
def localized(instance):
    """A translatable snippet (Department) in the current language, if translated."""
    if instance is None:
        return ""
    prepared = getattr(instance, _TRANSLATION, None)
    if prepared is not None:
        return prepared
    locale = _active_locale()
    if locale is None or instance.locale_id == locale.pk:
        return instance
    try:
        return instance.get_translation(locale)
    except instance.__class__.DoesNotExist:
        return instance
