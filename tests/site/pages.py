"""The public URLs every accessibility and validity check walks: one page of
each public page type in each language (and again in 长辈模式), plus the
views that are not pages."""

from django.apps import apps
from wagtail.models import Page

LANGUAGES = ("zh-hans", "en")
EXTRA_URLS = [
    ("catalogue", "/catalogue/"),
    ("catalogue-filtered-empty", "/catalogue/?department=NO-SUCH"),
    ("search", "/search/?q=%E8%AF%BE%E5%90%8E%E6%9C%8D%E5%8A%A1"),
    ("search-empty", "/search/?q=zzzzqqqq"),
    ("not-found", "/no-such-page/"),
]


def _comment_report_url(language):
    """The report page of a published comment, under the consultation in `language`."""
    from interactions.models import Comment, ConsultationPage

    for page in ConsultationPage.objects.live().filter(locale__language_code=language).order_by("path"):
        comment = Comment.objects.public().for_page(page).order_by("pk").first()
        if comment is not None:
            return f"{page.get_url()}report/{comment.pk}/"
    return None


# Views whose address depends on the demo's rows: name → function(language).
ROW_URLS = {"comment-report": _comment_report_url}
EXTRA_NAMES = [*(name for name, _url in EXTRA_URLS), *ROW_URLS]


def page_types():
    """Labels of every concrete public page model of our apps (known at collection time)."""
    labels = []
    for model in apps.get_models():
        if issubclass(model, Page) and model is not Page and not model._meta.abstract:
            labels.append(model._meta.label)
    return sorted(labels)


def _names():
    names = []
    for mode in ("", "elder:"):
        for language in LANGUAGES:
            for label in page_types():
                names.append(f"{mode}{language}:{label}")
            for name in EXTRA_NAMES:
                names.append(f"{mode}{language}:{name}")
    return names


CASES = _names()


def public_urls():
    """{name: url} of the cases that exist in the database now."""
    urls = {}
    for language in LANGUAGES:
        prefix = "" if language == "zh-hans" else f"/{language}"
        pages = (
            Page.objects.live().public().filter(depth__gt=1, locale__language_code=language).order_by("path").specific()
        )
        for page in pages:
            urls.setdefault(f"{language}:{page.specific_class._meta.label}", page.get_url())
        for name, url in EXTRA_URLS:
            urls[f"{language}:{name}"] = prefix + url
        for name, url_for in ROW_URLS.items():
            url = url_for(language)
            if url:
                urls[f"{language}:{name}"] = url
    for name, url in list(urls.items()):
        urls[f"elder:{name}"] = url
    return urls


def render_cases(client):
    """{name: response} for every case, with the Django test client."""
    responses = {}
    for name, url in public_urls().items():
        if name.startswith("elder:"):
            client.cookies["elder"] = "1"
        else:
            client.cookies.pop("elder", None)
        response = client.get(url)
        assert response.status_code in (200, 404), (name, url, response.status_code)
        responses[name] = response
    return responses
