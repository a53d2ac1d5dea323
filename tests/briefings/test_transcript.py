"""Transcript turns link to their time in the recording."""

import pytest
from django.contrib.staticfiles import finders
from wagtail.blocks.struct_block import StructBlockValidationError

from briefings.blocks import SpeakerTurnBlock, format_offset, parse_offset

from .conftest import full_transcript

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "seconds"), [("", None), ("75", 75), ("1:15", 75), ("01:15", 75), ("0:01:15", 75), ("1:00:00", 3600)]
)
def test_parse_offset(text, seconds):
    assert parse_offset(text) == seconds


@pytest.mark.parametrize("text", ["1:75", "abc", "1:2:3:4", "-5"])
def test_bad_offsets_are_rejected(text):
    with pytest.raises(ValueError):
        parse_offset(text)
    block = SpeakerTurnBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"speaker": "主持人", "text": "好", "time": text}))


def test_format_offset():
    assert format_offset(75) == "01:15"
    assert format_offset(3725) == "1:02:05"


def test_turns_link_to_their_time_in_the_recording(client, make_briefing, make_media):
    media = make_media("audio")
    page = make_briefing(media=media, transcript=full_transcript(), transcript_complete=True)
    html = client.get(page.url).content.decode()
    # Works without JavaScript: the link opens the recording at that time.
    assert f'href="{media.url}#t=75" data-seek="75"' in html
    assert f'href="{media.url}#t=0" data-seek="0"' in html
    assert "<time>01:15</time>" in html
    assert "data-briefing-player" in html
    assert "briefings/js/transcript.js" in html
    # The question without a time has no link.
    assert html.count("data-seek=") == 2
    assert "示例日报" in html and "非营利。" in html


def test_without_a_recording_times_are_plain_text(client, make_briefing):
    page = make_briefing(transcript=full_transcript())
    html = client.get(page.url).content.decode()
    assert "data-seek" not in html
    assert '<span class="offset"><time>01:15</time></span>' in html
    assert "transcript.js" not in html


def test_video_player_has_caption_track(client, make_briefing, make_media):
    media = make_media("video", captions=True)
    page = make_briefing(media=media)
    html = client.get(page.url).content.decode()
    assert "<video" in html
    assert f'<track kind="captions" src="{media.captions.url}"' in html


def test_seek_script_is_served():
    path = finders.find("briefings/js/transcript.js")
    assert path
    script = open(path, encoding="utf-8").read()
    assert "data-seek" in script and "currentTime" in script


def test_external_video_is_embedded(client, make_briefing):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    url = "https://video.example.test/watch/123"
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html='<iframe src="https://video.example.test/embed/123"></iframe>',
        width=640,
        height=360,
    )
    page = make_briefing(video_url=url, external_video_captioned=True)
    html = client.get(page.url).content.decode()
    assert 'src="https://video.example.test/embed/123"' in html
    assert f'href="{url}"' in html
