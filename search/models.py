from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Synonym(index.Indexed, models.Model):
    """A group of interchangeable search terms, e.g. 医保, 医疗保险."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_("Words that mean the same, separated by commas, e.g. 医保, 医疗保险, 基本医疗保险."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]
    search_fields = [index.SearchField("terms"), index.AutocompleteField("terms")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def clean(self):
        from django.core.exceptions import ValidationError

        from .synonyms import parse_terms

        if len(parse_terms(self.terms)) < 2:
            raise ValidationError({"terms": _("Enter at least two terms, separated by commas.")})


class QueryLog(models.Model):
    """How often a query was searched on a day, and how often it found nothing."""

    query = models.CharField(_("query"), max_length=200)
    day = models.DateField(pgettext_lazy("date", "day"))
    language = models.CharField(_("language"), max_length=10, default="")
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_result_searches = models.PositiveIntegerField(_("searches without results"), default=0)
    last_result_count = models.PositiveIntegerField(_("results last time"), default=0)

    class Meta:
        verbose_name = _("search query log")
        constraints = [models.UniqueConstraint(fields=["query", "day", "language"], name="unique_query_log_per_day")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.query} ({self.day})"


class IndexBacklog(models.Model):
    """An index operation the search engine refused (down, timeout); replayed
    by search.tasks.catch_up."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=[("index", "index"), ("delete", "delete")])
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index backlog item")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_index_backlog_item")]

    def __str__(self):
        return f"{self.action} {self.content_type_id}:{self.object_id}"
