"""The one StreamField vocabulary shared by every page type."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading. Headings are numbered on render so that a section
    can be cited ("第三条", "§3") and linked to by its anchor."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection")), ("h4", _("Minor heading"))],
        default="h2",
        label=_("Level"),
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=60,
        label=_("Anchor"),
        help_text=_("Optional stable id for links; generated from the position if empty."),
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        label = pgettext_lazy("content block", "Heading")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    source = blocks.CharBlock(required=False, label=pgettext_lazy("content block", "Source"))

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        label = pgettext_lazy("content block", "Quote")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=pgettext_lazy("content block", "Document"))
    title = blocks.CharBlock(required=False, label=_("Link text"), help_text=_("Defaults to the document title."))

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document_link.html"


class CaptionedEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(label=pgettext_lazy("content block", "URL"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "media"
        template = "cms/blocks/embed.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "ol", "ul", "link", "document-link", "superscript", "subscript"],
        template="cms/blocks/paragraph.html",
    )
    # ImageBlock asks for alt text (or an explicit "decorative") when editing.
    image = ImageBlock(label=pgettext_lazy("content block", "Image"))
    quote = QuoteBlock()
    table = TableBlock(label=_("Table"), template="cms/blocks/table.html")
    embed = CaptionedEmbedBlock(label=pgettext_lazy("content block", "Embed"))
    document = DocumentLinkBlock(label=_("Document link"))

    class Meta:
        block_counts = {}


# Wagtail's ImageBlock labels its chooser from the field name ("Image", in
# English on the Chinese editor). A label set here is no part of the block's
# definition (no migration).
BaseStreamBlock.base_blocks["image"].child_blocks["image"].label = pgettext_lazy("content block", "Image")
