"""Background work on uploaded briefing media, run by django-q2: read the
duration (mutagen; ffprobe when installed), and take a poster frame from
videos where ffmpeg is installed."""

import io
import json
import logging
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

logger = logging.getLogger(__name__)

TASK = "briefings.tasks.extract_media_metadata"


def enqueue_media_metadata(media_id):
    from django_q.tasks import async_task

    async_task(TASK, media_id, task_name=f"media-metadata-{media_id}")


@contextmanager
def local_copy(field_file):
    """A filesystem path for the stored file (a temporary copy for remote storage)."""
    try:
        path = field_file.path
    except NotImplementedError:
        path = None
    if path:
        yield path
        return
    suffix = os.path.splitext(field_file.name)[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        field_file.open("rb")
        try:
            shutil.copyfileobj(field_file, handle)
        finally:
            field_file.close()
        handle.flush()
        yield handle.name


def duration_with_mutagen(path):
    import mutagen

    try:
        info = mutagen.File(path)
    except mutagen.MutagenError:
        return None
    length = getattr(getattr(info, "info", None), "length", None)
    return float(length) if length else None


def probe_with_ffprobe(path):
    """(duration, width, height) from ffprobe, or None when it is missing or fails."""
    ffprobe = shutil.which("ffprobe")
    if not ffprobe:
        return None
    try:
        result = subprocess.run(  # noqa: S603
            [ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
            capture_output=True,
            check=True,
            timeout=60,
        )
        data = json.loads(result.stdout)
    except (subprocess.SubprocessError, OSError, ValueError):
        logger.warning("ffprobe failed on %s", path)
        return None
    duration = float(data.get("format", {}).get("duration") or 0) or None
    video = next((s for s in data.get("streams", []) if s.get("codec_type") == "video"), {})
    return duration, video.get("width"), video.get("height")


def poster_frame(path, at_seconds):
    """PNG bytes of one frame, or None without ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        return None
    try:
        result = subprocess.run(  # noqa: S603
            [
                ffmpeg,
                "-v",
                "error",
                "-ss",
                f"{at_seconds:.2f}",
                "-i",
                path,
                "-frames:v",
                "1",
                "-f",
                "image2pipe",
                "-vcodec",
                "png",
                "-",
            ],
            capture_output=True,
            check=True,
            timeout=120,
        )
    except (subprocess.SubprocessError, OSError):
        logger.warning("ffmpeg could not take a poster frame from %s", path)
        return None
    return result.stdout or None


def extract_media_metadata(media_id):
    """Fill in duration (and size and poster for videos). Returns what was found."""
    from wagtail.images import get_image_model

    from .models import BriefingMedia

    media = BriefingMedia.objects.filter(pk=media_id).first()
    if media is None or not media.file:
        return None
    found = {}
    with local_copy(media.file) as path:
        probed = probe_with_ffprobe(path)
        if probed:
            found["duration"], found["width"], found["height"] = probed
        if not found.get("duration"):
            found["duration"] = duration_with_mutagen(path)
        poster = None
        if media.type == "video" and media.poster_id is None:
            poster = poster_frame(path, min(5.0, (found.get("duration") or 0) / 3))
    updates = {"metadata_extracted_at": timezone.now()}
    if found.get("duration"):
        updates["duration"] = round(found["duration"], 3)
    if media.type == "video":
        for key in ("width", "height"):
            if found.get(key):
                updates[key] = found[key]
    if poster:
        image = get_image_model()(
            title=f"{media.title} (poster)",
            collection_id=media.collection_id,
            file=ImageFile(io.BytesIO(poster), name=f"poster-{media.pk}.png"),
        )
        image.save()
        updates["poster"] = image
        media.thumbnail.save(f"poster-{media.pk}.png", ContentFile(poster), save=False)
        updates["thumbnail"] = media.thumbnail.name
    # update() rather than save(): saving would queue this task again.
    BriefingMedia.objects.filter(pk=media.pk).update(**updates)
    return {key: value for key, value in found.items() if value is not None}
