from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .checklist import CHECKLIST


class RequiredCommentForm(forms.Form):
    """Requesting changes always says why; the submitter is e-mailed the comment."""

    comment = forms.CharField(
        label=pgettext_lazy("review", "Comment"), required=True, widget=forms.Textarea({"rows": 3})
    )


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(
        label=pgettext_lazy("review", "Comment"), required=False, widget=forms.Textarea({"rows": 2})
    )


class SignOffForm(forms.Form):
    comment = forms.CharField(
        label=_("Sign-off opinion (签发意见)"),
        required=True,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Recorded with your name against the exact revision you sign off."),
    )


class ConfidentialityChecklistForm(forms.Form):
    """Every item must be ticked: an unticked box is a reason to request changes."""

    comment = forms.CharField(
        label=pgettext_lazy("review", "Comment"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST:
            self.fields[key] = forms.BooleanField(
                label=label,
                required=True,
                error_messages={"required": _("Confirm this item, or request changes instead.")},
            )
        # Checklist first, comment last.
        self.order_fields([key for key, _label in CHECKLIST] + ["comment"])


class FastTrackForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the emergency publication"),
        required=True,
        min_length=10,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("e.g. the incident (重大突发事件) and why normal review cannot wait. Kept in the audit log."),
    )
