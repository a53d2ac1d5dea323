"""Page listings of the API serialised from database rows.

Wagtail's PageSerializer builds a full page object for every listed page and
walks DRF's field machinery for each value: about 0.4 ms a page, most of an
API listing's cost. A listing asks for little, though: by default the id,
title, slug, type, locale, first publication and two URLs, or a few more plain
columns named in `?fields=`. For those, `LightListing` reads just the
columns it needs (`values_list`) and builds each item itself, with the same
keys, order and values as Wagtail's serializer (tests/policies/
test_api_listing.py compares the two over many queries).

Whatever needs a page object (relations, StreamFields, computed properties
such as `issuers`, a model with its own URL logic) is left to Wagtail: the
view asks `LightListing.for_request` and falls back when it answers None.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db.models.query_utils import DeferredAttribute
from django.urls.exceptions import NoReverseMatch
from rest_framework import fields as drf_fields
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url, parse_fields_parameter
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

# Column values these DRF fields turn into JSON exactly as they would read
# them from a page object (the same Python value either way).
PLAIN_FIELDS = (
    drf_fields.BooleanField,
    drf_fields.CharField,
    drf_fields.ChoiceField,
    drf_fields.DateField,
    drf_fields.DateTimeField,
    drf_fields.DecimalField,
    drf_fields.FloatField,
    drf_fields.IntegerField,
    drf_fields.TimeField,
    drf_fields.UUIDField,
)


def _is_plain_column(model, field):
    """A model column shown as it is stored: no relation, no StreamField or
    rich text (their API form needs the page), no descriptor that changes
    the value on the way to the page object, no custom serializer source."""
    if not isinstance(field, PLAIN_FIELDS) or type(field).get_attribute is not drf_fields.Field.get_attribute:
        return False
    if field.source_attrs != [field.field_name]:
        return False
    try:
        column = model._meta.get_field(field.field_name)
    except Exception:
        return False
    if column.is_relation or not column.concrete or isinstance(column, (StreamField, RichTextField)):
        return False
    return type(getattr(model, column.attname, None)) is DeferredAttribute


def _uses_wagtail_urls(model):
    # html_url is computed from url_path with Page's own rules; a model that
    # routes itself differently keeps Wagtail's serializer.
    return model.get_url_parts is Page.get_url_parts and model.full_url is Page.full_url


class LightListing:
    """How to build one listed item from a row of `columns`."""

    def __init__(self, model, serializer):
        self.model = model
        self.columns = ["id", "content_type_id", "url_path", "locale__language_code"]
        self.meta = []  # (name, reader)
        self.body = []
        for name, field in serializer.fields.items():
            reader = self._reader(model, name, field)
            (self.meta if name in serializer.meta_fields else self.body).append((name, reader))

    def _reader(self, model, name, field):
        kind = type(field)
        if kind is wagtail_serializers.PageTypeField:
            return self._type
        if kind is wagtail_serializers.DetailUrlField:
            return self._detail_url
        if kind is wagtail_serializers.PageHtmlUrlField:
            return self._html_url
        if kind is wagtail_serializers.PageLocaleField:
            return lambda row, context: row[3]
        if _is_plain_column(model, field):
            if field.field_name not in self.columns:
                self.columns.append(field.field_name)
            index = self.columns.index(field.field_name)

            def read(row, context):
                value = row[index]
                return None if value is None else field.to_representation(value)

            return read
        raise _NeedsPages(name)

    @classmethod
    def for_request(cls, view, model):
        """The listing for this request's `?fields=`, or None when a field
        needs page objects. Unknown or malformed fields raise Wagtail's own
        errors."""
        if not _uses_wagtail_urls(model):
            return None
        return _listing(type(view), view.request.wagtailapi_router, model, view.request.GET.get("fields"))

    def items(self, rows, view):
        """`rows` is the sliced page queryset of the listing."""
        context = _Context(view)
        return [self._item(row, context) for row in rows.values_list(*self.columns)]

    def _item(self, row, context):
        item = {}
        body = self.body
        if body and body[0][0] == "id":
            item["id"] = None  # Wagtail always puts id first
        meta = {}
        for name, read in self.meta:
            value = read(row, context)
            if value is not _SKIP:
                meta[name] = value
        if meta:
            item["meta"] = meta
        for name, read in body:
            item[name] = read(row, context)
        return item

    @staticmethod
    def _type(row, context):
        model = context.model_for(row[1])
        if model is None:
            return None
        name = f"{model._meta.app_label}.{model.__name__}"
        context.view.seen_types[name] = model
        return name

    def _detail_url(self, row, context):
        url = get_object_detail_url(context.router, context.request, self.model, row[0])
        return url or _SKIP

    @staticmethod
    def _html_url(row, context):
        return context.html_url(row[0], row[2])


_SKIP = object()  # a meta field Wagtail leaves out (no detail endpoint)


class _NeedsPages(Exception):
    pass


@functools.lru_cache(maxsize=256)  # bounded: `fields` is visitor input
def _listing(view_class, router, model, fields_param):
    try:
        fields_config = parse_fields_parameter(fields_param) if fields_param is not None else []
    except ValueError as error:
        raise BadRequestError(f"fields error: {error}") from error
    serializer_class = view_class._get_serializer_class(router, model, fields_config, show_details=False)
    try:
        return LightListing(model, serializer_class(context={"router": router}))
    except _NeedsPages:
        return None


class _Context:
    """Per-request lookups shared by every item of one listing."""

    def __init__(self, view):
        self.view = view
        self.request = view.request
        self.router = view.request.wagtailapi_router
        # One never-saved page stands in for every listed page when asking
        # Wagtail for an html_url: get_url_parts reads only url_path (and
        # the site root paths, fetched once here instead of once per page).
        self._stand_in = Page(id=0, url_path="/")
        self._stand_in._wagtail_cached_site_root_paths = Site.get_site_root_paths()

    @staticmethod
    def model_for(content_type_id):
        return ContentType.objects.get_for_id(content_type_id).model_class()

    def html_url(self, pk, url_path):
        self._stand_in.id = pk
        self._stand_in.url_path = url_path
        try:
            return self._stand_in.full_url
        except NoReverseMatch:
            return None
