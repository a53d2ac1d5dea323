from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account as wagtailadmin_account
from wagtail.documents.views import serve as wagtaildocs_serve

from cms import catalogue, elder, limits
from cms import views as cms_views
from cms.api import api_router
from cms.assets import views as asset_views
from cms.feeds import feed_urlpatterns
from cms.sitemaps import sitemap

urlpatterns = [
    # Wagtail's password reset, limited per client and per e-mail address (cms/limits.py).
    path(
        "admin/password_reset/",
        limits.limit_password_reset(wagtailadmin_account.PasswordResetView.as_view()),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Uploaded files, each checked against cms/assets/rules.py: documents
    # through Wagtail's serve view (its before_serve_document hook), images,
    # renditions and media under /media/. Nothing under MEDIA_ROOT is served
    # any other way, in development too (docs/operations.md).
    re_path(r"^documents/(\d+)/(.*)$", asset_views.serve_document, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        limits.limit_password_form(wagtaildocs_serve.authenticate_with_password, "document_password", "restriction_id"),
        name="wagtaildocs_authenticate_with_password",
    ),
    re_path(r"^media/(?P<name>.*)$", asset_views.serve_media, name="asset-media"),
    path("api/v2/", api_router.urls),
    path("healthz", cms_views.health, name="health"),
    path("robots.txt", catalogue.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("elder-mode/", elder.toggle, name="elder-mode"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

if getattr(settings, "GONGKAI_BENCH_BARE_VIEW", False):
    from django.http import HttpResponse

    urlpatterns.append(path("bench/bare/", lambda request: HttpResponse("ok"), name="bench-bare"))

# Public pages: zh-hans at "/", English at "/en/".
urlpatterns += i18n_patterns(
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue.csv", catalogue.catalogue_csv, name="catalogue-csv"),
    path("catalogue.json", catalogue.catalogue_json, name="catalogue-json"),
    *feed_urlpatterns(),
    path("cases/", include("interactions.cases.urls")),
    path("evaluation/", include("accountability.urls")),
    path("search/", include("search.urls")),
    # The password form of restricted pages, limited per client (cms/limits.py).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        limits.limit_password_form(
            wagtail_views.authenticate_with_password, "page_password", "page_view_restriction_id"
        ),
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "cms.views.bad_request"
handler403 = "cms.views.permission_denied"
handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
