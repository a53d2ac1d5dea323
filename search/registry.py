"""What the public search covers: every section registered with `search=True`
(cms/sections.py), seen through the search's own vocabulary.

The sections declare the key used in search URLs (?type=policy), the result
label, the department path, the date fields (first non-empty wins: shown, and
the "year" facet), the validity field and the FK their results are grouped
under. What is indexed is declared on each model's `search_fields`. Paths are
checked once by the system check (cms/checks.py), not skipped here."""

from django.core.exceptions import FieldDoesNotExist

from cms import sections

_views = {}


class SearchType:
    """One searchable section: `key`, `label`, field paths, `get_model()`."""

    def __init__(self, section):
        self.section = section
        self.key = section.search_key or section.key
        self.label = section.search_label or section.label
        self.department_path = section.department_path
        self.date_paths = list(section.date_fields)
        self.validity_path = section.validity_field
        self.group_under = section.group_under

    def __repr__(self):
        return f"<SearchType {self.key}: {self.section.page_model}>"

    def get_model(self):
        return self.section.model

    def has_path(self, path):
        model = self.get_model()
        for part in path.split("__"):
            try:
                model = model._meta.get_field(part).related_model
            except (AttributeError, FieldDoesNotExist):
                return False
        return True


def _view(section):
    if section not in _views:
        _views[section] = SearchType(section)
    return _views[section]


def types():
    """The searched sections, in the registry's order."""
    return [_view(section) for section in sections.searched()]


def get(key):
    return next((t for t in types() if t.key == key), None)


def for_model(model):
    return next((t for t in types() if t.get_model() is model), None)
