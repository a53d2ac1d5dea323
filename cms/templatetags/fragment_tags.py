"""`{% fragment "name" vary_on... %}…{% endfragment %}`: render once per content
generation, host, language and vary-on values (see cms/fragments.py)."""

from django import template
from django.utils.safestring import mark_safe

from cms import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        # A preview shows a draft under the live page's id: never read or store it.
        if fragments.seconds() <= 0 or request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        cache_key = fragments.key(name, request, [var.resolve(context) for var in self.vary_on])
        value = fragments.get(cache_key)
        if value is None:
            value = self.nodelist.render(context)
            fragments.store(cache_key, str(value))
        return mark_safe(value)  # noqa: S308 - the stored output of our own templates


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'fragment' needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
