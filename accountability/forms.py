"""The public satisfaction survey form, with a honeypot and a time trap."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from cms import antispam

from .models import SCORE_CHOICES, SurveyResponse

TRAP_SALT = "accountability.survey.trap"


def trap_token(now=None):
    return signing.dumps(int(now if now is not None else time.time()), salt=TRAP_SALT)


def min_fill_seconds():
    return getattr(settings, "ACCOUNTABILITY_SURVEY_MIN_SECONDS", 3)


class SurveyForm(forms.ModelForm):
    overall = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you?"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    timeliness = forms.TypedChoiceField(
        label=_("Were you served in good time?"),
        choices=[("", _("No answer"))] + SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    clarity = forms.TypedChoiceField(
        label=_("Was the information clear?"),
        choices=[("", _("No answer"))] + SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else? (do not write personal data)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Left empty by people; bots fill every field. Hidden from view and from screen readers.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = SurveyResponse
        fields = ["overall", "timeliness", "clarity", "comment"]

    def started_at(self):
        try:
            return float(signing.loads(self.data.get("started", ""), salt=TRAP_SALT, max_age=24 * 3600))
        except (signing.BadSignature, TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        if self.started_at() is None:
            # Forged or a day old: say so, with a fresh stamp in the form shown again.
            self.data = self.data.copy()
            self.data["started"] = trap_token()
            self.add_error(None, _("This form has expired. Please check it and send it again."))
        return cleaned

    def suspicion(self):
        """Why this looks automated (cms/antispam.py): "", honeypot or too_fast.
        Never stored, never thanked: the view refuses it with `refuse()`,
        keeping every answer, and the same form sent again later goes through."""
        return antispam.suspicion(self.data, self.started_at(), min_fill_seconds())

    def refuse(self, reason):
        self.data = self.data.copy()
        self.data[antispam.HONEYPOT_FIELD] = ""
        self.add_error(None, antispam.refusal_message(reason))
