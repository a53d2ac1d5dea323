"""Read-only Wagtail API v2. Only live, public pages are ever listed."""

import logging

from django.conf import settings
from django.http import Http404
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms import fragments

logger = logging.getLogger(__name__)


def api_cache_seconds():
    """How long an anonymous API listing is kept (within its content
    generation); defaults to the fragment cache's lifetime."""
    return int(getattr(settings, "GONGKAI_API_CACHE_SECONDS", fragments.seconds()))


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        # PagesAPIViewSet already restricts to live pages; also drop pages
        # behind a view restriction (password, login, groups). Wagtail asks
        # for this three times per request, each costing the restriction and
        # site lookups: build it once per request.
        if getattr(self, "_public_base_queryset", None) is None:
            self._public_base_queryset = super().get_base_queryset().public()
        return self._public_base_queryset.all()

    def get_queryset(self):
        # meta.locale reads page.locale: one query per listed page without this.
        queryset = super().get_queryset().select_related("locale")
        if self.action == "listing_view" and "fields" not in self.request.GET:
            # The default listing shows no body: don't load and parse every
            # page's StreamFields just to throw them away.
            queryset = queryset.defer_streamfields()
        return queryset

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
            return super().listing_view(request)
        cache_key = fragments.key("api-pages", request, [request.get_full_path()])
        data = fragments.get(cache_key)
        if data is None:
            response = super().listing_view(request)
            if response.status_code != 200:
                return response
            data = response.data
            fragments.store(cache_key, data, api_cache_seconds())
        return Response(data)


class _SnippetAPIViewSet(BaseAPIViewSet):
    """Public reference data (departments, topics) used by pages and the catalogue."""

    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])

    def get_queryset(self):
        queryset = self.model.objects.select_related("locale").order_by("locale_id", "pk")
        language = self.request.GET.get("locale")
        if language:
            queryset = queryset.filter(locale__language_code=language)
        return queryset


class DepartmentsAPIViewSet(_SnippetAPIViewSet):
    from cms.models import Department as model

    body_fields = BaseAPIViewSet.body_fields + ["name", "short_name", "code", "address", "phone", "email", "office_hours", "website", "translation_key"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "code"]
    name = "departments"


class TopicsAPIViewSet(_SnippetAPIViewSet):
    from cms.models import Topic as model

    body_fields = BaseAPIViewSet.body_fields + ["name", "slug", "description", "translation_key"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug"]
    name = "topics"


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("departments", DepartmentsAPIViewSet)
api_router.register_endpoint("topics", TopicsAPIViewSet)
