"""Upload validation (content, size, WebVTT) and the metadata task."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtailmedia import get_media_model

from briefings import tasks
from briefings.models import BriefingMedia
from briefings.samples import FAKE_MP4, tone_wav

from .conftest import CAPTIONS

pytestmark = pytest.mark.django_db


def ours(callbacks):
    return [c for c in callbacks if getattr(c, "func", None) is tasks.enqueue_media_metadata]


def _media(kind, name, content, **files):
    media = BriefingMedia(title="recording", type=kind)
    media.file = SimpleUploadedFile(name, content)
    for field, (fname, data) in files.items():
        setattr(media, field, SimpleUploadedFile(fname, data))
    return media


def test_wagtailmedia_uses_the_briefing_media_model():
    assert get_media_model() is BriefingMedia


def test_valid_audio_and_video_pass():
    _media("audio", "clip.wav", tone_wav(0.5)).full_clean()
    _media("video", "clip.mp4", FAKE_MP4, captions=("c.vtt", CAPTIONS.encode())).full_clean()


def test_bad_type_is_rejected_by_content():
    media = _media("audio", "clip.mp3", b"<html><script>alert(1)</script></html>" * 10)
    with pytest.raises(ValidationError) as error:
        media.full_clean()
    assert "not audio" in str(error.value.message_dict["file"])


def test_audio_uploaded_as_video_is_rejected():
    with pytest.raises(ValidationError) as error:
        _media("video", "clip.mp4", tone_wav(0.5)).full_clean()
    assert "file" in error.value.message_dict


def test_wrong_extension_is_rejected():
    with pytest.raises(ValidationError) as error:
        _media("audio", "clip.exe", tone_wav(0.5)).full_clean()
    assert "exe" in str(error.value)


def test_oversize_file_is_rejected(settings):
    settings.BRIEFINGS_MEDIA_MAX_UPLOAD_SIZE = 1000
    with pytest.raises(ValidationError) as error:
        _media("audio", "clip.wav", tone_wav(0.5)).full_clean()
    assert "the limit is" in str(error.value.message_dict["file"])


@pytest.mark.parametrize(
    "content",
    [
        b"not a caption file",
        b"WEBVTT\n\n1\n00:00.000 -> 00:01.000\nbad arrow\n",
        b"WEBVTT\n\n1\n0:00 --> 0:01\nbad time\n",
        b"WEBVTT\n",
        "WEBVTT\n\n00:00.000 --> 00:01.000\n\xff".encode("latin-1"),
    ],
)
def test_bad_webvtt_is_rejected(content):
    with pytest.raises(ValidationError) as error:
        _media("video", "clip.mp4", FAKE_MP4, captions=("c.vtt", content)).full_clean()
    assert "captions" in error.value.message_dict


def test_admin_upload_rejects_bad_content(client, admin_en):
    client.force_login(admin_en)
    url = reverse("wagtailmedia:add", args=("audio",))
    response = client.post(
        url,
        {
            "title": "fake",
            "file": SimpleUploadedFile("fake.mp3", b"%PDF-1.4 not audio" * 20),
            "duration": "0",
            "tags": "",
        },
    )
    assert response.status_code == 200
    assert "not audio" in response.content.decode()
    assert not BriefingMedia.objects.exists()


def test_admin_upload_accepts_audio_with_captions(client, admin_en, django_capture_on_commit_callbacks):
    client.force_login(admin_en)
    url = reverse("wagtailmedia:add", args=("audio",))
    data = {
        "title": "发布会录音",
        "file": SimpleUploadedFile("briefing.wav", tone_wav(1.0)),
        "captions": SimpleUploadedFile("briefing.vtt", CAPTIONS.encode()),
        "captions_language": "zh-hans",
        "duration": "0",
        "tags": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    media = BriefingMedia.objects.get()
    assert media.captions.name.endswith(".vtt")
    assert media.duration == pytest.approx(1.0, abs=0.05)  # filled in by the task


def test_duration_task_runs_through_django_q_on_commit(make_media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        media = make_media("audio")
    assert len(ours(callbacks)) == 1
    media.refresh_from_db()
    assert media.duration == pytest.approx(2.0, abs=0.05)
    assert media.metadata_extracted_at is not None


def test_duration_task_directly(make_media):
    media = make_media("audio")
    found = tasks.extract_media_metadata(media.pk)
    assert found["duration"] == pytest.approx(2.0, abs=0.05)
    media.refresh_from_db()
    assert media.duration == pytest.approx(2.0, abs=0.05)
    assert tasks.extract_media_metadata(999999) is None


def test_unreadable_media_gets_no_duration(make_media):
    media = make_media("video")
    assert tasks.extract_media_metadata(media.pk) == {}
    media.refresh_from_db()
    assert media.duration == 0
    assert media.metadata_extracted_at is not None


def test_poster_frame_is_stored_when_ffmpeg_gives_one(make_media, monkeypatch):
    from wagtail.images.tests.utils import get_test_image_file

    png = get_test_image_file().file.getvalue()
    monkeypatch.setattr(tasks, "poster_frame", lambda path, at: png)
    monkeypatch.setattr(tasks, "probe_with_ffprobe", lambda path: (12.5, 640, 360))
    media = make_media("video")
    tasks.extract_media_metadata(media.pk)
    media.refresh_from_db()
    assert media.duration == 12.5 and (media.width, media.height) == (640, 360)
    assert media.poster is not None and media.poster.width > 0
    assert media.thumbnail.name.endswith(".png")


def test_no_ffmpeg_means_no_poster(make_media, monkeypatch):
    monkeypatch.setattr(tasks.shutil, "which", lambda name: None)
    assert tasks.poster_frame("/nonexistent.mp4", 1.0) is None
    assert tasks.probe_with_ffprobe("/nonexistent.mp4") is None


def test_changing_other_fields_does_not_requeue(make_media, django_capture_on_commit_callbacks):
    media = make_media("audio")
    with django_capture_on_commit_callbacks() as callbacks:
        media.title = "renamed"
        media.save()
    assert ours(callbacks) == []
    with django_capture_on_commit_callbacks() as callbacks:
        media.file.save("other.wav", ContentFile(tone_wav(1.0)), save=True)
    assert len(ours(callbacks)) == 1
