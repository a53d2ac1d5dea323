"""Collections a site administrator marked public (cms/assets/rules.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class PublicCollection(models.Model):
    """Every document, image and media item in this collection is public
    without a live page using it: site furniture such as logos, or a press
    photo library that was reviewed as a whole. Only the collection itself,
    not its sub-collections: moving a collection under a public one must not
    publish it by accident."""

    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        on_delete=models.CASCADE,
        related_name="public_marking",
    )
    reason = models.CharField(
        _("reason"),
        max_length=300,
        help_text=_("Who reviewed this collection and why everything in it may be public."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked public by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("marked public at"), auto_now_add=True)

    # Nothing to record: the collection is not content that uses anything.
    wagtail_reference_index_ignore = True

    panels = [FieldPanel("collection"), FieldPanel("reason")]

    class Meta:
        app_label = "cms"
        verbose_name = _("public collection")
        verbose_name_plural = _("public collections")
        ordering = ["collection__path"]

    def __str__(self):
        return self.collection.name
