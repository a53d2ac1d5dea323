from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.models import BasePage


class BriefingIndexPage(BasePage):
    subpage_types = ["briefings.BriefingPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("briefing index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["briefings"] = BriefingPage.objects.child_of(self).live().public().order_by("-starts_at")
        return context


class BriefingPage(BasePage):
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("starts_at"), FieldPanel("venue"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["briefings.BriefingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("press briefing")
