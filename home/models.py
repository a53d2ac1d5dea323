from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from cms.blocks import BaseStreamBlock
from cms.models import BasePage

from .sections import latest_by_section


class HomePage(BasePage):
    """The portal's front page: the latest items of every section."""

    intro = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("introduction"))
    items_per_section = 5

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = latest_by_section(self, self.items_per_section)
        return context
