"""Public pages: 长辈模式, sharing metadata and QR codes, topic pages, errors,
alt text and captions required at editing time."""

import re

import pytest
import segno
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.blocks import BaseStreamBlock
from home.blocks import MediaBlock, TopicStreamBlock
from home.models import TopicPage

pytestmark = pytest.mark.django_db


# --- 长辈模式 -----------------------------------------------------------------


def test_elder_mode_is_a_post_that_sets_a_cookie_and_keeps_pages_cacheable(public_site):
    # No CSRF token on public pages: the toggle only changes text size, and a
    # token would make every page uncacheable (see cms/elder.py).
    client = Client(enforce_csrf_checks=True)
    page = client.get("/policies/")
    html = page.content.decode()
    assert '<html lang="zh-hans" itemscope' in html and 'class="elder"' not in html
    assert "csrfmiddlewaretoken" not in html
    same_site = {"HTTP_ORIGIN": "http://testserver"}
    assert client.post("/elder-mode/", {"elder": "1", "next": "/policies/"}).status_code == 403
    assert client.post("/elder-mode/", {"elder": "1"}, HTTP_ORIGIN="https://evil.example").status_code == 403
    response = client.post("/elder-mode/", {"elder": "1", "next": "/policies/"}, **same_site)
    assert response.status_code == 302 and response["Location"] == "/policies/"
    assert response.cookies["elder"].value == "1"
    assert response.cookies["elder"]["max-age"] > 30 * 24 * 3600
    # Remembered on every later page, in both languages.
    for url in ("/", "/policies/", "/en/", "/catalogue/"):
        assert '<html lang="' in client.get(url).content.decode()
        assert 'class="elder"' in client.get(url).content.decode(), url
    html = client.get("/").content.decode()
    assert 'name="elder" value="0"' in html
    off = client.post("/elder-mode/", {"elder": "0", "next": "/en/"}, HTTP_REFERER="http://testserver/en/")
    assert off["Location"] == "/en/" and off.cookies["elder"].value == ""
    assert 'class="elder"' not in client.get("/en/").content.decode()


def test_elder_mode_never_redirects_off_site_and_refuses_get(client, public_site):
    response = client.post(
        "/elder-mode/", {"elder": "1", "next": "https://evil.example/"}, HTTP_ORIGIN="http://testserver"
    )
    assert response["Location"] == "/"
    assert client.get("/elder-mode/").status_code == 405


# --- design: navigation, search, language, breadcrumbs ---------------------------


def test_every_section_is_in_the_navigation_with_search_and_language_switch(client, public_site):
    html = client.get("/").content.decode()
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    for href in (
        'href="/policies/"',
        'href="/interpretations/"',
        'href="/briefings/"',
        'href="/topics/"',
        'href="/catalogue/"',
    ):
        assert href in nav
    assert 'role="search"' in html and 'action="/search/"' in html and 'name="q"' in html
    assert '<label for="header-search-q"' in html
    topic = client.get("/topics/after-school-care/").content.decode()
    assert 'href="/en/topics/after-school-care/"' in topic  # language switch to the translated page
    assert 'aria-current="true">专题专栏' in topic or 'aria-current="true"' in topic.split('class="main-nav"')[1]
    crumbs = topic.split('class="breadcrumbs')[1].split("</nav>")[0]
    assert 'href="/topics/"' in crumbs and 'aria-current="page"' in crumbs
    en = client.get("/en/").content.decode()
    assert 'action="/en/search/"' in en or 'action="/search/"' in en


def test_print_stylesheet_and_skip_link(client, public_site):
    html = client.get("/policies/").content.decode()
    assert 'media="print"' in html and 'class="skip-link" href="#main"' in html and '<main id="main"' in html


# --- sharing ---------------------------------------------------------------------


def test_open_graph_wechat_meta_and_qr_code(client, public_site):
    html = client.get("/topics/after-school-care/").content.decode()
    url = "http://testserver/topics/after-school-care/"
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="中小学课后服务专题">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="zh_CN">' in html
    assert '<meta itemprop="name" content="中小学课后服务专题">' in html
    assert '<meta itemprop="description"' in html and f'<link rel="canonical" href="{url}">' in html
    # The QR code is server-made SVG of this page's URL.
    expected = segno.make(url, error="m").svg_inline(scale=3, lineclass=None, dark="#000", light="#fff")
    path = re.search(r'<path [^>]*d="([^"]+)"', expected).group(1)
    svg = html.split('class="qr-code"')[1]
    assert '<svg role="img" aria-label=' in svg and path in svg
    en = client.get("/en/topics/after-school-care/").content.decode()
    assert '<meta property="og:locale" content="en_US">' in en


def test_social_image_is_shared_with_an_absolute_url(client, public_site):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="share", file=get_test_image_file(size=(800, 800)))
    page = TopicPage.objects.get(locale=public_site["zh"])
    page.social_image = image
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og.startswith("http://testserver/") and og.endswith((".png", ".jpg"))
    assert f'<meta itemprop="image" content="{og}">' in html


# --- topic pages -------------------------------------------------------------------


def test_topic_page_has_figures_chart_with_table_and_curated_lists(client, public_site):
    page = TopicPage.objects.get(locale=public_site["zh"])
    html = client.get(page.url).content.decode()
    assert 'class="key-figures"' in html and "326" in html
    assert '<svg class="chart" role="img" aria-labelledby=' in html
    assert "<title id=" in html
    table = html.split('class="table-wrap chart-data"')[1].split("</table>")[0]
    assert "<caption>" in table and '<th scope="row">2026</th>' in table and "326" in table
    curated = page.curated_pages()
    assert curated, "the demo topic curates policies"
    for item in curated:
        assert f'href="{item.url}"' in html
    en = TopicPage.objects.get(locale=public_site["en"])
    en_html = client.get(en.url).content.decode()
    assert "Schools offering after-school care" in en_html
    for item in en.curated_pages():
        assert item.locale_id == en.locale_id and f'href="{item.url}"' in en_html


def test_curated_list_hides_unpublished_pages_and_shows_empty_state(client, public_site):
    page = TopicPage.objects.get(locale=public_site["zh"])
    for item in page.curated_pages():
        item.unpublish()
    html = client.get(page.url).content.decode()
    assert html.count('class="empty"') == 2


def test_topic_index_lists_topics_and_has_an_empty_state(client, public_site):
    html = client.get("/topics/").content.decode()
    assert 'href="/topics/after-school-care/"' in html
    TopicPage.objects.get(locale=public_site["zh"]).unpublish()
    assert 'class="empty"' in client.get("/topics/").content.decode()


def test_images_need_alt_text_at_editing_time():
    block = BaseStreamBlock()
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="photo", file=get_test_image_file())
    value = block.to_python([{"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": False}}])
    with pytest.raises((StreamBlockValidationError, ValidationError)):
        block.clean(value)
    ok = block.to_python(
        [{"type": "image", "value": {"image": image.pk, "alt_text": "市民服务中心", "decorative": False}}]
    )
    block.clean(ok)
    TopicStreamBlock().clean(
        TopicStreamBlock().to_python(
            [{"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": True}}]
        )
    )


def test_media_needs_captions_or_transcript():
    from wagtailmedia.models import get_media_model

    Media = get_media_model()
    video = Media.objects.create(title="发布会视频", type="video", file="media/x.mp4", duration=10)
    audio = Media.objects.create(title="访谈录音", type="audio", file="media/x.mp3", duration=10)
    block = MediaBlock()
    for media in (video, audio):
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"media": media.pk, "title": "t", "transcript": ""}))
        block.clean(block.to_python({"media": media.pk, "title": "t", "transcript": "主持人：大家好。"}))
    if hasattr(video, "captions"):
        video.captions = "media_captions/x.vtt"
        video.save()
        block.clean(block.to_python({"media": video.pk, "title": "t", "transcript": ""}))
    html = block.render(block.to_python({"media": audio.pk, "title": "访谈录音", "transcript": "主持人：大家好。"}))
    assert "<audio controls" in html and "<details" in html and "主持人：大家好。" in html


# --- errors ---------------------------------------------------------------------------


def test_friendly_404_in_both_languages(client, public_site):
    zh = client.get("/no-such-page/")
    assert zh.status_code == 404 and '<html lang="zh-hans"' in zh.content.decode()
    en = client.get("/en/no-such-page/")
    assert en.status_code == 404
    body = en.content.decode()
    assert '<html lang="en"' in body and "Page not found" in body and 'href="/en/"' in body


def test_friendly_500_in_both_languages(rf):
    from cms.views import server_error

    response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "系统错误" in body and "Server error" in body and '<section lang="en">' in body
    assert 'href="/"' in body and 'href="/en/"' in body


def test_translated_pages_announce_each_other(client, public_site):
    html = client.get("/topics/after-school-care/").content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/topics/after-school-care/">' in html
    assert '<link rel="alternate" hreflang="zh-hans" href="http://testserver/topics/after-school-care/">' in html
