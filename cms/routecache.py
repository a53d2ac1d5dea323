"""Remember where Wagtail's page routing ends, per process.

Routing a URL walks the tree from the site's home page, two queries per
level (the child by slug, then its specific page): four to six queries before
a page even starts to render. The home page's `route()` (RouteCacheMixin)
looks the full path up in a per-process table instead: the page found last
time and how many path components it took; the page is loaded with one query
and finishes the routing itself (a sub-route of a routable page, or checking
it is live). The table is keyed by the exact path, so it never answers a path
differently from the walk it recorded, and is dropped whenever the content
generation moves (cms/fragments.py: every publish, unpublish or move).
"""

from cms import fragments

MAX_ENTRIES = 10_000
# Paths are visitor input: longer ones are routed without being remembered,
# so the table stays within MAX_ENTRIES short keys (a few MB at most).
MAX_PATH_CHARS = 300


def _table(request):
    table = fragments.process_table("routes", request)
    if len(table) > MAX_ENTRIES:
        table.clear()
    return table


class RouteCacheMixin:
    """For the page at the root of a site (the home page of each language)."""

    def route(self, request, path_components):
        if (
            not path_components
            or fragments.seconds() <= 0
            or request is None
            or getattr(request, "is_preview", False)
            or sum(len(component) + 1 for component in path_components) > MAX_PATH_CHARS
        ):
            return super().route(request, path_components)
        table = _table(request)
        key = (self.pk, tuple(path_components))
        hit = table.get(key)
        if hit is not None:
            model, pk, consumed = hit
            # get(), not first(): no ORDER BY to compile and run for one row.
            try:
                page = model._default_manager.get(pk=pk)
            except model.DoesNotExist:
                page = None
            if page is not None:
                return page.route(request, path_components[consumed:])
        result = super().route(request, path_components)
        page = result[0]
        if page.pk != self.pk and page.url_path.startswith(self.url_path):
            slugs = page.url_path[len(self.url_path) :].strip("/").split("/")
            if list(path_components[: len(slugs)]) == slugs:
                table[key] = (type(page), page.pk, len(slugs))
        return result


class LocalizedCacheMixin:
    """`page.localized` without the locale query when the answer is the page
    itself (the home page in its own language: every request routed through
    the default site root). Remembered per process and content generation."""

    @property
    def localized(self):
        from django.utils import translation

        if fragments.seconds() <= 0:
            return super().localized
        table = _table(None)
        key = ("localized", self.pk, translation.get_language())
        if table.get(key):
            return self
        result = super().localized
        table[key] = result.pk == self.pk
        return result
