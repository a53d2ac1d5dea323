"""Translatable snippets offered in the language of what is being edited.

Departments, topics, experts and spokespeople exist once per language. A
form listing them all offered 教育 and Education side by side (the issuer
and topic checkboxes of every page). The admin forms here offer only the
rows of the edited object's locale: a page's own locale (its parent's while
it is being created), a translatable snippet's own. A form of a model that
has no locale (a department's members, a survey) offers the default
locale's rows, named in the reader's language. Rows already chosen stay
offered, so saving never drops them silently."""

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Locale, TranslatableMixin


def _translatable_choice_fields(form):
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and issubclass(queryset.model, TranslatableMixin):
            yield name, field


def _chosen_pks(form, name):
    value = form.initial.get(name)
    if value is None:
        return []
    if hasattr(value, "all"):  # a related manager, or modelcluster's in-memory one
        value = list(value.all())
    if isinstance(value, (list, tuple, set)):
        return [getattr(item, "pk", item) for item in value]
    return [getattr(value, "pk", value)]


def _localized_label(obj):
    return str(getattr(obj, "localized", obj))


def restrict_to_locale(form, locale, *, localized_labels=False):
    """Offer only `locale`'s rows in every translatable choice of `form`
    (and of its inline formsets' forms)."""
    if locale is None:
        return
    for name, field in _translatable_choice_fields(form):
        field.queryset = field.queryset.filter(Q(locale=locale) | Q(pk__in=_chosen_pks(form, name)))
        if localized_labels:
            field.label_from_instance = _localized_label
    for formset in getattr(form, "formsets", {}).values():
        _restrict_formset(formset, locale)


def _restrict_formset(formset, locale):
    base = formset.form

    class LocaleForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            restrict_to_locale(self, locale)

    LocaleForm.__name__ = base.__name__
    formset.form = LocaleForm
    for built in formset.__dict__.get("forms", []):  # built before we got here
        restrict_to_locale(built, locale)


def locale_of(instance, default=None):
    if isinstance(instance, TranslatableMixin) and instance.locale_id:
        return instance.locale
    return default


class LocalizedPageForm(WagtailAdminPageForm):
    """The page editor's form: choices in the page's locale."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        restrict_to_locale(self, locale_of(self.instance, locale_of(parent_page)))


class LocalizedModelFormMixin:
    """For snippet forms: choices in the snippet's locale, or the default
    locale's (named in the reader's language) for a model without one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.instance, TranslatableMixin):
            restrict_to_locale(self, locale_of(self.instance, Locale.get_default()))
        else:
            restrict_to_locale(self, Locale.get_default(), localized_labels=True)


def localized_form_class(form_class):
    """`form_class` with LocalizedModelFormMixin (for a viewset's get_form_class)."""
    if issubclass(form_class, (LocalizedModelFormMixin, WagtailAdminPageForm)):
        return form_class
    return type(form_class.__name__, (LocalizedModelFormMixin, form_class), {"__module__": form_class.__module__})
