"""Clicking a transcript time seeks the page's player (real browser)."""

import pytest

from tests.browser import screenshot

from .conftest import full_transcript


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_transcript_time_seeks_the_player(live_server, make_briefing, make_media, page):
    media = make_media("audio")  # a 2-second tone
    transcript = full_transcript()
    transcript[1] = ("turn", {"speaker": "发言人", "text": "现在开始发布。", "time": "1"})
    briefing = make_briefing(media=media, transcript=transcript, transcript_complete=True)
    # Uploads are not served by Django outside DEBUG: hand the browser the file.
    page.route("**" + media.url, lambda route: route.fulfill(path=media.file.path, content_type="audio/wav"))
    page.goto(live_server.url + briefing.url)
    page.wait_for_function("() => document.querySelector('[data-briefing-player]').readyState >= 1", timeout=10000)
    page.locator('a[data-seek="1"]').click()
    page.wait_for_function(
        "() => Math.abs(document.querySelector('[data-briefing-player]').currentTime - 1) < 0.6", timeout=10000
    )
    assert page.evaluate("location.pathname") == briefing.url  # stayed on the page
    assert page.evaluate("location.hash") == "#t=1"
    screenshot(page, "briefing-transcript-seek")
