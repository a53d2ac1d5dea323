"""Blocks of a topic page (专题): key figures, charts with their data table,
and audio/video that must carry captions or a transcript."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtailmedia.blocks import AbstractMediaChooserBlock

from cms.blocks import BaseStreamBlock


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=30, help_text=_("e.g. 1,280 or 98.5"))
    unit = blocks.CharBlock(label=_("Unit"), max_length=20, required=False)
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)
    note = blocks.CharBlock(label=_("Source or note"), max_length=200, required=False)

    class Meta:
        icon = "pick"


class ChartRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=40)
    value = blocks.FloatBlock(label=_("Value"))


class ChartBlock(blocks.StructBlock):
    """Drawn on the server as SVG, always next to a table of the same numbers."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    kind = blocks.ChoiceBlock(
        choices=[("bar", _("Bar chart")), ("line", _("Line chart"))], default="bar", label=_("Kind")
    )
    unit = blocks.CharBlock(label=_("Unit"), max_length=30, required=False)
    label_heading = blocks.CharBlock(label=_("Heading of the label column"), max_length=40, default="")
    rows = blocks.ListBlock(ChartRowBlock(), label=_("Data"), min_num=1, max_num=40)
    source = blocks.CharBlock(label=pgettext_lazy("content block", "Source"), max_length=200, required=False)

    class Meta:
        icon = "table"
        template = "home/blocks/chart.html"


class MediaChooserBlock(AbstractMediaChooserBlock):
    pass


class MediaBlock(blocks.StructBlock):
    """Audio or video. A video needs captions (WebVTT on the media item) or a
    full transcript; audio needs a transcript."""

    media = MediaChooserBlock(label=_("Audio or video"))
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    class Meta:
        icon = "media"
        template = "home/blocks/media.html"

    def clean(self, value):
        value = super().clean(value)
        media = value.get("media")
        transcript = (value.get("transcript") or "").strip()
        if media is not None and not transcript:
            has_captions = bool(getattr(media, "captions", None))
            if media.type == "audio" or not has_captions:
                message = (
                    _("Audio needs a transcript.")
                    if media.type == "audio"
                    else _(
                        "This video has no captions file: add a transcript, or upload WebVTT captions to the media item."
                    )
                )
                raise StructBlockValidationError(block_errors={"transcript": ValidationError(message)})
        return value


class TopicStreamBlock(BaseStreamBlock):
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Key figures"), template="home/blocks/figures.html")
    chart = ChartBlock(label=_("Chart"))
    media = MediaBlock(label=_("Audio or video"))
