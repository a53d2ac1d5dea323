"""Our URLs with Wagtail's own, unmodified pages API at the same address and
namespace: what tests/policies/test_api_listing.py compares ours with."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns

stock_router = WagtailAPIRouter("wagtailapi")
stock_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [path("api/v2/", stock_router.urls), *site_urlpatterns]
