"""Snippet listings in the reader's language.

Wagtail's listing prints a boolean field's value as it is ("True" on a
Chinese page), and a related department or topic as the row it points at,
whatever its language. This index view gives yes/no fields a status column
with Wagtail's own 是/否, and names related translatable snippets in the
reader's language (their translation for the active locale), in the
columns and in the filters (which offer one language's rows, not all)."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, StatusFlagColumn
from wagtail.models import Locale, TranslatableMixin
from wagtail.snippets.views.snippets import IndexView

from cms.locale_choices import restrict_to_locale


def _localized(name):
    def accessor(instance):
        related = getattr(instance, name)
        return None if related is None else str(related.localized)

    return accessor


class IndexViewWithYesNo(IndexView):
    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        try:
            field = self.model._meta.get_field(field_name)
        except Exception:
            field = None
        if column_class is Column and isinstance(field, models.BooleanField):
            return super()._get_custom_column(
                field_name, StatusFlagColumn, true_label=_("Yes"), false_label=_("No"), **kwargs
            )
        if (
            column_class is Column
            and isinstance(field, models.ForeignKey)
            and issubclass(field.related_model, TranslatableMixin)
            and "accessor" not in kwargs
        ):
            return super()._get_custom_column(field_name, column_class, accessor=_localized(field_name), **kwargs)
        return super()._get_custom_column(field_name, column_class, **kwargs)

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset is not None:
            # A translatable row points at its own language's departments: offer
            # the reader's; any other row points at the default language's.
            translatable = issubclass(self.model, TranslatableMixin)
            locale = Locale.get_active() if translatable else Locale.get_default()
            restrict_to_locale(filterset.form, locale, localized_labels=True)
        return filterset
