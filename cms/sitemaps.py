"""sitemap.xml over every language, each URL with its hreflang alternates.

Wagtail's sitemap only walks the site root's own tree; the English home is a
translation beside it, so we walk the root and all its translations."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


def _noindex(page):
    return bool(getattr(page, "noindex", False))


class MultilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = root.get_translations(inclusive=True)
        tree = Q()
        for translated_root in roots:
            tree |= Q(path__startswith=translated_root.path)
        pages = Page.objects.filter(tree).live().public().order_by("path").defer_streamfields().specific()
        return [page for page in pages if not _noindex(page)]

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list:
            alternates = [
                {"lang_code": other.locale.language_code, "location": other.get_full_url(self.request)}
                for other in item.get_translations(inclusive=True)
                .live()
                .public()
                .select_related("locale")
                .order_by("locale_id")
            ]
            if len(alternates) > 1:
                default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
                if default:
                    alternates.append({"lang_code": "x-default", "location": default["location"]})
            for url_info in item.get_sitemap_urls(self.request):
                if len(alternates) > 1:
                    url_info = {**url_info, "alternates": alternates}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request):
    return sitemap_view(request, sitemaps={"pages": MultilingualSitemap(request)})
