from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.models import BasePage, Department


class PolicyIndexPage(BasePage):
    subpage_types = ["policies.PolicyPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("policy index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["policies"] = PolicyPage.objects.child_of(self).live().public().order_by("-first_published_at")
        return context


class PolicyPage(BasePage):
    document_number = models.CharField(_("document number"), max_length=80, blank=True, help_text=_("文号, e.g. 国办发〔2013〕100号"))
    issuers = ParentalManyToManyField(Department, verbose_name=_("issuing authorities"), blank=True, related_name="+")
    written_on = models.DateField(_("date written"), null=True, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        FieldPanel("document_number"),
        FieldPanel("issuers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("written_on"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("document_number"), index.SearchField("body")]
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy document")

    def live_interpretations(self):
        return InterpretationPage.objects.live().public().filter(policy=self).order_by("-first_published_at")


class InterpretationIndexPage(BasePage):
    subpage_types = ["policies.InterpretationPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("interpretation index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["interpretations"] = (
            InterpretationPage.objects.child_of(self).live().public().order_by("-first_published_at")
        )
        return context


class InterpretationPage(BasePage):
    policy = models.ForeignKey(
        PolicyPage, verbose_name=_("policy interpreted"), on_delete=models.PROTECT, related_name="interpretations", null=True
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("policy"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["policies.InterpretationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy interpretation")
