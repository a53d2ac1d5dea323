from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.models import BasePage


class ConsultationIndexPage(BasePage):
    subpage_types = ["interactions.ConsultationPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("consultation index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["consultations"] = ConsultationPage.objects.child_of(self).live().public().order_by("-opens_at")
        return context


class ConsultationPage(BasePage):
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("description"))

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["interactions.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("public consultation")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The consultation must close after it opens.")})

    @property
    def status(self):
        now = timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed"
