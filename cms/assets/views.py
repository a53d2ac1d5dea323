"""Serving uploaded files only as cms/assets/rules.py allows.

- `/documents/<id>/<name>`: Wagtail's own serve view (WAGTAILDOCS_SERVE_METHOD
  "serve_view"); our `before_serve_document` hook (cms/assets/hooks.py)
  refuses a private document before Wagtail reads the file.
- `/media/<path>`: image originals and renditions and wagtailmedia files
  (recording, thumbnail, captions, chapters), looked up by their stored name.
  Nothing else under MEDIA_ROOT is served: a document's stored file is only
  ever reached through /documents/, and unknown names are a 404.

A refusal is the same clear 404 whether the file is private or missing, so
nobody learns which unpublished files exist. A public file may be kept by
browsers and a CDN for GONGKAI_MEDIA_CACHE_SECONDS (a CDN is purged when the
file stops being public: cms/assets/signals.py); a file shown to staff only
is `private, no-store`.
"""

import hashlib
import mimetypes

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail.documents.views import serve as wagtail_document_serve
from wagtail.images import get_image_model
from wagtail.utils.sendfile import sendfile

from cms.assets import rules
from cms.assets.sendfile import handoff
from cms.assets.sendfile import sendfile as handoff_sendfile

NOT_PUBLISHED = _(
    "This file is not published. Files become public when a page that uses them is published; "
    "it may have been withdrawn, or the address may be wrong."
)

PUBLIC = "public"
STAFF = "staff"


def access(request, asset):
    """PUBLIC, STAFF, or None (refused)."""
    if rules.is_public(asset):
        return PUBLIC
    if rules.staff_may_see(getattr(request, "user", None), asset):
        return STAFF
    return None


def not_published(request):
    response = render(request, "cms/assets/not_published.html", {"message": NOT_PUBLISHED}, status=404)
    patch_cache_control(response, private=True, no_store=True)
    return response


def cache_seconds():
    return int(getattr(settings, "GONGKAI_MEDIA_CACHE_SECONDS", 300))


def mark_cacheability(response, visibility):
    if visibility == PUBLIC:
        patch_cache_control(response, public=True, max_age=cache_seconds())
    else:
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
    return response


# --- Finding the asset behind a stored name -------------------------------------------


def _file_fields():
    """(prefix, model, field name, owner) for every file we serve under /media/.
    `owner` maps a row to the asset whose rule applies (a rendition's image)."""
    image_model = get_image_model()
    fields = [
        ("original_images/", image_model, "file", None),
        ("images/", image_model.get_rendition_model(), "file", "image"),
    ]
    media_model = rules.get_media_model()
    for field in media_model._meta.get_fields():
        if getattr(field, "get_internal_type", lambda: "")() == "FileField" and isinstance(field.upload_to, str):
            fields.append((field.upload_to.rstrip("/") + "/", media_model, field.name, None))
    return fields


def find(name):
    """(asset, field file, stored model row) for a stored name, or None. The
    name -> row step is cached (a stored name never changes owner while the
    row exists); the row itself is read every time."""
    if not name or ".." in name.split("/") or name.startswith("/"):
        return None
    key = "assets:name:" + hashlib.sha256(name.encode()).hexdigest()
    cached = cache.get(key)
    for index, (prefix, model, field_name, owner) in enumerate(_file_fields()):
        if not name.startswith(prefix):
            continue
        if cached is not None and cached[0] != index:
            continue
        queryset = model._default_manager.all()
        if owner:
            queryset = queryset.select_related(owner)
        row = queryset.filter(pk=cached[1]).first() if cached is not None else None
        if row is None or getattr(row, field_name).name != name:
            row = queryset.filter(**{field_name: name}).first()
        if row is None:
            continue
        cache.set(key, (index, row.pk), 24 * 3600)
        asset = getattr(row, owner) if owner else row
        return asset, getattr(row, field_name)
    return None


# --- Responses -------------------------------------------------------------------------


def _local_path(field_file):
    try:
        return field_file.storage.path(field_file.name)
    except NotImplementedError:
        return None


def is_remote(field_file):
    return _local_path(field_file) is None


def file_response(request, field_file, *, attachment=False, filename=None, content_type=None):
    """The file itself, handed off to the web server or object storage where configured."""
    storage = field_file.storage
    local_path = _local_path(field_file)
    content_type = content_type or mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    if local_path is not None:
        response = sendfile(
            request,
            local_path,
            attachment=attachment,
            attachment_filename=filename if attachment else False,
            mimetype=content_type,
            backend=handoff_sendfile,
        )
        if handoff():
            del response["Content-Length"]  # the web server sends the body
        return response
    signed_url = getattr(storage, "signed_url", None)
    if signed_url is not None and getattr(settings, "GONGKAI_MEDIA_REMOTE", "redirect") == "redirect":
        # Object storage: a short-lived signed address for this one file.
        return HttpResponseRedirect(signed_url(field_file.name, attachment_filename=filename if attachment else None))
    response = FileResponse(storage.open(field_file.name), content_type=content_type)
    if attachment:
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def checked_file_response(request, field_file, visibility, **options):
    """file_response with the cache headers `visibility` calls for."""
    response = file_response(request, field_file, **options)
    if isinstance(response, HttpResponseRedirect):
        # A signed address expires: nobody may keep the redirect.
        patch_cache_control(response, private=True, no_store=True)
        return response
    return mark_cacheability(response, visibility)


AVATARS = "avatar_images/"


def serve_avatar(request, name):
    """Admin users' uploaded avatars: shown in the admin, to staff only."""
    from wagtail.users.models import UserProfile

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return not_published(request)
    profile = UserProfile.objects.filter(avatar=name).first()
    if profile is None:
        return not_published(request)
    try:
        return checked_file_response(request, profile.avatar, STAFF)
    except (Http404, FileNotFoundError):
        return not_published(request)


def serve_media(request, name):
    if name.startswith(AVATARS) and ".." not in name.split("/"):
        return serve_avatar(request, name)
    found = find(name)
    if found is None:
        return not_published(request)
    asset, field_file = found
    visibility = access(request, asset)
    if visibility is None:
        return not_published(request)
    try:
        return checked_file_response(request, field_file, visibility)
    except (Http404, FileNotFoundError):
        return not_published(request)


def serve_document(request, document_id, document_filename):
    """Wagtail's document view; the hook has recorded who may have it."""
    try:
        response = wagtail_document_serve.serve(request, document_id, document_filename)
    except Http404:
        return not_published(request)
    visibility = getattr(request, "_gongkai_asset_access", None)
    if response.status_code in (200, 304) and visibility is not None:
        if handoff() and response.has_header("X-Accel-Redirect"):
            del response["Content-Length"]
        mark_cacheability(response, visibility)
    return response
