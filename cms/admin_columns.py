"""Snippet listings show a yes/no field as words, not Python's True/False.

Wagtail's listing prints a boolean field's value as it is ("True" on a
Chinese page); this index view gives such fields a status column with
Wagtail's own 是/否 instead."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, StatusFlagColumn
from wagtail.snippets.views.snippets import IndexView


class IndexViewWithYesNo(IndexView):
    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        try:
            field = self.model._meta.get_field(field_name)
        except Exception:  # noqa: BLE001 - a method or a lookup: Wagtail decides
            field = None
        if isinstance(field, models.BooleanField) and column_class is Column:
            return super()._get_custom_column(
                field_name, StatusFlagColumn, true_label=_("Yes"), false_label=_("No"), **kwargs
            )
        return super()._get_custom_column(field_name, column_class, **kwargs)
