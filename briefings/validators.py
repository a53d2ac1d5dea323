"""Checks on uploaded audio, video and WebVTT files: by content, not by name,
and by size. Used by BriefingMedia.clean() so every upload path runs them."""

import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_MEDIA_SIZE = 500 * 1024 * 1024
MAX_VTT_SIZE = 2 * 1024 * 1024
HEAD_BYTES = 8192

# Container formats that may legitimately hold the other kind of stream:
# an MP4 or Matroska/WebM file can carry audio only, an Ogg file video.
ACCEPTED_MIME = {
    "audio": {"video/mp4", "video/webm", "video/x-matroska"},
    "video": {"audio/ogg"},
}

_CUE_TIMING = re.compile(r"^(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}")


def max_media_size():
    return getattr(settings, "BRIEFINGS_MEDIA_MAX_UPLOAD_SIZE", DEFAULT_MAX_MEDIA_SIZE)


def _read_head(file, length=HEAD_BYTES):
    position = file.tell() if hasattr(file, "tell") else None
    file.seek(0)
    head = file.read(length)
    file.seek(position or 0)
    return head


def validate_media_file(file, media_type):
    """Raise ValidationError unless `file` is audio/video of `media_type`
    (judged from its first bytes) and not larger than the configured limit."""
    limit = max_media_size()
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    kind = filetype.guess(_read_head(file))
    mime = kind.mime if kind else ""
    if not (mime.startswith(f"{media_type}/") or mime in ACCEPTED_MIME.get(media_type, set())):
        raise ValidationError(
            _("The file's content is not %(kind)s (detected: %(detected)s)."),
            code="invalid_content",
            params={
                "kind": _("audio") if media_type == "audio" else _("video"),
                "detected": mime or _("unknown"),
            },
        )


def validate_webvtt(file):
    """A WebVTT file: UTF-8 text starting with WEBVTT, every cue with a valid timing line."""
    if file.size is not None and file.size > MAX_VTT_SIZE:
        raise ValidationError(
            _("A WebVTT file may be at most %(limit)s."),
            code="vtt_too_large",
            params={"limit": filesizeformat(MAX_VTT_SIZE)},
        )
    file.seek(0)
    raw = file.read()
    file.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("A WebVTT file must be UTF-8 text."), code="vtt_encoding") from error
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise ValidationError(_("This is not a WebVTT file: the first line must be “WEBVTT”."), code="vtt_header")
    cues = 0
    for line in lines[1:]:
        if "-->" in line:
            if not _CUE_TIMING.match(line.strip()):
                raise ValidationError(
                    _("Invalid cue timing in WebVTT file: %(line)s"), code="vtt_timing", params={"line": line[:80]}
                )
            cues += 1
    if not cues:
        raise ValidationError(_("The WebVTT file contains no cues."), code="vtt_empty")
