"""Masks added by hand, from the page where staff read a citizen's text
(a comment's moderation page; a case answer's publication screen can post
here too). Each source in `interactions.masking.SOURCES` says who may mask."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.security import on_this_site

from . import masking


def _back(request, obj):
    target = request.POST.get("next", "")
    if on_this_site(request, target):
        return HttpResponseRedirect(target + "#personal-data")
    referer = request.META.get("HTTP_REFERER", "")
    # The Referer is the client's word too: only ever back onto this site.
    return HttpResponseRedirect(referer if on_this_site(request, referer) else "/admin/")


def _log(obj, action, user, reason):
    if obj._meta.label_lower == "interactions.comment":
        from .services import log

        log(obj, action, user, reason)


@require_POST
def add(request):
    source = masking.SOURCES.get(request.POST.get("source", ""))
    if source is None:
        raise Http404
    model = apps.get_model(source.model)
    obj = get_object_or_404(model, pk=request.POST.get("object_id") or None)
    if not masking.may_mask(request.user, obj):
        raise PermissionDenied
    try:
        mask = masking.add(obj, request.POST.get("text", ""), request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # The log says that and how much, not what: the text stays in one place.
        _log(obj, "mask_added", request.user, _("%(n)d characters") % {"n": len(mask.text)})
        messages.success(request, _("Masked. The public copy no longer shows this text."))
    return _back(request, obj)


@require_POST
def remove(request, pk):
    mask = get_object_or_404(masking.ManualMask, pk=pk)
    obj = mask.content_type.get_object_for_this_type(pk=mask.object_id)
    if not masking.may_mask(request.user, obj):
        raise PermissionDenied
    masking.remove(mask, request.user)
    _log(obj, "mask_removed", request.user, _("%(n)d characters") % {"n": len(mask.text)})
    messages.success(request, _("The manual mask is removed."))
    return _back(request, obj)
