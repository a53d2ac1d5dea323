"""Read-only Wagtail API v2. Only live, public pages are ever listed."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from wagtail.api.v2 import filters as api_filters
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from cms import fragments
from cms.api_listing import LightListing
from cms.assets.rules import public_assets
from cms.restrictions import any_restrictions

logger = logging.getLogger(__name__)


def api_cache_seconds():
    """How long an anonymous API listing is kept (within its content
    generation); defaults to the fragment cache's lifetime."""
    return int(getattr(settings, "GONGKAI_API_CACHE_SECONDS", fragments.seconds()))


def _language_trees(site):
    """(path, depth) of the site's root page and of its translations: the
    page trees the site serves. Kept per process and content generation
    while fragments are on (creating or moving a tree is a publish)."""
    table = fragments.process_table("api-language-trees") if fragments.seconds() > 0 else {}
    trees = table.get(site.pk)
    if trees is None:
        root = site.root_page
        roots = [root, *root.get_translations()] if settings.WAGTAIL_I18N_ENABLED else [root]
        trees = table[site.pk] = [(page.path, page.depth) for page in roots]
    return trees


def public_pages(request, model=Page):
    """Live pages of `model` in the request's site, all its languages, with
    every page behind a view restriction (and its subtree) left out, even
    for a visitor who unlocked it: the API is public data only.

    The same rows as Wagtail's get_public_pages_queryset (plus .public()),
    built without a query for the restrictions while none exist
    (cms/restrictions.py) nor for the root translations, and filtered on the
    specific model's own table rather than through `pk IN (subquery)`,
    which SQLite and PostgreSQL can only answer by reading every public page."""
    try:
        site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    except ValueError as error:
        raise BadRequestError(str(error)) from error
    if site is None:
        return model._default_manager.none()
    in_site = Q()
    for path, depth in _language_trees(site):
        in_site |= Q(path__startswith=path, depth__gte=depth)
    queryset = model._default_manager.live().filter(in_site)
    if any_restrictions():
        queryset = queryset.public()
    return queryset


# --- Visitor input: 400 with a message, never a 500 --------------------------------

MAX_ID = 2**63 - 1  # the largest id a database column holds


def checked_id(value):
    """`?id=` as a positive whole number, or a 400 that says so."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise BadRequestError(f"id must be a positive whole number, not '{value}'")
    return int(text)


class CheckedFieldsFilter(api_filters.FieldsFilter):
    """Wagtail's `?<field>=value` filter, with every value converted by its
    model field first: an empty or malformed date, a number out of range or
    text for a number answers 400 and names the field, instead of the
    database or Django's query builder raising a 500."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        for name, value in request.GET.items():
            if name not in fields:
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except LookupError:
                continue
            if name in ("id", "pk") or isinstance(field, models.AutoField):
                checked_id(value)
            elif isinstance(field, models.DateTimeField | models.DateField | models.TimeField):
                self._check(field, name, value, "a date (YYYY-MM-DD)" if type(field) is models.DateField else None)
            elif isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
                self._check(field, name, value, "a number")
                if isinstance(field, models.IntegerField) and abs(int(value)) > MAX_ID:
                    raise BadRequestError(f"field filter error. '{value}' is out of range for {name}")
        return super().filter_queryset(request, queryset, view)

    @staticmethod
    def _check(field, name, value, expected=None):
        expected = expected or {
            models.DateTimeField: "a date and time (YYYY-MM-DDTHH:MM:SS)",
            models.TimeField: "a time (HH:MM)",
        }.get(type(field), "a valid value")
        try:
            if field.to_python(value) is None:
                raise ValidationError("empty")
        except (ValidationError, ValueError, OverflowError) as error:
            raise BadRequestError(f"field filter error. '{value}' is not {expected} for {name}") from error


class CheckedLocaleFilter(api_filters.LocaleFilter):
    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except Http404 as error:
            raise BadRequestError(f"locale '{request.GET.get('locale')}' is not a language of this site") from error


def _checked_backends(backends):
    swap = {api_filters.FieldsFilter: CheckedFieldsFilter, api_filters.LocaleFilter: CheckedLocaleFilter}
    return [swap.get(backend, backend) for backend in backends]


class CheckedInputMixin:
    """For every endpoint: `find/?id=` must be a whole number, and a value
    Django refuses while building the query is the visitor's mistake (400)."""

    def find_object(self, queryset, request):
        if "id" in request.GET:
            checked_id(request.GET["id"])
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, ValidationError):
            exc = BadRequestError(" ".join(exc.messages))
        return super().handle_exception(exc)


class PublicPagesAPIViewSet(CheckedInputMixin, PagesAPIViewSet):
    filter_backends = _checked_backends(PagesAPIViewSet.filter_backends)

    def get_base_queryset(self):
        # Wagtail asks for this three times per request: build it once.
        if getattr(self, "_public_base_queryset", None) is None:
            self._public_base_queryset = public_pages(self.request)
        return self._public_base_queryset.all()

    def get_queryset(self):
        models = self._requested_models()
        if len(models) == 1:
            # One type: its own table, filtered directly (Wagtail filters it
            # by `pk IN (all public pages)`, the same rows much more slowly).
            queryset = public_pages(self.request, models[0])
        else:
            queryset = super().get_queryset()
        # meta.locale reads page.locale: one query per listed page without this.
        queryset = queryset.select_related("locale")
        if self.action == "listing_view" and "fields" not in self.request.GET:
            # The default listing shows no body: don't load and parse every
            # page's StreamFields just to throw them away.
            queryset = queryset.defer_streamfields()
        return queryset

    def _requested_models(self):
        try:
            return page_models_from_string(self.request.GET["type"]) if self.request.GET.get("type") else []
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error

    def listing_view(self, request):
        try:
            return self._cached_listing(request)
        except (BadRequestError, Http404, APIException):
            raise  # answered as 400/404 by the viewset
        except Exception:
            # ?search= with the search engine down: a clear 503, not a 500.
            if "search" not in request.GET:
                raise
            logger.exception("Search engine failed for the pages API")
            return Response({"message": "Search is temporarily unavailable."}, status=503)

    def _cached_listing(self, request):
        """Anonymous listings come from the fragment cache, keyed by the full
        query and the content generation, so any publish anywhere renews
        them. Searches (unbounded, arbitrary terms) and visitors with a
        session (a password-restricted page they unlocked) are not cached."""
        cacheable = (
            api_cache_seconds() > 0
            and "search" not in request.GET
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        if not cacheable:
            return self._computed_listing(request)
        cache_key = fragments.key("api-pages", request, [request.get_full_path()])
        data = fragments.get(cache_key)
        if data is None:
            response = self._computed_listing(request)
            if response.status_code != 200:
                return response
            data = response.data
            fragments.store(cache_key, data, api_cache_seconds())
        return Response(data)

    def _computed_listing(self, request):
        # Wagtail's listing_view, with plain listings serialised from rows
        # (cms/api_listing.py) instead of page objects.
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        page = self.paginate_queryset(queryset)
        light = LightListing.for_request(self, queryset.model) if isinstance(page, QuerySet) else None
        if light is None:
            data = self.get_serializer(page, many=True).data
        else:
            data = light.items(page, self)
        return self.get_paginated_response(data)


class PublicImagesAPIViewSet(CheckedInputMixin, ImagesAPIViewSet):
    filter_backends = _checked_backends(ImagesAPIViewSet.filter_backends)
    """Only images the public may fetch (cms/assets/rules.py), for everyone:
    the API is public data only, whoever is logged in."""

    def get_queryset(self):
        return public_assets(self.model).order_by("id")


class PublicDocumentsAPIViewSet(CheckedInputMixin, DocumentsAPIViewSet):
    filter_backends = _checked_backends(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return public_assets(self.model).order_by("id")


class _SnippetAPIViewSet(CheckedInputMixin, BaseAPIViewSet):
    """Public reference data (departments, topics) used by pages and the
    catalogue. Filtered by field (`?code=SJYJ`) and ordered (`?order=name`)
    like the other endpoints, so an unknown field or order is a 400 too."""

    filter_backends = [CheckedFieldsFilter, api_filters.OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])

    def get_queryset(self):
        queryset = self.model.objects.select_related("locale").order_by("locale_id", "pk")
        language = self.request.GET.get("locale")
        if language:
            queryset = queryset.filter(locale__language_code=language)
        return queryset


class DepartmentsAPIViewSet(_SnippetAPIViewSet):
    from cms.models import Department as model

    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "short_name",
        "code",
        "address",
        "phone",
        "email",
        "office_hours",
        "website",
        "translation_key",
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "code"]
    name = "departments"


class TopicsAPIViewSet(_SnippetAPIViewSet):
    from cms.models import Topic as model

    body_fields = BaseAPIViewSet.body_fields + ["name", "slug", "description", "translation_key"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug"]
    name = "topics"


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("departments", DepartmentsAPIViewSet)
api_router.register_endpoint("topics", TopicsAPIViewSet)
