"""The public copies of what citizens wrote, and the masks moderators add by hand.

Detection is `cms.personal_data` (one module for every surface); this module
applies it to our models:

* `ManualMask`: a string a moderator (or a case handler) masked by hand in
  one object, keyed by content type + object id + the exact text. From then
  on the public copy masks it wherever it occurs in that object.
* `add(obj, text, user)` / `remove(mask, user)` store one and rewrite the
  object's public copy at once (and drop cached public pages).
* `mask_text(obj, text)` / `highlighted(obj, text)`: the public copy of one
  text of `obj`, and the original with every masked span marked, both with
  the object's manual masks and names.
* `remask_all()` rewrites every stored public copy (a data migration and the
  `remask_personal_data` command call it when detection improves).

Which models take part is declared in `SOURCES` below: what texts they
publish, whose names they reduce, who may mask them by hand and how their
public copy is rewritten. A model not listed cannot get manual masks."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import personal_data

logger = logging.getLogger(__name__)

MAX_MANUAL_MASK = 200


class ManualMask(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    text = models.CharField(gettext_lazy("text to mask"), max_length=MAX_MANUAL_MASK)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "interactions"
        verbose_name = gettext_lazy("manual mask")
        verbose_name_plural = gettext_lazy("manual masks")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "text"], name="unique_manual_mask"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="manual_mask_object")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


# --- Sources ----------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """How one model takes part: dotted paths, imported when first used."""

    model: str  # "app_label.ModelName"
    fields: str  # callable(obj) -> [(label, original text)] of what is published
    refresh: str  # callable(obj) -> None: rewrite and save the public copy
    may_mask: str  # callable(user, obj) -> bool
    remask: str  # callable(model class, {object id: [manual masks]}) -> rows changed
    names: str = ""  # callable(obj) -> [names reduced to their first character]

    def call(self, name, *args):
        path = getattr(self, name)
        return import_string(path)(*args) if path else []


SOURCES = {
    source.model.lower(): source
    for source in [
        Source(
            "interactions.Comment",
            fields="interactions.masking.comment_fields",
            refresh="interactions.masking.refresh_comment",
            may_mask="interactions.masking.may_mask_comment",
            remask="interactions.masking.remask_comments",
        ),
        Source(
            "cases.Case",
            fields="interactions.cases.masking.case_fields",
            refresh="interactions.cases.masking.refresh_case",
            may_mask="interactions.cases.masking.may_mask_case",
            remask="interactions.cases.masking.remask_cases",
            names="interactions.cases.masking.case_names",
        ),
    ]
}


def source_for(obj):
    return SOURCES.get(obj._meta.label_lower)


def _key(obj):
    return ContentType.objects.get_for_model(obj), str(obj.pk)


def masks_of(obj):
    """The ManualMask rows of `obj`, oldest first."""
    if obj is None or obj.pk is None or source_for(obj) is None:
        return ManualMask.objects.none()
    content_type, object_id = _key(obj)
    return ManualMask.objects.filter(content_type=content_type, object_id=object_id)


def manual_masks(obj):
    """The strings masked by hand in `obj`."""
    return [text for text in masks_of(obj).values_list("text", flat=True)]


def names_of(obj):
    source = source_for(obj)
    return [n for n in (source.call("names", obj) if source else []) if n]


def mask_text(obj, text, extra=None):
    """The public copy of `text`, one of `obj`'s texts."""
    extra = manual_masks(obj) if extra is None else extra
    return personal_data.mask(text or "", names=names_of(obj), extra=extra)


def highlighted(obj, text, extra=None):
    """The original `text` of `obj`, escaped, with every span the public copy masks in <mark>."""
    extra = manual_masks(obj) if extra is None else extra
    return personal_data.highlight(text or "", names=names_of(obj), extra=extra)


def may_mask(user, obj):
    source = source_for(obj)
    return bool(source and user.is_authenticated and source.call("may_mask", user, obj))


def add(obj, text, user=None):
    """Mask `text` in `obj` from now on. It must occur in what `obj` publishes
    (compared after normalisation, so a full-width copy counts)."""
    source = source_for(obj)
    if source is None:
        raise ValidationError(_("This kind of content cannot be masked by hand."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Enter the text to mask."))
    if len(text) > MAX_MANUAL_MASK:
        raise ValidationError(_("Mask at most %(n)d characters at a time.") % {"n": MAX_MANUAL_MASK})
    folded = personal_data.fold(text)
    if not any(folded in personal_data.fold(original) for _label, original in source.call("fields", obj)):
        raise ValidationError(_("This text does not occur in what would be published."))
    content_type, object_id = _key(obj)
    with transaction.atomic():
        mask, _created = ManualMask.objects.get_or_create(
            content_type=content_type, object_id=object_id, text=text, defaults={"created_by": user}
        )
        source.call("refresh", obj)
    return mask


def remove(mask, user=None):
    """Take a manual mask off again; the public copy is rewritten."""
    obj = mask.content_type.get_object_for_this_type(pk=mask.object_id)
    with transaction.atomic():
        mask.delete()
        source = source_for(obj)
        if source:
            source.call("refresh", obj)
    return obj


def _forget(sender, instance, **kwargs):
    """An object's manual masks are personal data: they go with it."""
    masks_of(instance).delete()


for _source in SOURCES.values():
    post_delete.connect(_forget, sender=_source.model, weak=False, dispatch_uid=f"manual-masks:{_source.model}")


# --- Comments and interview questions -------------------------------------------------


def comment_fields(comment):
    return [
        (_("Comment as written"), comment.body),
        (_("Display name"), comment.display_name),
        (_("Region"), comment.region),
    ]


def comment_public_copy(comment, extra=()):
    """(public_body, public_display_name, public_region) of `comment`."""
    return (
        personal_data.mask(comment.body or "", extra=extra),
        personal_data.mask(comment.display_name or "", extra=extra)[:60],
        personal_data.mask(comment.region or "", extra=extra)[:60],
    )


def refresh_comment(comment):
    from .models import Comment
    from .services import purge_public_cache

    comment.public_body, comment.public_display_name, comment.public_region = comment_public_copy(
        comment, manual_masks(comment)
    )
    Comment.objects.filter(pk=comment.pk).update(
        public_body=comment.public_body,
        public_display_name=comment.public_display_name,
        public_region=comment.public_region,
    )
    transaction.on_commit(lambda: purge_public_cache([comment.page_id]))


def may_mask_comment(user, comment):
    return user.has_perm("interactions.moderate_comment")


# --- Every stored copy at once -----------------------------------------------------------


def remask_comments(comment_model, manual=None, batch=500):
    """Rewrite every comment's public copy with today's detection (and, given
    `manual` = {object id: [texts]}, its manual masks). Returns how many changed."""
    changed = 0
    pending = []
    rows = comment_model.objects.only(
        "pk", "body", "display_name", "region", "public_body", "public_display_name", "public_region"
    )
    for comment in rows.order_by("pk").iterator(chunk_size=batch):
        copy = comment_public_copy(comment, (manual or {}).get(str(comment.pk), ()))
        if copy != (comment.public_body, comment.public_display_name, comment.public_region):
            comment.public_body, comment.public_display_name, comment.public_region = copy
            pending.append(comment)
        if len(pending) >= batch:
            comment_model.objects.bulk_update(pending, ["public_body", "public_display_name", "public_region"])
            changed += len(pending)
            pending = []
    if pending:
        comment_model.objects.bulk_update(pending, ["public_body", "public_display_name", "public_region"])
        changed += len(pending)
    return changed


def remask_all():
    """Every public copy of comments and published letters, rewritten now
    (manual masks included). Returns {model label: rows changed}."""
    from django.apps import apps

    counts = {}
    for label, source in SOURCES.items():
        model = apps.get_model(source.model)
        content_type = ContentType.objects.get_for_model(model)
        manual = {}
        for object_id, text in ManualMask.objects.filter(content_type=content_type).values_list("object_id", "text"):
            manual.setdefault(object_id, []).append(text)
        counts[label] = source.call("remask", model, manual)
    return counts
