from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """{{ row|lookup:key }}: a dict value by a key held in a variable."""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None
