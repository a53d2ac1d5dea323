"""The one rule deciding whether an uploaded file is public.

A document, image or media item (audio/video) is *public* when

- it is not in a collection with a view restriction, and
- either it sits in a collection a site administrator marked public
  (cms.assets.models.PublicCollection), or something public uses it.

"Something public" is, following Wagtail's reference index (foreign keys,
chooser blocks in StreamFields, links in rich text, inline child rows):

- a live page that is publicly viewable: neither it nor an ancestor has a
  view restriction. The index records what a page's *database row* holds,
  which for a live page is its published content: a draft that newly uses a
  file does not make it public, publishing it does (cms/assets/signals.py
  brings the index up to date in the publishing transaction);
- site furniture shown on public pages whatever page is read: the site
  identity and settings, the current spokespeople of the directory (FURNITURE);
- another public asset (the poster image of a public video);
- any other object (a snippet) that something public uses, up to MAX_HOPS
  steps away from the page (a past spokesperson named on a live briefing).

Everything else is private: served to staff who work on pages or media
(`staff_may_see`), a 404 for everyone else, and never listed by the API.
The answer for one asset is kept per process until the next publish,
unpublish, move or restriction change (the content generation of
cms/fragments.py) and at most FRAGMENT_CACHE_SECONDS.
"""

import time

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField, Q
from django.db.models.functions import Cast
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, GroupPagePermission, Page, PageViewRestriction, ReferenceIndex
from wagtail.permissions import policy_registry
from wagtailmedia.models import get_media_model

from cms import fragments

# Site furniture: rows shown on public pages without a page choosing them.
# label -> name of a queryset method selecting the rows shown, or None for all.
FURNITURE = {
    "cms.siteidentity": None,  # header and footer of every page
    "cms.sitesettings": None,
    "briefings.spokesperson": "current",  # the spokesperson directory
}

# Steps from an asset to the page or furniture that makes it public:
# image -> page, image -> snippet -> page, image -> video -> snippet -> page.
MAX_HOPS = 3

STAFF_ASSET_ACTIONS = ["choose", "add", "change"]


def asset_models():
    return [get_document_model(), get_image_model(), get_media_model()]


def is_asset_model(model):
    return any(issubclass(model, asset_model) for asset_model in asset_models())


def furniture_models():
    models = []
    for label in FURNITURE:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    return models


def _base_ct(model):
    return ReferenceIndex._get_base_content_type(model)


def _integer_pk(model):
    return model._meta.pk.get_internal_type() in {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField"}


# --- Candidates: which objects a question is about --------------------------------
# None (all of them), a list of primary keys, or (references, column): the
# objects named in that column of a ReferenceIndex queryset.


def _only(queryset, candidates):
    if candidates is None:
        return queryset
    if isinstance(candidates, list):
        return queryset.filter(pk__in=candidates)
    references, column = candidates
    return queryset.filter(pk__in=references.annotate(_pk=Cast(column, BigIntegerField())).values("_pk"))


def _references_to(model, candidates):
    references = ReferenceIndex.objects.filter(to_content_type=_base_ct(model))
    if candidates is None:
        return references
    if isinstance(candidates, list):
        return references.filter(to_object_id__in=[str(pk) for pk in candidates])
    inner, column = candidates
    return references.filter(to_object_id__in=inner.values(column))


# --- The rule -----------------------------------------------------------------------


def _public_pages_q():
    q = Q(live=True, depth__gt=1)
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        q &= ~Q(path__startswith=path)
    return q


def _public_q(model, candidates, hops):
    """A Q selecting the public objects of `model` (any model: page, asset,
    furniture, snippet), or None when none can be."""
    if issubclass(model, Page):
        return _public_pages_q()
    if not _integer_pk(model):
        return None
    if is_asset_model(model):
        q = Q(collection__public_marking__isnull=False)
        used = _used_publicly(model, candidates, hops)
        if used is not None:
            q |= Q(pk__in=used)
        return q & ~Q(collection__in=CollectionViewRestriction.objects.values("collection"))
    label = model._meta.label_lower
    q = None
    if label in FURNITURE:
        method = FURNITURE[label]
        if method is None:
            return Q()
        q = Q(pk__in=getattr(model.objects, method)().values("pk"))
    used = _used_publicly(model, candidates, hops)
    if used is not None:
        q = Q(pk__in=used) if q is None else q | Q(pk__in=used)
    return q


def _used_publicly(model, candidates, hops):
    """Primary keys (a subquery) of the `model` objects that something public
    uses, or None when nothing public uses any of them."""
    if hops <= 0:
        return None
    references = _references_to(model, candidates)
    used = None
    holder_types = references.order_by().values_list("base_content_type_id", flat=True).distinct()
    for holder_type in holder_types:
        holder_model = ContentType.objects.get_for_id(holder_type).model_class()
        if holder_model is None or not _integer_pk(holder_model):
            continue
        from_holder = references.filter(base_content_type_id=holder_type)
        holders = (from_holder, "object_id")
        public = _public_q(holder_model, holders, hops - 1)
        if public is None:
            continue
        public_holders = _only(holder_model._default_manager.filter(public), holders).values("pk")
        condition = Q(base_content_type_id=holder_type, object_id__in=_as_strings(public_holders))
        used = condition if used is None else used | condition
    if used is None:
        return None
    return references.filter(used).annotate(_pk=Cast("to_object_id", BigIntegerField())).values("_pk")


def _as_strings(pk_values):
    """Primary keys as ReferenceIndex stores them (text)."""
    return pk_values.annotate(_key=Cast("pk", CharField())).values("_key")


def public_assets(model, candidates=None):
    """The public objects of an asset model (a queryset)."""
    q = _public_q(model, candidates, MAX_HOPS)
    queryset = _only(model._default_manager.all(), candidates)
    return queryset.filter(q) if q is not None else queryset.none()


def is_public(asset):
    """Whether anyone may fetch this document, image or media item."""
    key = (asset._meta.label_lower, asset.pk, asset.collection_id)
    seconds = fragments.seconds()
    now = time.monotonic()
    if seconds > 0:
        table = fragments.process_table("public-assets")
        entry = table.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
    answer = public_assets(type(asset), [asset.pk]).exists()
    if seconds > 0:
        table[key] = (now + seconds, answer)
    return answer


def staff_may_see(user, asset):
    """Staff see private files where their work needs them: whoever may
    choose or edit the asset in the admin, and whoever reviews or edits
    pages (their previews show drafts). Others see what the public sees."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    policy = policy_registry.get_by_type(type(asset))
    if policy is not None and policy.user_has_any_permission_for_instance(user, STAFF_ASSET_ACTIONS, asset):
        return True
    return GroupPagePermission.objects.filter(group__user=user).exists()
