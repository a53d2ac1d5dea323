"""Admin form for briefing media: choosers and file hints for the extra fields."""

from django import forms
from wagtail.images.widgets import AdminImageChooser
from wagtailmedia.forms import BaseMediaForm


class BriefingMediaForm(BaseMediaForm):
    class Meta(BaseMediaForm.Meta):
        widgets = {
            **BaseMediaForm.Meta.widgets,
            "poster": AdminImageChooser,
            "captions": forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
            "chapters": forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
        }
